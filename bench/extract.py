"""Speed of liangfa.facts.extract on 违法事实 as an import file carries them.

Not a test. The mix: real sentences (the amounts and violations of the real penalty decisions, and the
sentences of 20–200 characters of the real criminal judgments in ../shared/data, when it is there) and
generated 违法事实 in the forms agencies write (销售/货值/违法所得, 大写 amounts, 卷烟 条, 林地 ㎡,
蓄积, 税款 and ratios, fines), a share of them without any figure, as 双公示 exports mostly are
(“当事人未取得食品经营许可证从事食品经营活动”). It prints µs per row for the whole mix, for the rows
with figures and for those without (the fast path), the share of rows without a digit, and the cost
against the baseline the importer already pays per row: core.amounts.parse_amount on one amount cell.
Goal: ≤ 20 µs per row on average.

It then takes the file bench/import.py imports (its generator: 40 % of the 违法事实 state an amount, every
处罚内容 states the fine) and prints the importer's per-row cost with and without the reading: the row
cleaning alone (RowCleaner, as LIANGFA_IMPORT_EXTRACT=0 runs it), and cleaning plus apply_to_row (the 违法事实
and 处罚内容 read, the stored marker with its sources built and encoded as the JSON column stores it).
The difference is what extraction adds to one imported row; suggest_crimes per case closes the report.

    .venv/bin/python bench/extract.py [--rows 20000] [--seed 7] [--import-rows 5000]
"""

import argparse
import csv
import json
import random
import re
import sys
import time
from pathlib import Path

import machine  # bench/machine.py: this machine's speed today

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from liangfa.core.amounts import parse_amount  # noqa: E402
from liangfa.facts import extract, has_figures  # noqa: E402
from liangfa.facts.extract import only_penalty  # noqa: E402
from liangfa.facts.mentions import find_mentions  # noqa: E402
from liangfa.facts.numbers import to_ascii_digits  # noqa: E402

SHARED = ROOT.parent.parent / "shared" / "data"
PRODUCTS = [("运动鞋", "双"), ("白酒", "瓶"), ("化妆品", "盒"), ("电缆线", "米"), ("食用油", "桶"), ("服装", "件")]
BIG = "零壹贰叁肆伍陆柒捌玖"
NO_FIGURES = [
    "当事人未取得食品经营许可证从事食品经营活动。",
    "当事人未按规定公示年度报告，被列入经营异常名录后仍未改正。",
    "当事人在其经营场所销售的预包装食品标签不符合食品安全国家标准，未标明生产日期和保质期。",
    "当事人未经批准擅自从事出租汽车经营活动，违反了《出租汽车经营服务管理规定》。",
    "当事人建设项目环境影响评价文件未经批准擅自开工建设。",
    "经查，当事人生产销售的产品经抽样检验不合格，当事人未能提供进货查验记录。",
    "当事人无《烟草专卖零售许可证》经营烟草制品零售业务。",
    "当事人擅自改变林地用途修建养殖场，破坏林地植被。",
]


def capital(n: int) -> str:
    """7200 → 柒仟贰佰 (enough for the generator: up to 99,999)."""
    parts, units = [], ["", "拾", "佰", "仟", "万"]
    digits = str(n)
    for i, d in enumerate(digits):
        unit = units[len(digits) - 1 - i]
        if d != "0":
            parts.append(BIG[int(d)] + unit)
        elif parts and not parts[-1].startswith("零"):
            parts.append("零")
    return "".join(parts).rstrip("零") or "零"


def generated(rng: random.Random) -> str:
    text = _generated(rng)
    if rng.random() < 0.5:  # as many decisions open: who, with the credit code, and where
        code = "91410800" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(10))
        text = f"当事人焦作市某某商贸有限公司（统一社会信用代码：{code}）位于焦作市解放区民主路{rng.randint(1, 300)}号。" + text
    return text


def _generated(rng: random.Random) -> str:
    date = f"{rng.randint(2019, 2025)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
    product, unit = rng.choice(PRODUCTS)
    n, price = rng.randint(5, 900), rng.randint(8, 600)
    form = rng.randrange(9)
    if form == 0:
        return (f"经查，当事人自{date}起在其经营场所销售假冒{product}{n}{unit}，每{unit}售价{price}元，"
                f"货值金额人民币{n * price:,}元，违法所得{n * price // 5}元。")
    if form == 1:
        return f"当事人于{date}无《烟草专卖零售许可证》销售卷烟{n}条，销售金额合计{n * price}元，现场查获卷烟{n // 3}条。"
    if form == 2:
        return f"当事人未经批准于{date}擅自改变林地用途修建房屋，占用林地{rng.randint(50, 9000):,}平方米，林地类型为重点商品林。"
    if form == 3:
        return f"当事人{date}未取得林木采伐许可证采伐自有杨树{n}株，立木蓄积{rng.randint(1, 400) / 10}立方米。"
    if form == 4:
        return f"经查，当事人通过虚假申报少缴增值税税款{n * price}元，占应纳税额的{rng.randint(1, 60)}.{rng.randint(0, 9)}%。"
    if form == 5:
        gain = rng.randint(100, 99999)
        return f"当事人销售不合格{product}，违法所得人民币{capital(gain)}元整。依法没收违法所得{gain}元，并处罚款{gain * 2}元。"
    if form == 6:
        return f"当事人于{date}超标排放废水，经监测总铬超标{rng.randint(1, 9)}.{rng.randint(0, 9)}倍，排放废水约{n}吨。"
    if form == 7:
        return (f"当事人销售{product}共计{rng.randint(1, 90)}.{rng.randint(1, 9)}万余元，其中{product}{n}{unit}已售出，"
                f"其余库存货值{n * price}元。")
    return f"{date}，执法人员对当事人经营场所进行检查，现场核查{product}的进货票据和检验报告。"


def real_rows() -> list[str]:
    """Real texts of 违法事实 length: the real penalty decisions' violations and amounts, and the sentences
    (20 to 200 characters) of the real judgments that carry a figure or a role word."""
    rows = []
    penalties = SHARED / "penalty_records" / "real_penalty_records_dev.csv"
    if penalties.exists():
        for record in csv.DictReader(penalties.open(encoding="utf-8")):
            rows += [t for t in (record["violation"], record["amounts"]) if t]
    for name, key in (("criminal_cases/cail2018_cases_dev.jsonl", "fact"),
                      ("criminal_cases/laic2021_crime_amounts_dev.jsonl", "doc")):
        path = SHARED / name
        if path.exists():
            for line in path.open(encoding="utf-8"):
                rows += [s for s in re.split(r"(?<=[。；\n])", json.loads(line)[key]) if 20 <= len(s.strip()) <= 200]
    return rows


def build(n: int, seed: int) -> tuple[list[str], int]:
    rng = random.Random(seed)
    real = real_rows()
    rows = []
    for i in range(n):
        pick = rng.random()
        if real and pick < 0.2:
            rows.append(real[i % len(real)])
        elif pick < 0.55:
            rows.append(rng.choice(NO_FIGURES))
        else:
            rows.append(generated(rng))
    return rows, len(real)


def per_row(fn, rows: list, rounds: int = 3) -> float:
    """CPU time of this process (the machine is shared: waiting for a core is not the code's cost)."""
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for row in rows:
            fn(row)
        best = min(best, time.process_time() - started)
    return best / max(len(rows), 1) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--import-rows", type=int, default=5000, help="0: skip the importer rows")
    args = parser.parse_args()
    print(machine.describe(), flush=True)
    rows, real = build(args.rows, args.seed)
    without = [r for r in rows if not any(ch.isdigit() for ch in r)]
    figured = [r for r in rows if has_figures(r)]
    plain = [r for r in rows if not has_figures(r)]
    length = sum(map(len, rows)) / len(rows)
    print(f"# {len(rows)} rows (20 % drawn from {real} real sentences), mean length {length:.0f} characters; "
          f"{len(without) / len(rows):.1%} without any digit, {len(plain) / len(rows):.1%} skipped by the fast path")
    cells = [f"{random.Random(i).randint(1, 10**6)}.{i % 100:02d}" for i in range(len(rows))]
    baseline = per_row(parse_amount, cells)
    mix = per_row(extract, rows)
    print(f"extract, whole mix      {mix:7.2f} µs/row   ({mix / baseline:.1f}× one parse_amount cell, "
          f"{baseline:.2f} µs)   goal ≤ 20 µs/row")
    print(f"extract, rows w/ figures {per_row(extract, figured):6.2f} µs/row   ({len(figured)} rows)")
    print(f"extract, fast path       {per_row(extract, plain):6.2f} µs/row   ({len(plain)} rows)")
    if args.import_rows:
        importer_rows(args.import_rows, rows)


def importer_rows(n: int, texts: list[str]) -> None:
    import os
    import tempfile
    from datetime import date

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liangfa.settings")
    os.environ.setdefault("SECRET_KEY_FILE", str(ROOT / "var" / "secret_key"))
    import django

    django.setup()
    from django.core.serializers.json import DjangoJSONEncoder

    from liangfa.cases.columns import match_headers
    from liangfa.cases.rows import RowCleaner
    from liangfa.cases.textvalues import apply_to_row
    from liangfa.facts.crimes import suggest_crimes
    from liangfa.screening.rules import RuleBook, default_rules_text

    sys.path.insert(0, str(ROOT / "bench"))
    import importlib

    generate = importlib.import_module("import").generate
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cases.csv"
        generate(path, n)
        with path.open(encoding="utf-8") as fh:
            reader = csv.reader(fh)
            headers = next(reader)
            cells = list(reader)
    mapping = match_headers(headers)[0]
    clean = RowCleaner(mapping, today=date(2026, 12, 31))
    numbered = list(enumerate(cells, start=2))
    encoder = DjangoJSONEncoder(ensure_ascii=False)

    def plain(row):
        return clean(*row)

    def reading(row):
        cleaned = clean(*row)
        apply_to_row(cleaned.values)
        encoder.encode(cleaned.values["text_values"])

    def finding(row):  # the floor: every figure with its unit found in both texts, none of them read
        cleaned = clean(*row)
        penalty = cleaned.values.get("penalty_content") or ""
        for text in (cleaned.values.get("facts"), "" if only_penalty(penalty) else penalty):
            if has_figures(text):
                find_mentions(to_ascii_digits(text))

    without, floor, with_ = per_row(plain, numbered), per_row(finding, numbered), per_row(reading, numbered)
    added, floor_added = with_ - without, floor - without
    print(f"# importer rows (bench/import.py's file, {n} rows)")
    print(f"import row, without extraction {without:7.2f} µs/row   (RowCleaner)")
    print(f"import row, finding figures    {floor:7.2f} µs/row   (the floor: every figure and unit found, none read): "
          f"adds {floor_added:.2f} µs/row")
    print(f"import row, with extraction    {with_:7.2f} µs/row   (+ apply_to_row and the marker's JSON): "
          f"extraction adds {added:.2f} µs/row = {added / max(floor_added, 0.01):.1f}× the floor   goal ≤ 20 µs/row")
    entries = RuleBook(default_rules_text()).entries
    sample = texts[:2000]
    cost = per_row(lambda t: suggest_crimes(t, "", "", entries), sample, rounds=2)
    print(f"suggest_crimes           {cost:7.2f} µs/case  ({len(sample)} 违法事实 of the mix)")


if __name__ == "__main__":
    main()
