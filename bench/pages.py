"""Pages at a province's volume: p50/p99 of each role's pages against a floor page, one run.

Not a test. Loads N synthetic cases into a fresh PostgreSQL database (screen.py's generator: Zipf
parties, so the busiest party holds ~10% of the cases — 5,000 at 50,000 rows), screens them (the
clues, ~14% of the cases), adds one user per role, serves the site with gunicorn (2 workers, threads
as liangfa/gunicorn_conf.py) and keeps C connections busy, logged in as each role in turn, on
待办, the case list with a filter, the clue list, the busiest party's page, 期限看板 and 情况通报 for a
year. The floor is the login page served by the same stack (middleware, session, template, no data):
each page's p50/p99 is printed as a ratio to it. The machine is shared: read ratios, not milliseconds.

    .venv/bin/python bench/pages.py                      # 50,000 cases, 20 s per role (minutes)
    .venv/bin/python bench/pages.py --rows 1000000 --clues 250000 --seconds 60   # the province figure
        (--clues caps the clues written: screening is stopped once that many are stored)
    [--pg postgres://postgres@127.0.0.1:5432] [--db lf_perf_pages] [--connections 8] [--reuse]
"""

import argparse
import http.client
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import machine  # bench/machine.py
import screen  # bench/screen.py: the generator and the loader
import soak  # bench/soak.py: login

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["/login/", "/", "/cases/?status=decided", "/clues/", "/parties/{party}/", "/clock/", "/reports/?period=2025"]
FLOOR = "/login/"
ROLES = {"bench_officer": ["officer"], "bench_head": ["head"], "bench_police": ["police_officer"],
         "bench_prosecutor": ["prosecutor"], "bench_admin": ["admin"]}
PASSWORD = "bench-pass-2026"

SETUP = """
from django.db.models import Count
from liangfa.agencies import services
from liangfa.agencies.models import Agency, User
from liangfa.cases.models import PenaltyCase
from liangfa.screening.models import Clue
from liangfa.screening.services import screen_all
from django.db import connection
with connection.cursor() as c:  # the loader wrote ids itself: move the sequences past them
    for table in ("agencies_agency", "parties_party", "cases_penaltycase", "cases_casekind"):
        c.execute(f"SELECT setval(pg_get_serial_sequence('{{table}}', 'id'), (SELECT max(id) FROM {{table}}))")
limit = {clues}
stored = 0
for _ in screen_all(chunk=500, case_chunk=5000):
    stored += 1
    if limit and stored >= limit:
        break
admin = User.objects.create_superuser("bench_admin", password={password!r}, roles=["admin"], full_name="管理员")
police = services.create_agency(actor=admin, code="b-gaj", name="基准测试公安局", kind="police", level="city",
                                region_code="410800", field="public_security")
procuratorate = services.create_agency(actor=admin, code="b-jcy", name="基准测试人民检察院", kind="procuratorate",
                                       level="city", region_code="410800", field="procuratorial")
busiest = PenaltyCase.objects.values("agency_id").annotate(n=Count("id")).order_by("-n").first()["agency_id"]
home = Agency.objects.get(pk=busiest)
for name, roles, agency in (("bench_officer", ["officer"], home), ("bench_head", ["head"], home),
                            ("bench_police", ["police_officer"], police),
                            ("bench_prosecutor", ["prosecutor"], procuratorate)):
    services.create_user(actor=admin, username=name, password={password!r}, agency=agency, roles=roles, full_name=name)
party = PenaltyCase.objects.filter(agency=home).values("party_id").annotate(n=Count("id")).order_by("-n").first()
print(party["party_id"], party["n"], PenaltyCase.objects.count(), Clue.objects.count())
"""


def hammer(cookie: str, paths: list[str], until: float, index: int, timings, errors) -> None:
    soak.client(cookie, until, index, timings, errors, paths=paths, timeout=120)


def login(user: str) -> str:
    """soak.login, retried: the first requests to fresh workers on a loaded machine can pass its timeout."""
    for attempt in range(3):
        try:
            return soak.login(user, PASSWORD)
        except (TimeoutError, OSError):
            if attempt == 2:
                raise
            time.sleep(5)
    raise AssertionError


def quantile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] * 1000 if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--clues", type=int, default=0, help="stop screening after this many clues (0: all)")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--db", default="lf_perf_pages")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=20, help="per role")
    parser.add_argument("--reuse", action="store_true", help="keep the database loaded by an earlier run")
    args = parser.parse_args()
    url = f"{args.pg}/{args.db}"
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY_FILE": str(ROOT / "var" / "secret_key"),
           "ALLOWED_HOSTS": "127.0.0.1", "LIANGFA_BIND": f"127.0.0.1:{soak.PORT}", "WEB_WORKERS": str(args.workers),
           "DJANGO_SETTINGS_MODULE": "liangfa.settings", "LOGIN_MAX_FAILURES": "100000"}
    print(machine.describe(f"{args.pg}/postgres"), flush=True)
    info = Path(tempfile.gettempdir()) / f"{args.db}.party"
    if not args.reuse:
        subprocess.run(["psql", f"{args.pg}/postgres", "-qc", f"DROP DATABASE IF EXISTS {args.db}"], check=True)
        subprocess.run(["psql", f"{args.pg}/postgres", "-qc", f"CREATE DATABASE {args.db}"], check=True)
        subprocess.run([sys.executable, "-m", "liangfa.cli", "migrate", "-v0"], env=env, check=True, cwd=ROOT)
        folder = Path(tempfile.mkdtemp(prefix="liangfa-pages-"))
        started = time.perf_counter()
        screen.load_pg(url, *screen.generate(folder, args.rows))
        out = screen.django_run(env, SETUP.format(clues=args.clues, password=PASSWORD))
        info.write_text(" ".join(out))
        subprocess.run(["psql", url, "-qc", "VACUUM ANALYZE"], check=True)
        print(f"# loaded and screened in {time.perf_counter() - started:.0f} s", flush=True)
    party, party_cases, cases, clues = info.read_text().split()
    print(f"# {int(cases):,} cases, {int(clues):,} clues; the party page lists {int(party_cases):,} cases; "
          f"{args.connections} connections, {args.workers} workers", flush=True)
    paths = [p.format(party=party) for p in PAGES]
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "liangfa.wsgi:application",
                               "-c", "python:liangfa.gunicorn_conf"], env=env, cwd=ROOT)
    try:
        for _ in range(150):
            try:
                http.client.HTTPConnection("127.0.0.1", soak.PORT, timeout=1).request("GET", "/login/")
                break
            except OSError:
                time.sleep(0.2)
        warm = http.client.HTTPConnection("127.0.0.1", soak.PORT, timeout=300)  # both workers' first request
        for _ in range(4):
            warm.request("GET", FLOOR)
            warm.getresponse().read()
        print(f"{'role':<18} {'page':<26} {'ok':>6} {'err':>4} {'p50 ms':>8} {'p99 ms':>8} {'p50 ×floor':>10} "
              f"{'p99 ×floor':>10}", flush=True)
        for user in ROLES:
            cookie = login(user)
            timings, errors = defaultdict(list), defaultdict(list)
            until = time.monotonic() + args.seconds
            threads = [threading.Thread(target=hammer, args=(cookie, paths, until, i, timings, errors))
                       for i in range(args.connections)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            floor50, floor99 = quantile(timings[FLOOR], 0.5), quantile(timings[FLOOR], 0.99)
            for path in paths:
                p50, p99 = quantile(timings[path], 0.5), quantile(timings[path], 0.99)
                print(f"{user:<18} {path[:26]:<26} {len(timings[path]):>6} {len(errors[path]):>4} {p50:>8.0f} "
                      f"{p99:>8.0f} {p50 / floor50:>10.1f} {p99 / floor99:>10.1f}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
