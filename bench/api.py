"""Case-list API under load: gunicorn with 2 workers, wrk on loopback, a token-authenticated client.

Not a test. Uses an existing database with many cases (bench/screen.py leaves liangfa_screen_N behind on
PostgreSQL). Prints requests/second and latency percentiles for the first page, a deep page (cursor)
and a filtered list, next to a static file served by the same workers (the baseline: what the server
stack itself costs per request). Each endpoint is warmed up for 2 seconds before it is measured.

    .venv/bin/python bench/api.py --db postgres://postgres@127.0.0.1:5432/liangfa_screen_1000000 \
        [--connections 4 8] [--seconds 15]
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import machine  # bench/machine.py: this machine's speed today

ROOT = Path(__file__).resolve().parent.parent
PORT = 8765

TOKEN = """
from liangfa.agencies.models import Agency, User
from liangfa.agencies.services import issue_api_token
admin = User.objects.filter(is_superuser=True).first() or User.objects.create(
    username='bench-admin', roles=['admin'], is_superuser=True)
agency = Agency.objects.order_by('id').first()
print(issue_api_token(agency, actor=admin, name='bench'))
"""


def wrk(url: str, token: str, connections: int, seconds: int) -> tuple[float, str, str]:
    out = subprocess.run(["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency",
                          "-H", f"Authorization: Bearer {token}", url], capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)
    if "Non-2xx" in out:
        raise SystemExit(f"errors from {url}:\n{out}")
    return rps, p50, p99


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--connections", type=int, nargs="+", default=[4, 8])
    parser.add_argument("--seconds", type=int, default=15)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    env = {**os.environ, "DATABASE_URL": args.db, "SECRET_KEY_FILE": str(ROOT / "var" / "secret_key"),
           "ALLOWED_HOSTS": "127.0.0.1", "DJANGO_SETTINGS_MODULE": "liangfa.settings"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True)
    token = subprocess.run([*manage, "shell", "-c", TOKEN], env=env, check=True, capture_output=True,
                           text=True).stdout.strip().splitlines()[-1]
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{PORT}",
                               "liangfa.wsgi"], env=env, cwd=ROOT, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{PORT}"
        for _ in range(50):
            try:
                urllib.request.urlopen(f"{base}/login/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        request = urllib.request.Request(f"{base}/api/cases", headers={"Authorization": f"Bearer {token}"})
        body = urllib.request.urlopen(request).read().decode()
        cursor = re.search(r'"next_cursor": ?"([^"]+)"', body).group(1)
        targets = [("static file (baseline)", f"{base}/static/vendor/htmx.min.js"),
                   ("case list, first page", f"{base}/api/cases"),
                   ("case list, next page", f"{base}/api/cases?cursor={cursor}"),
                   ("case list, filtered", f"{base}/api/cases?status=closed&amount_min=10000")]
        print(machine.describe(args.db), flush=True)
        print(f"{'endpoint':<26} {'conns':>5} {'req/s':>8} {'p50':>9} {'p99':>9}")
        for label, url in targets:
            # not measured: each worker's first requests build the URL map, the API schema and the
            # database connection (one of them showed as a 55 ms p99 on a 10-second run)
            wrk(url, token, max(args.connections), 2)
            for connections in args.connections:
                rps, p50, p99 = wrk(url, token, connections, args.seconds)
                print(f"{label:<26} {connections:>5} {rps:>8.0f} {p50:>9} {p99:>9}", flush=True)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
