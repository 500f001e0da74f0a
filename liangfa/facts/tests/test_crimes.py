"""suggest_crimes(): which crime the facts, 违法行为类型 and 处罚依据 point to, with the words and article."""

import csv
import json
from functools import cache
from pathlib import Path

import pytest
import yaml

from liangfa.facts.crimes import default_keywords, suggest_crimes

DATA = Path(__file__).resolve().parents[2] / "data"


@cache
def entries() -> list[dict]:
    """The crime entries as thresholds.yaml holds them (screening's RuleBook passes its Entry objects)."""
    return yaml.safe_load((DATA / "thresholds.yaml").read_text(encoding="utf-8"))["entries"]


def top(facts="", violation_type="", legal_basis=""):
    return suggest_crimes(facts, violation_type, legal_basis, entries())


@pytest.mark.parametrize(("violation_type", "expected"), [
    ("无证经营成品油", "feifa_jingying_qita"),
    ("未经许可在同一种商品上使用与其注册商标相同的商标", "jiamao_zhuce_shangbiao"),
    ("滥伐林木", "lanfa_linmu"),
    ("盗伐林木", "daofa_linmu"),
    ("非法倾倒危险废物", "wuran_huanjing"),
    ("非法占用耕地建房", "feifa_zhanyong_nongyongdi_gengdi"),
    ("生产销售不符合食品安全标准的食品", "buhege_shipin"),
    ("纳税人进行虚假纳税申报少缴税款", "taoshui"),
    ("为他人虚开增值税专用发票", "xukai_zengzhishui_zhuanyong_fapiao"),
    ("为他人虚开普通发票", "xukai_fapiao"),
])
def test_violation_types_point_to_their_crime(violation_type, expected):  # written for the test
    first = top(violation_type=violation_type)[0]
    assert first.key == expected
    assert first.has_threshold


def test_a_suggestion_shows_the_article_the_words_and_where_they_are():
    facts = "当事人未取得《烟草专卖零售许可证》在其超市销售卷烟，共5条卷烟。"  # after real_penalty_records R15
    first = top(facts=facts, violation_type="无《烟草专卖零售许可证》销售卷烟",
                legal_basis="违反《烟草专卖法》第十六条、《烟草专卖法实施条例》第六条第一款")[0]
    assert first.key == "feifa_jingying_yancao"
    assert first.article == "刑法第225条"
    assert first.crime_name == "非法经营罪（烟草专卖品）"
    assert {"卷烟", "烟草专卖"} <= set(first.words)
    match = next(m for m in first.matches if m.word == "卷烟")
    assert match.field == "violation_type"  # the heaviest field the word was found in
    assert "无《烟草专卖零售许可证》销售卷烟"[match.start:match.end] == "卷烟"


def test_sellers_and_makers_of_fake_marks_are_told_apart():  # written for the test
    seller = top(facts="当事人明知是假冒注册商标的商品仍予以销售，销售金额6万元。")
    maker = top(facts="当事人未经注册商标所有人许可，在其生产的白酒上使用与其注册商标相同的商标。")
    assert seller[0].key == "xiaoshou_jiamao_shangbiao_shangpin"
    assert maker[0].key == "jiamao_zhuce_shangbiao"


def test_negative_words_take_points_away():
    facts = ("被告人徐2某明知庐江县龙桥镇梅林村六联圩徐老组段圩埂的树属他人所有，仍组织工人将该地树木砍伐131棵。"
             "经鉴定，被砍伐的树木不属于国家重点保护植物。")  # after cail2018 #88
    keys = [s.key for s in top(facts=facts)]
    assert keys[0] == "daofa_linmu"
    assert "weihai_zhongdian_baohu_zhiwu" not in keys


def test_crimes_without_a_threshold_entry_are_suggested_and_marked():
    facts = ("被告人杨某明知是长江水域禁渔期、禁渔区内，仍使用禁用的电力设备在宜昌市夷陵区龙潭坪村长江水域实施电力"
             "捕鱼，非法捕获各类长江杂鱼共计1.3公斤，被渔政部门当场查获。")  # cail2018 #131
    first = top(facts=facts)[0]
    assert first.key == "feifa_buolao_shuichan"
    assert not first.has_threshold
    assert first.article == "刑法第340条"


def test_nothing_is_suggested_from_nothing():
    assert top(facts="当事人未按规定公示年度报告。") == []  # written for the test
    assert top() == []


def test_real_penalty_records(shared):
    records = {r["rid"]: r for r in csv.DictReader(
        (shared / "data" / "penalty_records" / "real_penalty_records_dev.csv").open(encoding="utf-8"))}
    r20 = records["R20"]  # 擅自改变林地用途(建养殖房、修路)697㎡
    assert top(violation_type=r20["violation"], legal_basis=r20["legal_basis"])[0].key == (
        "feifa_zhanyong_nongyongdi_lindi")
    r24 = records["R24"]  # 销售劣药天麻胶囊
    assert top(violation_type=r24["violation"], legal_basis=r24["legal_basis"])[0].key == "lieyao"
    r07 = records["R07"]  # 环评未批先建: an administrative wrong with no crime behind it
    assert top(violation_type=r07["violation"], legal_basis=r07["legal_basis"]) == []


def test_real_judgments_of_transferable_crimes(shared):
    rows = [json.loads(line) for line in
            (shared / "data" / "criminal_cases" / "cail2018_cases_dev.jsonl").open(encoding="utf-8")]
    by_charge = {}
    for crime in default_keywords():
        for name in crime.charge_names:
            by_charge.setdefault(name, set()).add(crime.key)
    sample = [r for r in rows if r["admin_enforcement_related"] and r["charges"] in (
        ["滥伐林木"], ["非法行医"], ["污染环境"], ["非法吸收公众存款"])]
    assert len(sample) >= 10
    for row in sample:
        assert top(facts=row["fact"])[0].key in by_charge[row["charges"][0]], row["fact"][:80]


def test_the_keyword_file_follows_the_threshold_data():
    threshold_keys = {e["key"] for e in entries()}
    crimes = default_keywords()
    keys = [c.key for c in crimes]
    assert len(keys) == len(set(keys))
    assert threshold_keys <= set(keys)  # every crime with a threshold can be suggested
    for crime in crimes:
        assert crime.threshold == (crime.key in threshold_keys), crime.key
        assert crime.article.startswith("刑法第"), crime.key
        assert crime.patterns and crime.charge_names, crime.key
