"""schemathesis against the OpenAPI schema, bounded: every operation, as a session and as an agency
token: no server error, no answer outside the schema (status, content type, body)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from liangfa.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
BOUND = settings(max_examples=12, deadline=None, derandomize=True,
                 suppress_health_check=list(HealthCheck))


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Requests go through the real WSGI handler, whose end-of-request hook would close the test's
    database connection (and its transaction) on PostgreSQL; Django's test client unhooks it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def credentials(world):
    from django.conf import settings as django_settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from liangfa.agencies.tokens import issue_api_token
    from liangfa.testing import load, ready_transfer, record

    load(world.market, [record()])
    ready_transfer(world, until="accepted")
    session = SessionStore()
    user = world.prosecutor
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    token = issue_api_token(world.market, actor=world.admin, name="schemathesis", scope="read")
    return {"session": {"Cookie": f"{django_settings.SESSION_COOKIE_NAME}={session.session_key}"},
            "token": {"Authorization": f"Bearer {token}"}}


@schema.parametrize()
@BOUND
@pytest.mark.parametrize("who", ["session", "token"])
def test_api_answers_within_its_schema(case, who, credentials):
    case.call_and_validate(headers=credentials[who], checks=CHECKS)
