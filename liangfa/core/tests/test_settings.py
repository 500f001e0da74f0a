import json
import os
import subprocess
import sys

import pytest
from django.db import connection

SHOW_OPTIONS = ("import json; from liangfa import settings; "
                "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))")


def options_for(url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "x" * 50}
    out = subprocess.run([sys.executable, "-c", SHOW_OPTIONS], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_postgresql_connections_run_without_jit_and_keep_the_options_given():
    assert options_for("postgres://u@db:5432/liangfa")["options"] == "-c jit=off"
    given = options_for("postgres://u@db:5432/liangfa?options=-c%20statement_timeout%3D5000")
    assert given["options"] == "-c statement_timeout=5000 -c jit=off"


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="JIT is PostgreSQL's")
def test_jit_is_off_on_the_live_connection():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
