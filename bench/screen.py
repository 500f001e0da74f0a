"""Screening speed: liangfa's screen_all on SQLite and PostgreSQL next to the same logic in DuckDB.

Not a test. Uses the databases bench/import.py leaves behind (their ~50 violation types are mapped to
crimes here), so run that first. Prints seconds per full screening, the DuckDB baseline measured in
the same run, and incremental screening latency (p50/p99 of single-case screen_cases calls).

    .venv/bin/python bench/screen.py --pg postgres://postgres@127.0.0.1:5432/liangfa_bench_100000 \
        --sqlite /tmp/liangfa-bench-XXXX/bench-100000.sqlite3 [--incremental 1000]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The synthetic types: 00–24 are sales of substandard products (生产、销售伪劣产品罪 on 销售金额).
CATALOGUE = [{"keywords": [f"违法行为类型{i:02d}" for i in range(25)], "crimes": ["weilie_chanpin"]}]

DUCKDB_SQL = """
WITH c AS (SELECT * FROM read_csv_auto('{csv}', header=true)),
pending AS (  -- unhandled acts of the same party and kind are added up
  SELECT party_id, sum(sales_amount) AS pending_sales FROM c
  WHERE status IN ('filed','investigating','notified') AND weilie GROUP BY party_id),
judged AS (
  SELECT c.id, c.sales_amount + coalesce(CASE WHEN c.status NOT IN ('filed','investigating','notified')
         THEN p.pending_sales END, 0) AS value,
         count(*) OVER (PARTITION BY c.party_id ORDER BY c.effective_date
                        RANGE BETWEEN INTERVAL 2 YEAR PRECEDING AND INTERVAL 1 DAY PRECEDING) AS priors
  FROM c LEFT JOIN pending p USING (party_id) WHERE c.weilie)
SELECT count(*) FROM judged WHERE value >= 50000
"""


def run(env: dict, code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(out.stderr[-3000:])
    return out.stdout.strip()


SETUP = """
import os, django, yaml
os.environ['DJANGO_SETTINGS_MODULE'] = 'liangfa.settings'
django.setup()
from django.core.management import call_command
call_command('migrate', verbosity=0)
from liangfa.screening.models import CatalogueEntry, Clue
CatalogueEntry.objects.all().delete()
for line in {catalogue!r}:
    CatalogueEntry.objects.create(keywords='、'.join(line['keywords']), crimes='、'.join(line['crimes']))
Clue.objects.all().delete()
"""

FULL = """
import os, time, django
os.environ['DJANGO_SETTINGS_MODULE'] = 'liangfa.settings'
django.setup()
import resource
from liangfa.screening.services import screen_all
start = time.perf_counter()
n = sum(1 for _ in screen_all())
print(n, time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""

INCREMENTAL = """
import os, random, time, statistics, django
os.environ['DJANGO_SETTINGS_MODULE'] = 'liangfa.settings'
django.setup()
from liangfa.cases.models import PenaltyCase
from liangfa.screening.services import screen_cases
ids = list(PenaltyCase.objects.values_list('id', flat=True)[:200000])
random.seed(7)
sample = random.sample(ids, {count})
times = []
for case_id in sample:
    t = time.perf_counter(); screen_cases([case_id]); times.append((time.perf_counter() - t) * 1000)
times.sort()
print(statistics.median(times), times[int(len(times) * 0.99) - 1])
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg")
    parser.add_argument("--sqlite")
    parser.add_argument("--incremental", type=int, default=1000)
    args = parser.parse_args()
    base = {**os.environ, "SECRET_KEY_FILE": str(ROOT / "var" / "secret_key"), "TASKS_BACKEND":
            "django_tasks.backends.immediate.ImmediateBackend"}
    print(f"{'target':<12} {'cases':>9} {'clues':>7} {'seconds':>8} {'vs DuckDB':>9} {'peak MB':>8} {'p50 ms':>7} {'p99 ms':>7}")
    if args.pg:
        import duckdb

        csv = Path(tempfile.mkdtemp()) / "cases.csv"
        sql = ("\\copy (SELECT id, party_id, status, coalesce(sales_amount,0) AS sales_amount, "
               "coalesce(effective_date, decision_date) AS effective_date, "
               "violation_type ~ '违法行为类型(0[0-9]|1[0-9]|2[0-4])$' AS weilie FROM cases_penaltycase) "
               f"TO '{csv}' WITH (FORMAT csv, HEADER true)")
        subprocess.run(["psql", args.pg, "-qc", sql], check=True)
        start = time.perf_counter()
        hits = duckdb.sql(DUCKDB_SQL.format(csv=csv)).fetchall()[0][0]
        baseline = time.perf_counter() - start
        cases = sum(1 for _ in open(csv)) - 1
        print(f"{'DuckDB':<12} {cases:>9} {hits:>7} {baseline:>8.2f} {1:>9.2f}")
    else:
        baseline = None
    for label, url in (("PostgreSQL", args.pg), ("SQLite", args.sqlite and f"sqlite:///{args.sqlite}")):
        if not url:
            continue
        env = {**base, "DATABASE_URL": url}
        run(env, SETUP.format(catalogue=CATALOGUE))
        clues, seconds, peak = run(env, FULL).split()
        p50, p99 = run(env, INCREMENTAL.format(count=args.incremental)).split()
        ratio = f"{float(seconds) / baseline:>9.1f}" if baseline else f"{'—':>9}"
        print(f"{label:<12} {'':>9} {clues:>7} {float(seconds):>8.2f} {ratio} {peak:>8} {float(p50):>7.1f} {float(p99):>7.1f}",
              flush=True)


if __name__ == "__main__":
    main()
