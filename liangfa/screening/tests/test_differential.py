"""The set-based query (setbased.py, DuckDB) and the Python engine give the same flags: the same
(case, crime, version, metric, value) set on generated party histories covering every clause kind
the query compiles — amounts, 个人/单位, repeats in windows, unhandled acts added up, the 逃税 gate,
IP 合理嫌疑, 土地类别 and the version in force at the act against the newest. No database: both read the
same rows, so a difference is a difference of semantics."""

from datetime import date, timedelta
from decimal import Decimal

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liangfa.screening import setbased
from liangfa.screening.engine import Facts, History, assess
from liangfa.screening.rules import METRIC_FIELDS, RuleBook

TODAY = date(2026, 11, 1)

RULES = """
screening:
  time_effect: {citation: "《时间效力规定》第三条"}
  ip_suspicion: {ratio: 0.5, citation: "《移送规定》第三条第二款"}
sources:
  old: {title: 旧标准, short: 旧标准}
  new: {title: 新标准, short: 新标准}
entries:
  - key: amounts
    crime_name: 销售伪劣产品罪
    criminal_law_article: 刑法第140条
    standard_source: new
    standard_article: 第1条
    in_force: 2022-05-15
    confidence: H
    thresholds:
      - {metric: sales_amount, min: 50000}
      - {metric: goods_value, min: 150000}
    repeat_offence: {prior_admin_penalties_min: 2, window_years: 2, reduced_ratio: 0.8}
    earlier_versions:
      - {standard_source: old, standard_article: 第2条, in_force: 2010-01-01,
         thresholds: [{metric: sales_amount, min: 30000}]}
  - key: who
    crime_name: 非法经营罪
    criminal_law_article: 刑法第225条
    standard_source: new
    standard_article: 第3条
    confidence: H
    thresholds:
      - {metric: illegal_gain, min: 100000, applies_to: 单位}
      - {metric: illegal_gain, min: 30000, applies_to: 个人}
      - {metric: illegal_business_amount, min: 80000, condition: 情节严重}
    repeat_offence:
      prior_admin_penalties_min: 2
      window_years: 3
      reduced_amounts: [{metric: illegal_business_amount, min: 30000}]
  - key: tax
    crime_name: 逃税罪
    criminal_law_article: 刑法第201条
    standard_source: new
    standard_article: 第4条
    in_force: 2022-05-15
    confidence: H
    gate: {requires: tax_notice, citation: 《解释》第三条, check: 须先记录追缴通知, reason: 尚未记录追缴通知, repeat_exempt: true}
    thresholds:
      - {metric: evaded_tax, min: 100000, applies_to: 纳税人}
      - {metric: evaded_tax, min: 100000, applies_to: 扣缴义务人}
    repeat_offence: {prior_admin_penalties_min: 2, window_years: 5, reduced_ratio: 1.0,
                     prior_alternative: 五年内受过刑事处罚}
    earlier_versions:
      - {standard_source: old, standard_article: 第5条, in_force: 2010-05-07,
         thresholds: [{metric: evaded_tax, min: 50000, applies_to: 纳税人}]}
  - key: land
    crime_name: 非法占用农用地罪
    criminal_law_article: 刑法第342条
    standard_source: new
    standard_article: 第7条
    confidence: H
    thresholds:
      - {metric: area_mu, min: 5, land_class: [basic_farmland]}
      - {metric: area_mu, min: 10, land_class: [other_farmland]}
      - {metric: area_mu, min: 20, land_class: [public_forest, other_land]}
    repeat_offence: {prior_admin_penalties_min: 2, window_years: 2, reduced_ratio: 0.5}
  - key: ip
    crime_name: 假冒注册商标罪
    criminal_law_article: 刑法第213条
    standard_source: new
    standard_article: 第6条
    in_force: 2011-01-01
    confidence: M
    ip_reasonable_suspicion_transfer: true
    thresholds:
      - {metric: illegal_business_amount, min: 50000}
      - {metric: illegal_gain, min: 30000}
"""
BOOK = RuleBook(RULES)
FIELDS = ("sales_amount", "goods_value", "illegal_gain", "illegal_business_amount", "tax_evaded", "area_mu")
# amounts at and around every figure above (以上 includes the number), and anything else
NEAR = [Decimal(v) for v in ("2.5", "5", "9.999", "10", "20", "15000", "24000", "25000", "29999.99", "30000", "40000", "50000", "79999", "80000", "100000", "150000")]
amounts = st.one_of(st.none(), st.none(), st.sampled_from(NEAR),
                    st.integers(1, 200000).map(lambda n: Decimal(n) / 4))
# a few dates often (acts on the day of another's decision, windows ending on a day), around the versions'
# dates and 29 February, and any date
POOL = [date(2009, 12, 31), date(2020, 2, 29), date(2021, 3, 1), date(2022, 5, 14), date(2022, 5, 15),
        date(2023, 3, 1), date(2024, 2, 29), date(2025, 3, 1)]
days = st.one_of(st.sampled_from(POOL), st.sampled_from(POOL), st.dates(date(2008, 1, 1), date(2026, 10, 1)))
gaps = st.one_of(st.sampled_from([0, 0, 1, 365, 366, 730]), st.integers(0, 800))


@st.composite
def case(draw, number: int, groups: int):
    act = draw(days)
    decided = act + timedelta(days=draw(gaps))
    effective = draw(st.one_of(st.none(), st.just(decided), st.just(decided + timedelta(days=15)),
                               st.sampled_from([d for d in POOL if d >= decided] or [decided])))
    return Facts(
        id=number, agency_id=1, agency_name="测试局", group=draw(st.integers(1, groups)),
        party_kind=draw(st.sampled_from(["legal_person", "other_organisation", "natural_person",
                                         "individual_business"])),
        decision_no=f"测罚〔{decided.year}〕{number}号", violation_type="", legal_basis="",
        decision_date=decided, conduct_date=draw(st.one_of(st.just(act), st.none())) if act == decided else act,
        effective_date=effective,
        status=draw(st.sampled_from(["filed", "investigating", "notified", "decided", "executing", "closed"])),
        metrics={f: v for f in FIELDS if (v := draw(amounts)) is not None},
        tax_notice=draw(st.sampled_from(["", "", "unpaid", "complied"])),
        land_class=draw(st.sampled_from(["", "", "basic_farmland", "other_farmland", "public_forest", "other_land"])),
        crimes=tuple(draw(st.lists(st.sampled_from(list(BOOK.chains)), min_size=1, max_size=2, unique=True))),
    )


@st.composite
def histories(draw):
    size = draw(st.integers(1, 40))
    groups = draw(st.integers(1, 4))
    return [draw(case(n, groups)) for n in range(1, size + 1)]


def by_engine(cases: list[Facts]) -> set[tuple]:
    versions = {key: {e.standard: i for i, e in enumerate(chain)} for key, chain in BOOK.chains.items()}
    out = set()
    for group in {c.group for c in cases}:
        members = [c for c in cases if c.group == group]
        history = History(members)
        for c in members:
            for f in assess(c, history, BOOK, TODAY, gaps_wanted=False)[0]:
                out.add((c.id, f.rule_key, versions[f.rule_key][f.standard], f.metric, f.value.normalize()))
    return out


@pytest.fixture(scope="module")
def con():
    return _connection()


def _connection():
    con = duckdb.connect()
    setbased.load_lines(con, BOOK)
    con.execute("CREATE TABLE facts (id INT, grp INT, party_kind VARCHAR, status VARCHAR, act DATE, decided DATE, "
                "effective DATE, crime VARCHAR, tax_notice VARCHAR, land_class VARCHAR)")
    con.execute("CREATE TABLE amounts (id INT, field VARCHAR, v DECIMAL(38,6))")
    return con


def by_query(con, cases: list[Facts]) -> set[tuple]:
    con.execute("DELETE FROM facts; DELETE FROM amounts")
    facts = [(c.id, c.group, c.party_kind, c.status, c.act_date, c.decision_date, c.effective_date, k, c.tax_notice,
              c.land_class) for c in cases for k in c.crimes]
    con.execute("INSERT INTO facts VALUES " + ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"] * len(facts)),
                [v for row in facts for v in row])
    amounts = [(c.id, f, v) for c in cases for f, v in c.metrics.items()]
    if amounts:
        con.execute("INSERT INTO amounts VALUES " + ", ".join(["(?, ?, ?)"] * len(amounts)),
                    [v for row in amounts for v in row])
    return setbased.flags(con, TODAY)


def test_every_clause_kind_is_compiled():
    kinds = {(row[0], row[4]) for row in setbased.lines(BOOK)}
    assert {("amounts", "repeat"), ("who", "repeat"), ("tax", "repeat"), ("land", "repeat"), ("ip", "ip")} <= kinds
    assert setbased.unsupported(BOOK) == []
    assert all(METRIC_FIELDS[row[5]] == row[6] for row in setbased.lines(BOOK))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(cases=histories())
def test_query_and_engine_flag_the_same(con, cases):
    engine, query = by_engine(cases), by_query(con, cases)
    assert query == engine, {"engine only": engine - query, "query only": query - engine}


@pytest.mark.parametrize("notice, expected", [("", {"tax"}), ("unpaid", {"tax"}), ("complied", set())])
def test_the_tax_gate_in_both(con, notice, expected):
    """A decided 逃税 case of 12万 after the newest standard: a notice complied with clears it."""
    c = Facts(id=1, agency_id=1, agency_name="", group=1, party_kind="legal_person", decision_no="", violation_type="",
              legal_basis="", decision_date=date(2024, 3, 1), conduct_date=date(2024, 1, 1),
              effective_date=date(2024, 3, 15), status="decided", metrics={"tax_evaded": Decimal(120000)},
              tax_notice=notice, crimes=("tax",))
    assert {k for _, k, *_ in by_engine([c])} == expected == {k for _, k, *_ in by_query(con, [c])}
