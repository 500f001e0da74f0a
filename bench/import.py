"""Import throughput: `liangfa import` into SQLite and PostgreSQL next to raw PostgreSQL COPY.

Not a test. Prints rows/second (with the 违法事实 read for threshold values, and without: LIANGFA_IMPORT_EXTRACT=0) and ratios against COPY measured in the same run, plus peak memory
(max RSS of the import process, by GNU time). On PostgreSQL it also prints the write floor: the rows the import
wrote (parties, cases, timeline), copied inside the server into tables with the same indexes. No
importer, however fast its Python, writes those rows faster than that.

    .venv/bin/python bench/import.py [--rows 100000 1000000] [--pg postgres://postgres@127.0.0.1:5432]
"""

import argparse
import csv
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import machine  # bench/machine.py: this machine's speed today

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LIANGFA = [sys.executable, "-m", "liangfa.cli"]

HEADERS = [
    "行政相对人名称", "行政相对人类别", "行政相对人代码_1（统一社会信用代码）", "证件号码", "法定代表人",
    "行政处罚决定书文号", "违法行为类型", "违法事实", "处罚依据", "处罚类别", "处罚内容", "罚款金额（万元）",
    "没收违法所得、没收非法财物的金额（万元）", "处罚决定日期", "公示截止期", "处罚机关", "数据来源单位",
    "违法行为发生日期", "决定生效日期", "销售金额（元）", "备注",
]


def generate(path: Path, rows: int, seed: int = 7) -> None:
    """Zipf-distributed parties repeating across agencies, valid check characters, Chinese text."""
    from liangfa.demo.idgen import make_resident_id, make_uscc

    rng = random.Random(seed)
    parties = []
    for i in range(max(1000, rows // 5)):
        region = rng.choice(["410802", "410803", "410811", "410821", "410882"])
        if i % 5 == 0:
            parties.append((f"自然人{i}", "自然人", "", make_resident_id(rng, region)))
        else:
            kind = "个体工商户" if i % 3 == 0 else "法人及非法人组织"
            parties.append((f"焦作市测试{i}商贸有限公司", kind, make_uscc(rng, "91", region), ""))
    from liangfa.demo import facts_text

    violations = [(f"违法行为类型{i:02d}", f"《某法》第{i + 10}条") for i in range(50)]
    metrics = ["sales_amount", "illegal_gain", "illegal_business_amount", "tax_evaded"]
    start = date(2021, 1, 1)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADERS)
        for n in range(rows):
            u = rng.random()
            index = min(len(parties) - 1, int((len(parties) ** -0.1 * u + (1 - u)) ** (-1 / 0.1)) - 1)
            name, kind, uscc_code, person_id = parties[index]
            vtype, basis = rng.choice(violations)
            decided = start + timedelta(days=rng.randrange(0, 5 * 365))
            fine = round(math.exp(rng.gauss(9.5, 1.2)), -2)
            if rng.random() < 0.4:  # the amount written in the facts, as real decisions do
                facts, _ = facts_text.money_text(rng, rng.choice(metrics), math.exp(rng.gauss(9, 1.3)), vtype)
            else:
                facts = f"经查，当事人{vtype}，情节一般。"
            writer.writerow([
                name, kind, uscc_code, person_id, "张三" if kind != "自然人" else "",
                f"焦测罚〔{decided.year}〕{n}号", vtype, facts, basis, "罚款",
                f"罚款人民币{int(fine)}元", f"{fine / 10000:.4f}", "", decided.isoformat(),
                (decided + timedelta(days=1095)).isoformat(), "焦作市测试局", "焦作市测试局",
                (decided - timedelta(days=30)).isoformat(), (decided + timedelta(days=15)).isoformat(),
                f"{int(math.exp(rng.gauss(9, 1.3))):,}", "基准测试数据",
            ])


def prepare(env: dict) -> None:
    subprocess.run([*LIANGFA, "migrate", "-v0"], env=env, check=True)
    code = ("from liangfa.agencies.models import Agency; Agency.objects.get_or_create(code='bench', defaults="
            "dict(name='焦作市测试局', kind='administrative', level='city', region_code='410800', field='market'))")
    subprocess.run([*LIANGFA, "shell", "-c", code], env=env, check=True)


def timed_import(path: Path, env: dict) -> tuple[float, float]:
    """Seconds, and the import's own peak memory in MB. Measured by GNU time in a process of its own:
    Linux carries a process's max RSS across fork and exec, so RUSAGE_CHILDREN here would report this
    bench's size whenever it is larger than the import's (0 when `time` is missing: apt-get install time)."""
    timer = ["/usr/bin/time", "-f", "peak-kb %M"] if shutil.which("/usr/bin/time") else []
    started = time.perf_counter()
    proc = subprocess.run([*timer, *LIANGFA, "import", "cases", str(path), "--agency", "bench", "--format", "json"],
                          env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"import failed: {proc.stdout[:500]} {proc.stderr[-2000:]}")
    peak = [line.split()[1] for line in proc.stderr.splitlines() if line.startswith("peak-kb ")]
    return elapsed, int(peak[-1]) / 1024 if peak else 0.0


def pg_admin(pg: str, sql: str) -> None:
    subprocess.run(["psql", f"{pg}/postgres", "-q", "-c", sql], check=True, capture_output=True)


def timed_copy(path: Path, pg: str, db: str) -> float:
    columns = ", ".join(f"c{i} text" for i in range(len(HEADERS)))
    subprocess.run(["psql", f"{pg}/{db}", "-q", "-c", f"DROP TABLE IF EXISTS raw_copy; CREATE UNLOGGED TABLE raw_copy ({columns})"],
                   check=True)
    started = time.perf_counter()
    subprocess.run(["psql", f"{pg}/{db}", "-q", "-c", f"\\copy raw_copy FROM '{path}' WITH (FORMAT csv, HEADER true)"],
                   check=True)
    return time.perf_counter() - started


FLOOR_TABLES = ("parties_party", "cases_penaltycase", "cases_caseevent")


def timed_floor(pg: str, db: str) -> float:
    """The least that writing what the import wrote can cost: the same rows, copied inside the server
    into tables with the same indexes (no parsing, no Python, no foreign-key checks), in one transaction."""
    create = "; ".join(f"CREATE TABLE floor_{t} (LIKE {t} INCLUDING ALL)" for t in FLOOR_TABLES)
    copy = "; ".join(f"INSERT INTO floor_{t} SELECT * FROM {t}" for t in FLOOR_TABLES)
    subprocess.run(["psql", f"{pg}/{db}", "-q", "-c", create], check=True)
    started = time.perf_counter()
    subprocess.run(["psql", f"{pg}/{db}", "-q", "-1", "-c", copy], check=True)
    elapsed = time.perf_counter() - started
    subprocess.run(["psql", f"{pg}/{db}", "-q", "-c", f"DROP TABLE {', '.join(f'floor_{t}' for t in FLOOR_TABLES)}"],
                   check=True)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--skip-extract", action="store_true", help="only the runs without reading the 违法事实")
    parser.add_argument("--db-prefix", default="liangfa_bench", help="PostgreSQL database names (one per engineer)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="liangfa-bench-"))
    base_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "liangfa.settings", "IMPORT_MAX_ROWS": "5000000",
                "IMPORT_MAX_BYTES": str(4 << 30)}
    base_env.setdefault("SECRET_KEY_FILE", str(ROOT / "var" / "secret_key"))
    print(machine.describe(f"{args.pg}/postgres"), flush=True)
    print(f"{'rows':>10} {'target':<12} {'seconds':>9} {'rows/s':>10} {'vs COPY':>8} {'peak MB':>8}")
    for rows in args.rows:
        path = workdir / f"cases-{rows}.csv"
        generate(path, rows)
        db = f"{args.db_prefix}_{rows}"
        for name in (db, f"{db}_plain"):
            pg_admin(args.pg, f"DROP DATABASE IF EXISTS {name}")
            pg_admin(args.pg, f"CREATE DATABASE {name}")
        copy_seconds = timed_copy(path, args.pg, db)
        copy_rate = rows / copy_seconds
        print(f"{rows:>10} {'PG COPY':<12} {copy_seconds:>9.1f} {copy_rate:>10.0f} {1:>8.2f} {'':>8}", flush=True)
        # "-不识别": the same file with the 违法事实 not read (LIANGFA_IMPORT_EXTRACT=0), to see what reading costs
        targets = [("PostgreSQL", {"DATABASE_URL": f"{args.pg}/{db}"}),
                   ("PG-不识别", {"DATABASE_URL": f"{args.pg}/{db}_plain", "LIANGFA_IMPORT_EXTRACT": "0"})]
        if args.skip_extract:
            targets = targets[1:]
        if not args.skip_sqlite:
            targets += [] if args.skip_extract else [("SQLite", {"DATABASE_URL": f"sqlite:///{workdir / f'bench-{rows}.sqlite3'}"})]
            targets += [("SQLite-不识别", {"DATABASE_URL": f"sqlite:///{workdir / f'bench-{rows}-plain.sqlite3'}",
                                          "LIANGFA_IMPORT_EXTRACT": "0"})]
        for label, extra in targets:
            env = {**base_env, **extra}
            prepare(env)
            seconds, peak = timed_import(path, env)
            rate = rows / seconds
            print(f"{rows:>10} {label:<12} {seconds:>9.1f} {rate:>10.0f} {rate / copy_rate:>8.2f} {peak:>8.0f}",
                  flush=True)
            if label == targets[0][0]:  # the floor of what the first PostgreSQL import wrote
                floor = timed_floor(args.pg, extra["DATABASE_URL"].rsplit("/", 1)[1])
                print(f"{rows:>10} {'write floor':<12} {floor:>9.1f} {rows / floor:>10.0f} "
                      f"{rows / floor / copy_rate:>8.2f} {'':>8}", flush=True)
                print(f"{rows:>10} {label} ÷ write floor: {rate / (rows / floor):.2f}", flush=True)
    print(f"files and databases left in {workdir} and {args.db_prefix}_* (drop them when done)")


if __name__ == "__main__":
    main()
