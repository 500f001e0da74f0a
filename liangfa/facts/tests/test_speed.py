"""The shortcuts that make reading cheap give the same answers as reading everything.

处罚内容 that only state the penalty are not read at import (only_penalty); suggest_crimes searches only
the patterns whose leading words are in the text (anchors). Both are checked against the full work on real
sentences from ../shared/data and on the forms agencies write.
"""

import csv
import json
import re
from functools import cache
from pathlib import Path

import pytest

from liangfa.cases.textvalues import read_texts
from liangfa.facts import extract, only_penalty
from liangfa.facts.crimes import FIELD_WEIGHT, MIN_SCORE, anchors, default_keywords, suggest_crimes
from liangfa.facts.tests.test_crimes import entries

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "data"
if not SHARED.exists():
    SHARED = Path("/work/shared/data")


@cache
def real_sentences() -> list[str]:
    rows = []
    penalties = SHARED / "penalty_records" / "real_penalty_records_dev.csv"
    if penalties.exists():
        for record in csv.DictReader(penalties.open(encoding="utf-8")):
            rows += [t for t in (record["violation"], record["amounts"]) if t]
    cases = SHARED / "criminal_cases" / "cail2018_cases_dev.jsonl"
    if cases.exists():
        rows += [json.loads(line)["fact"] for line in cases.open(encoding="utf-8")][:300]
    return rows


@pytest.mark.parametrize("text", [
    "罚款人民币12300元", "罚款人民币伍万元整", "警告，罚款2000元", "罚款人民币1.5万元", "罚款5000元。",
    "处罚款人民币3,000.00元", "给予警告，并处罚款人民币800元的行政处罚", "罚款人民币12,300元；没收违法生产的产品",
])
def test_a_penalty_that_only_states_the_fine_is_not_read_and_extract_agrees(text):
    assert only_penalty(text)
    found = extract(text, "penalty")
    assert found.values == {} and found.ambiguous == []
    assert all(s.role in ("fine", "statute") for s in found.others)


@pytest.mark.parametrize("text", [
    "罚款人民币12,300元，没收违法所得500元",  # 违法所得 is an amount of the conduct
    "没收违法所得20元；没收馒头1罐",
    "没收卷烟四十条",  # a count the thresholds use
    "罚款1,23元",  # digits that may be two cells: extract reports them
    "罚款人民币5000元。当事人销售金额3万元",
    "共5条卷烟，进货价合计589.40元，销售价合计670元",
])
def test_a_penalty_with_anything_else_is_read(text):
    assert not only_penalty(text)


def test_the_fine_skipped_gives_the_same_values_as_reading_it():
    facts = "经查，当事人销售假冒运动鞋300双，每双售价120元，违法所得人民币柒仟贰佰元整。"
    for penalty in ("罚款人民币5000元", "警告，罚款人民币伍万元整", ""):
        skipped = read_texts(facts, penalty)
        full = extract(facts)
        assert {m: v.value for m, v in skipped.values.items()} == {m: v.value for m, v in full.values.items()}
        assert skipped.values["sales_amount"].value == 36000
    assert read_texts("", "罚款人民币5000元，没收违法所得3000元").get("illegal_gain") == 3000


@pytest.mark.parametrize(("pattern", "words"), [
    ("假冒.{0,12}(卷烟|香烟)|假烟", {"假"}),  # re factors the common 假 out: still a word every match starts with
    ("不合格产品|产品质量不合格", {"不合格产品", "产品质量不合格"}),
    ("(未取得|没有|无).{0,4}药品许可证", {"未取得", "没有", "无"}),
    ("(国家)?禁止进口", None),  # may start with 国 or 禁: no word is required
    ("[甲乙]醇", {"甲", "乙"}),
])
def test_anchors_are_the_words_a_match_must_start_with(pattern, words):
    found = anchors(re.compile(pattern))
    assert (set(found) if found is not None else None) == words


def _brute_force(facts: str, violation_type: str, legal_basis: str) -> list[tuple[str, float]]:
    """suggest_crimes as it was: every pattern of every crime searched in every text."""
    texts = {"facts": facts, "violation_type": violation_type, "legal_basis": legal_basis}
    known = {e["key"] for e in entries()}
    scored = []
    for crime in default_keywords():
        score = 0.0
        for pattern in crime.patterns:
            best = None
            for field, text in texts.items():
                if text and all(part.search(text) for part in pattern.parts):
                    best = max(best or 0, FIELD_WEIGHT[field])
            score += pattern.weight * best if best else 0
        if score >= MIN_SCORE:
            scored.append((crime.key, round(score, 2), crime.key in known and crime.threshold))
    scored.sort(key=lambda s: (-s[1], not s[2], s[0]))
    return [(k, s) for k, s, _ in scored[:5]]


def test_suggestions_are_those_of_searching_every_pattern():
    texts = real_sentences() or ["当事人无证经营成品油，销售柴油30吨", "当事人未取得林木采伐许可证采伐杨树"]
    for i, facts in enumerate(texts):
        violation = "无证经营成品油" if i % 3 == 0 else ""
        basis = "《森林法》第七十六条" if i % 4 == 0 else ""
        got = [(s.key, s.score) for s in suggest_crimes(facts, violation, basis, entries())]
        assert got == _brute_force(facts, violation, basis), facts[:80]
