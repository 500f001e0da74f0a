"""Soak test (not a test of the suite): the site under 50 connections on loopback for 10 minutes.

Serves the database given (default: the demo's SQLite database in var/, build it with `liangfa demo`)
with gunicorn's threaded workers (liangfa/gunicorn_conf.py), logs in a demo account, and keeps N
connections busy on the home page and a few lists. Prints requests, errors (goal 0), requests/second and
p50/p99 per page; a static file served by the same workers is the baseline. Bounded in time; stops itself.

    .venv/bin/python bench/soak.py [--db URL] [--connections 50] [--seconds 600] [--user jcy_jcg]
"""

import argparse
import http.client
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import machine  # bench/machine.py: this machine's speed today

ROOT = Path(__file__).resolve().parent.parent
PORT = 8766
PAGES = ["/", "/cases/", "/clues/", "/transfers/", "/clock/", "/static/liangfa/site.css"]


def login(username: str, password: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    conn.request("GET", "/login/")
    response = conn.getresponse()
    page = response.read().decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = f"username={username}&password={password}&csrfmiddlewaretoken={token}"
    conn.request("POST", "/login/", body, {"Content-Type": "application/x-www-form-urlencoded",
                                           "Cookie": f"csrftoken={csrf_cookie}", "Referer": f"http://127.0.0.1:{PORT}/login/"})
    response = conn.getresponse()
    response.read()
    session = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie", "") or "")
    if response.status != 302 or not session:
        raise SystemExit(f"login as {username} failed ({response.status})")
    return f"sessionid={session.group(1)}"


def client(cookie: str, until: float, index: int, timings, errors, paths=None, timeout: int = 60) -> None:
    """One connection requesting `paths` (the soak's pages by default) in turn until `until`; bench/pages.py uses it too."""
    paths = paths or PAGES
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
    n = index
    while time.monotonic() < until:
        path = paths[n % len(paths)]
        n += 1
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Cookie": cookie})
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
        (timings if ok else errors)[path].append(time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=f"sqlite:///{ROOT / 'var' / 'liangfa.sqlite3'}")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--user", default="jcy_jcg")
    parser.add_argument("--password", default="liangfa-demo-2026")
    parser.add_argument("--pages", nargs="+", help="only these paths (default: home, four lists, a static file)")
    args = parser.parse_args()
    if args.pages:
        PAGES[:] = args.pages
    print(machine.describe(args.db if args.db.startswith("postgres") else None))
    env = {**os.environ, "DATABASE_URL": args.db, "ALLOWED_HOSTS": "127.0.0.1", "LIANGFA_BIND": f"127.0.0.1:{PORT}",
           "DJANGO_SETTINGS_MODULE": "liangfa.settings", "LOGIN_MAX_FAILURES": "1000"}
    env.setdefault("SECRET_KEY_FILE", str(ROOT / "var" / "secret_key"))
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "liangfa.wsgi:application",
                               "-c", "python:liangfa.gunicorn_conf"], env=env, cwd=ROOT)
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/login/")
                break
            except OSError:
                time.sleep(0.2)
        cookie = login(args.user, args.password)
        timings, errors = defaultdict(list), defaultdict(list)
        until = time.monotonic() + args.seconds
        threads = [threading.Thread(target=client, args=(cookie, until, i, timings, errors))
                   for i in range(args.connections)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(timings, errors, elapsed, args)


def report(timings, errors, elapsed, args) -> None:
    total = sum(len(v) for v in timings.values())
    failed = sum(len(v) for v in errors.values())
    everything = sorted(t for v in timings.values() for t in v)
    print(f"# soak: {args.connections} connections, {elapsed:.0f} s, gunicorn gthread "
          f"{os.environ.get('WEB_WORKERS', '2')}×{os.environ.get('WEB_THREADS', '8')}")
    print(f"requests {total + failed}, errors {failed}, {total / elapsed:.1f} requests/s, "
          f"p50 {_ms(everything, 0.5)}, p99 {_ms(everything, 0.99)}")
    for path in PAGES:
        values = sorted(timings[path])
        if values:
            print(f"  {path:28} {len(values):7} ok {len(errors[path]):4} errors  p50 {_ms(values, 0.5):>8}  "
                  f"p99 {_ms(values, 0.99):>8}  mean {statistics.fmean(values) * 1000:.0f} ms")


def _ms(values, q) -> str:
    return f"{values[min(len(values) - 1, int(q * len(values)))] * 1000:.0f} ms" if values else "-"


if __name__ == "__main__":
    main()
