"""Screening speed: liangfa's batch and incremental screening next to the same logic in DuckDB.

Not a test. For each N it generates N synthetic penalty cases (Zipf-distributed parties that repeat
across 20 agencies, 50 violation types of which 38 map to crimes through the packaged catalogue,
log-normal amounts, 5 years of dates, 1% still unhandled), loads them straight into fresh SQLite and
PostgreSQL databases, and measures in one run:

- DuckDB: the same rules (amount thresholds per crime, 个人/单位, unhandled acts added up, repeat
  windows with reduced ratios or amounts) as one query over the same rows — the baseline;
- liangfa's full screening (`screen_all`, clues written back) on each database, and a second run over
  unchanged data, with peak memory;
- back-testing (`screen --rules FILE --dry-run`, screening/backtest.py): the snapshot read as the engine
  reads it and the set-based query, against the baseline (goal ≤ 3×), with the hits next to the clues;
- incremental screening through `screen_cases` (p50/p99 of single-case calls against N of history);
- on PostgreSQL, the floor under writing the clues back: the same clue and event rows copied inside
  the server into tables with the same indexes ("write s"), so the share of the batch that no judging
  engine can remove shows; and the floor of the embedded-engine route: copying the cases' columns
  out of the server (a snapshot) + DuckDB's query + sending the same clue and event rows in with COPY
  FROM STDIN (an engine outside the server can send them no cheaper), with everything else (explaining
  each flag, fingerprints, reasons) counted as free.

    .venv/bin/python bench/screen.py [--rows 100000 1000000] [--pg postgres://postgres@127.0.0.1:5432]
        [--no-sqlite] [--incremental 10000] [--no-rerun]
"""

import argparse
import csv
import math
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import machine  # bench/machine.py: this machine's speed today

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# violation type -> (crime key in thresholds.yaml, case field, log-normal median, sigma); None: no crime.
KINDS = (
    [(f"销售伪劣产品（{i:02d}类）", "weilie_chanpin", "sales_amount", 5000, 1.3) for i in range(20)]
    + [(f"少缴应纳税款（{i:02d}类）", "taoshui", "tax_evaded", 8000, 1.4) for i in range(5)]
    + [(f"无证经营烟草制品（{i:02d}类）", "feifa_jingying_yancao", "illegal_business_amount", 4000, 1.3) for i in range(5)]
    + [(f"改变林地用途（{i:02d}类）", "feifa_zhanyong_nongyongdi_lindi", "area_mu", 0.4, 1.2) for i in range(3)]
    + [(f"滥伐林木（{i:02d}类）", "lanfa_linmu", "volume_m3", 1.5, 1.2) for i in range(3)]
    + [(f"虚假宣传（{i:02d}类）", "xujia_guanggao", "illegal_gain", 3000, 1.4) for i in range(2)]
    + [(f"未按规定公示年度报告（{i:02d}类）", None, None, 0, 0) for i in range(12)]
)
NULL = "\\N"  # COPY's null marker; an empty field is an empty string
UNHANDLED = ("filed", "investigating", "notified")
CASE_COLUMNS = ["id", "agency_id", "decision_no", "decision_no_key", "party_id", "party_name", "party_category",
                "party_code", "legal_rep", "violation_type", "facts", "legal_basis", "penalty_category",
                "penalty_content", "fine_amount", "license_action", "decision_date", "authority_name",
                "authority_code", "source_unit", "source_unit_code", "remarks", "conduct_date", "effective_date",
                "sales_amount", "goods_value", "illegal_gain", "illegal_business_amount", "tax_evaded", "area_mu",
                "volume_m3", "amount_source", "status", "created_at", "updated_at", "kind_id", "land_class",
                "legal_reviewer", "legal_review_opinion", "content_digest"]
PARTY_COLUMNS = ["id", "kind", "name", "name_norm", "id_kind", "id_raw", "id_status", "id_key", "id_error",
                 "warnings", "region_code", "legal_rep", "created_at", "address", "address_key", "phone", "rep_id_no"]
AGENCIES = 20


def generate(folder: Path, rows: int, seed: int = 7) -> tuple[Path, Path]:
    rng = random.Random(seed)
    n_parties = max(1000, rows // 5)
    stamp = "2026-01-01 00:00:00+00:00"
    parties_csv, cases_csv = folder / "parties.csv", folder / "cases.csv"
    kinds = []
    with open(parties_csv, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        for i in range(1, n_parties + 1):
            person = i % 5 == 0
            kind = "natural_person" if person else ("individual_business" if i % 3 == 0 else "legal_person")
            name = f"自然人{i}" if person else f"焦作市测试{i}商贸有限公司"
            code = f"{410802000000000000 + i}" if person else f"914108{i:012d}"
            out.writerow([i, kind, name, name, "resident_id" if person else "uscc", code, "valid", code, "", "[]",
                          "410802", "" if person else "张三", stamp, "", "", "", ""])
            kinds.append(("自然人" if person else "法人及非法人组织", name, code))
    start = date(2021, 1, 1)
    with open(cases_csv, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        for n in range(1, rows + 1):
            u = rng.random()
            party = min(n_parties, int((n_parties ** -0.1 * u + (1 - u)) ** (-1 / 0.1)))
            category, name, code = kinds[party - 1]
            kind = rng.randrange(len(KINDS))
            violation, crime, column, median, sigma = KINDS[kind]
            decided = start + timedelta(days=rng.randrange(5 * 365))
            amounts = dict.fromkeys(["sales_amount", "goods_value", "illegal_gain", "illegal_business_amount",
                                     "tax_evaded", "area_mu", "volume_m3"], NULL)
            if column:
                value = median * math.exp(rng.gauss(0, sigma))
                amounts[column] = f"{value:.3f}" if column in ("area_mu", "volume_m3") else f"{value:.2f}"
            status = rng.choice(UNHANDLED) if rng.random() < 0.01 else rng.choice(("decided", "executing", "closed"))
            agency = 1 + (party + rng.randrange(3)) % AGENCIES  # a party meets a few agencies
            out.writerow([
                n, agency, f"焦测罚〔{decided.year}〕{n}号", f"焦测罚{decided.year}{n}", party, name, category, code,
                "", violation, f"经查，当事人{violation}。", BASIS, "罚款", "罚款人民币一万元",
                f"{round(math.exp(rng.gauss(9.5, 1.2)), -2):.2f}", "", decided.isoformat(), "焦作市测试局", "", "",
                "", "", (decided - timedelta(days=30)).isoformat(), (decided + timedelta(days=15)).isoformat(),
                *amounts.values(), "", status, stamp, stamp, kind + 1, "", "", "", "",
            ])
    return parties_csv, cases_csv


BASIS = "《某法》第十条"  # every synthetic case's 处罚依据


def kind_rows() -> list[tuple]:
    """cases_casekind rows for the synthetic violation types (ids 1..50, as the case rows use them)."""
    from liangfa.core.text import kind_digest

    return [(n, v, BASIS, kind_digest(v, BASIS)) for n, (v, *_) in enumerate(KINDS, start=1)]


AGENCY_SQL = ("INSERT INTO agencies_agency (id, code, name, kind, level, region_code, field, uscc, is_active) "
              "VALUES ({i}, 'b{i}', '基准测试局{i}', 'administrative', 'city', '410800', 'market', '', true)")


def load_pg(url: str, parties: Path, cases: Path) -> None:
    for i in range(1, AGENCIES + 1):
        subprocess.run(["psql", url, "-qc", AGENCY_SQL.format(i=i)], check=True)
    kinds = ", ".join(f"({n}, '{v}', '{b}', '{d}')" for n, v, b, d in kind_rows())
    subprocess.run(["psql", url, "-qc", f"INSERT INTO cases_casekind (id, violation_type, legal_basis, digest) "
                    f"VALUES {kinds}; SELECT setval('cases_casekind_id_seq', {len(KINDS)})"], check=True,
                   stdout=subprocess.DEVNULL)
    for table, path, columns in (("parties_party", parties, PARTY_COLUMNS), ("cases_penaltycase", cases, CASE_COLUMNS)):
        copy = (f"\\copy {table} ({', '.join(columns)}) FROM '{path}' WITH (FORMAT csv, NULL '{NULL}')")
        subprocess.run(["psql", url, "-qc", copy], check=True)
    # as `liangfa import` leaves a big load (cases/services.py): statistics, and pages marked all-visible
    # (this server runs without autovacuum, so nothing else would)
    subprocess.run(["psql", url, "-qc", "VACUUM ANALYZE"], check=True)


def load_sqlite(url: str, parties: Path, cases: Path) -> None:
    db = sqlite3.connect(url.removeprefix("sqlite:///"))
    with db:
        for i in range(1, AGENCIES + 1):
            db.execute(AGENCY_SQL.format(i=i).replace("true", "1"))
        db.executemany("INSERT INTO cases_casekind (id, violation_type, legal_basis, digest) VALUES (?, ?, ?, ?)",
                       kind_rows())
        for table, source, columns in (("parties_party", parties, PARTY_COLUMNS),
                                       ("cases_penaltycase", cases, CASE_COLUMNS)):
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            with open(source, encoding="utf-8", newline="") as fh:
                db.executemany(sql, ([None if v == NULL else v for v in row] for row in csv.reader(fh)))
    db.execute("ANALYZE")
    db.close()


def duckdb_baseline(parties: Path, cases: Path) -> tuple[set, float]:
    """The packaged rules compiled to one set-based query (liangfa/screening/setbased.py, the semantics the
    differential test proves equal to the engine's) over the generated CSV files: (flags, seconds), a
    flag being (case, crime). Reading the CSV files is timed with the query."""
    import duckdb

    from liangfa.screening import setbased
    from liangfa.screening.rules import RuleBook, default_rules_text

    book = RuleBook(default_rules_text())
    crimes = {k[1] for k in KINDS if k[1]}
    skipped = sorted({what for crime, what in setbased.unsupported(book) if crime in crimes})
    print(f"# set-based query leaves out: {'、'.join(skipped) or 'nothing'} (weighted sums the generated rows, "
          "with one amount each, cannot meet; the agreement line below checks it)", file=sys.stderr)
    columns = ["sales_amount", "goods_value", "illegal_gain", "illegal_business_amount", "tax_evaded", "area_mu",
               "volume_m3"]
    con = duckdb.connect()
    started = time.perf_counter()
    setbased.load_lines(con, book, crimes)
    con.execute("CREATE TABLE kinds (violation_type VARCHAR, crime VARCHAR)")
    con.executemany("INSERT INTO kinds VALUES (?, ?)", [(v, c) for v, c, *_ in KINDS if c])
    read = ", ".join(["id", "party_id", "status", "conduct_date", "decision_date", "effective_date", "violation_type",
                      *columns])
    every = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in CASE_COLUMNS) + "}"
    con.execute(f"""CREATE TABLE raw AS SELECT {read} FROM read_csv('{cases}', header=false, columns={every},
                    auto_detect=false, nullstr='{NULL}', quote='"', escape='"', delim=',')""")
    # a party's group is the party itself here: every generated party has its own valid code
    con.execute(f"""CREATE TABLE facts AS
        SELECT CAST(r.id AS INT) id, CAST(r.party_id AS INT) grp, p.kind party_kind, r.status,
               CAST(coalesce(r.conduct_date, r.decision_date) AS DATE) act, CAST(r.decision_date AS DATE) decided,
               CAST(r.effective_date AS DATE) effective, k.crime, '' tax_notice, '' land_class
        FROM raw r JOIN kinds k USING (violation_type)
        JOIN read_csv('{parties}', header=false, names={PARTY_COLUMNS!r}, all_varchar=true) p
          ON CAST(p.id AS INT) = CAST(r.party_id AS INT)""")
    con.execute("CREATE TABLE amounts AS " + " UNION ALL ".join(
        f"SELECT CAST(id AS INT) id, '{c}' field, CAST({c} AS DECIMAL(38,6)) v FROM raw WHERE {c} IS NOT NULL"
        for c in columns))
    flags = {(i, c) for i, c, *_ in setbased.flags(con, date.today())}
    return flags, time.perf_counter() - started


def django_run(env: dict, code: str) -> list[str]:
    prelude = (f"import os, sys, time, resource, django\nsys.path.insert(0, {str(ROOT)!r})\n"
               "os.environ['DJANGO_SETTINGS_MODULE'] = 'liangfa.settings'\ndjango.setup()\n")
    out = subprocess.run([sys.executable, "-c", prelude + code], env=env, capture_output=True, text=True, cwd=ROOT)
    if out.returncode:
        raise SystemExit(out.stderr[-3000:])
    return out.stdout.split()


FULL = """
from django.db import connection, transaction
from liangfa.cases.models import PenaltyCase
from liangfa.screening.services import screen_all
# the case's own columns among those the engine reads (names joined from agency and party left out)
FACT_FIELDS = ["id", "agency_id", "party_id", "decision_no", "violation_type", "legal_basis", "decision_date",
               "conduct_date", "effective_date", "status", "kind_id", "sales_amount", "goods_value", "illegal_gain",
               "illegal_business_amount", "tax_evaded", "area_mu", "volume_m3"]
start = time.perf_counter()
found = [(case.id, finding.rule_key) for case, finding in screen_all()]
first = time.perf_counter() - start
n = len(set(found))
with open({flags_path!r}, "w") as out:  # for the agreement with the set-based query
    out.writelines(f"{{i}} {{k}}\\n" for i, k in found)
start = time.perf_counter()
if {rerun}:
    sum(1 for _ in screen_all())
rerun = time.perf_counter() - start
# VmHWM, not ru_maxrss: Linux carries ru_maxrss across fork and exec, so a child of this bench (which
# holds DuckDB's data) reported the bench's own size — 3,461 MB at 10,000,000 for a run that peaked lower.
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmHWM:"))
floor = snapshot = copy_in = -1.0
if connection.vendor == "postgresql":
    # The least that writing these clues back can cost: the same rows, copied inside the server into
    # tables with the same indexes (no Python, no judging, no foreign-key checks).
    with connection.cursor() as c:
        c.execute("CREATE TABLE floor_clue (LIKE screening_clue INCLUDING ALL); "
                  "CREATE TABLE floor_event (LIKE screening_clueevent INCLUDING ALL)")
        start = time.perf_counter()
        with transaction.atomic():
            c.execute("INSERT INTO floor_clue SELECT * FROM screening_clue; "
                      "INSERT INTO floor_event SELECT * FROM screening_clueevent")
        floor = time.perf_counter() - start
        # An engine outside the server sends those rows in: COPY FROM STDIN of the same rows (dumped first).
        import tempfile
        dumps = []
        for table in ("screening_clue", "screening_clueevent"):
            dump = tempfile.TemporaryFile()
            with c.cursor.copy(f"COPY {{table}} TO STDOUT") as out:
                for block in out:
                    dump.write(block)
            dump.seek(0)
            dumps.append(dump)
        c.execute("TRUNCATE floor_clue, floor_event")
        start = time.perf_counter()
        with transaction.atomic():
            for table, dump in zip(("floor_clue", "floor_event"), dumps):
                with c.cursor.copy(f"COPY {{table}} FROM STDIN") as into:
                    while block := dump.read(1 << 20):
                        into.write(block)
        copy_in = time.perf_counter() - start
        c.execute("DROP TABLE floor_clue, floor_event")
        # The least that handing the cases to an embedded engine can cost: the columns the rules read,
        # copied out of the server once (a snapshot), bytes discarded.
        columns = ", ".join(PenaltyCase._meta.get_field(f).column for f in FACT_FIELDS)
        start = time.perf_counter()
        with c.cursor.copy(f"COPY (SELECT {{columns}} FROM cases_penaltycase) TO STDOUT") as out:
            for _ in out:
                pass
        snapshot = time.perf_counter() - start
print(n, first, rerun, peak, floor, snapshot, copy_in)
"""

BACKTEST = """
from liangfa.screening.backtest import backtest
from liangfa.screening.rules import RuleBook, default_rules_text
start = time.perf_counter()
result = backtest(RuleBook(default_rules_text()))
seconds = time.perf_counter() - start
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmHWM:"))
print(sum(result.candidate.values()), sum(result.current.values()), seconds, peak)
"""

INCREMENTAL = """
import random, statistics
from liangfa.cases.models import PenaltyCase
from liangfa.screening.services import screen_cases
random.seed(7)
top = PenaltyCase.objects.order_by('-id').values_list('id', flat=True).first()
sample = [random.randint(1, top) for _ in range({count})]
screen_cases([sample[0]])  # warm: catalogue, rules
times = []
for case_id in sample:
    t = time.perf_counter(); screen_cases([case_id]); times.append((time.perf_counter() - t) * 1000)
times.sort()
print(statistics.median(times), times[int(len(times) * 0.99) - 1])
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--db-prefix", default="liangfa_screen", help="name of the scratch databases (shared servers)")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--incremental", type=int, default=10000, help="single-case screenings to time")
    parser.add_argument("--no-rerun", action="store_true", help="skip the second run over unchanged data")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="liangfa-screen-"))
    # The database task backend, as in production: an incremental screening queues the re-judging of
    # the party's other cases for the worker (not timed here).
    base = {**os.environ, "SECRET_KEY_FILE": str(ROOT / "var" / "secret_key"),
            "TASKS_BACKEND": "liangfa.core.tasks_backend.DatabaseBackend"}
    print(machine.describe(None if args.no_pg else f"{args.pg}/postgres"), flush=True)
    print(f"{'N':>10} {'target':<11} {'flags':>7} {'seconds':>8} {'× DuckDB':>8} {'rerun s':>8} {'peak MB':>8} "
          f"{'p50 ms':>7} {'p99 ms':>7} {'write s':>8} {'×DuckDB':>7}", flush=True)
    for rows in args.rows:
        folder = work / str(rows)
        folder.mkdir()
        started = time.perf_counter()
        files = generate(folder, rows)
        print(f"# {rows:,} rows generated in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        flagged, baseline = duckdb_baseline(*files)
        print(f"{rows:>10} {'DuckDB':<11} {len(flagged):>7} {baseline:>8.2f} {1:>8.1f}", flush=True)
        targets = []
        if not args.no_pg:
            name = f"{args.db_prefix}_{rows}"
            subprocess.run(["psql", f"{args.pg}/postgres", "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
            subprocess.run(["psql", f"{args.pg}/postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
            targets.append(("PostgreSQL", f"{args.pg}/{name}", load_pg))
        if not args.no_sqlite:
            path = folder / "bench.sqlite3"
            targets.append(("SQLite", f"sqlite:///{path}", load_sqlite))
        for label, url, loader in targets:
            env = {**base, "DATABASE_URL": url}
            subprocess.run([sys.executable, "-m", "liangfa.cli", "migrate", "-v0"], env=env, check=True, cwd=ROOT)
            started = time.perf_counter()
            loader(url, *files)
            print(f"# loaded into {label} in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
            flags_path = folder / "flags.txt"
            n, first, rerun, peak, write, snapshot, copy_in = django_run(
                env, FULL.format(rerun=not args.no_rerun, flags_path=str(flags_path)))
            hits, kept, backtested, bt_peak = django_run(env, BACKTEST)
            p50, p99 = django_run(env, INCREMENTAL.format(count=args.incremental))
            write, snapshot, copy_in = float(write), float(snapshot), float(copy_in)
            floor = f"{write:>8.2f} {write / baseline:>7.1f}" if write >= 0 else f"{'':>16}"
            print(f"{rows:>10} {label:<11} {n:>7} {float(first):>8.2f} {float(first) / baseline:>8.1f} "
                  f"{float(rerun):>8.2f} {peak:>8} {float(p50):>7.2f} {float(p99):>7.2f} {floor}", flush=True)
            with open(flags_path) as fh:
                engine = {(int(i), k) for i, k in (line.split() for line in fh)}
            print(f"{rows:>10} {'agreement':<11} {len(engine & flagged):>7} flags in both; {len(engine - flagged)} "
                  f"only liangfa, {len(flagged - engine)} only DuckDB", flush=True)
            # `screen --rules FILE --dry-run`: the packaged rules as the candidate, against the clues just written
            print(f"{rows:>10} {'back-test':<11} {hits:>7} {float(backtested):>8.2f} {float(backtested) / baseline:>8.1f}"
                  f"   snapshot + set-based query; {kept} clues kept by the engine; peak {bt_peak} MB", flush=True)
            if write >= 0:
                # what an engine that ran DuckDB's query over a snapshot and wrote the clues back could not
                # go under, with zero cost for everything else (explanations, fingerprints, Python)
                least = snapshot + baseline + copy_in
                print(f"{rows:>10} {'floor':<11} {'':>7} {least:>8.2f} {least / baseline:>8.1f}   = snapshot out "
                      f"{snapshot:.2f} + DuckDB {baseline:.2f} + clues in (COPY) {copy_in:.2f}", flush=True)
        for path in folder.iterdir():
            path.unlink()
    print(f"# {datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} cores", flush=True)


if __name__ == "__main__":
    main()
