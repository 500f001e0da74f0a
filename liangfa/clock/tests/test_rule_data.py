"""The rule data: periods in words for documents, citations read against the texts, configurable local practice."""

import io
import json
import re
from datetime import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from liangfa.clock.counting import due_for
from liangfa.clock.rules import TZ, all_rules, get_rule, period_words
from liangfa.clock.services import start_deadline

R310 = "laws/行政执法机关移送涉嫌犯罪案件的规定(2020-08-07).md"
PERIOD_TEXT = {
    "AGY_APPROVE": "三日", "AGY_DELIVER": "二十四小时", "POL_FORWARD_JURISDICTION": "二十四小时", "POL_SIGN_RECEIPT": "二十四小时",
    "POL_MATERIALS_NOTICE": "二十四小时", "AGY_MATERIALS_CURE": "三日", "POL_DECIDE": "三日",
    "AGY_RECONSIDER_REQUEST": "三日", "POL_RECONSIDER_DECIDE": "三日", "AGY_SUPERVISION_REQUEST": "三日",
    "AGY_HANDOVER": "三日", "AGY_REVERSE_REPLY": "二个月", "POL_EXPLAIN_NONFILING": "七日",
    "PRO_NOTIFY_AGENCY": "十日", "POL_FILE_ON_NOTICE": "十五日", "POL_SUPERVISED_CONCLUDE": "三个月",
    "POL_DELAY_REASONS": "七日", "AGY_OPINION_REPLY": "一个月", "AGY_RECOMMENDATION_REPLY": "两个月",
    "COOP_CONSULT_REPLY": "三个工作日", "AGY_CLUE_CHECK": "三十日",
    "REV_DECIDE": "九十日", "POL_ADMIN_CONCLUDE": "三十日", "REV_STATEMENT": "五个工作日", "REV_HEARING_REQUEST": "五日",
    "POL_HEARING_REQUEST": "三日", "REV_LEGAL_REVIEW": "五个工作日", "REV_SUPPLEMENT": "十日", "REV_SERVE": "七日",
    "POL_SERVE_PUBLIC_ORDER": "二日", "EVAL_OBJECTION": "五个工作日", "EVAL_OBJECTION_ANSWER": "十个工作日",
    "EVAL_CORRECT": "三十日",
    "MTG_ACTION_ITEM": "三十日",
    "DEC_LEGALITY_REVIEW": "七个工作日",
    # 执法公开与群众服务 (portal)
    "PUB_DECISION": "七个工作日", "PUB_DECISION_SAMR": "二十个工作日", "PUB_WITHDRAW": "三个工作日",
    "HEARING_NOTICE": "七个工作日", "GOV_INFO_REPLY": "二十个工作日", "PUB_INFO_QUERY_REPLY": "二十个工作日",
    "RECONSIDERATION_FORWARD": "五个工作日", "PORTAL_CONSULT_REPLY": "五个工作日",
    "PORTAL_SUGGESTION_REPLY": "十五个工作日", "PORTAL_REPORT_REPLY": "十五个工作日",
    "DOS_SUPPLY": "十个工作日",  # 调阅案卷 (dossiers)
    # 立案后移送、并案（第一百八十四条）；不属于公安机关职责范围（第一百八十条第三款）
    "POL_NOTIFY_MOVED": "三日", "POL_OUT_OF_DUTY_NOTICE": "三日",
    "POL_NOTIFY_WITHDRAWN": "三日",  # 撤销案件后告知移送机关（第一百八十九条第一款）
    # 行政处罚决定书告知当事人的期限（review/documents.py）
    "PARTY_PAY_FINE": "十五日", "PARTY_APPLY_RECONSIDERATION": "六十日", "PARTY_FILE_SUIT": "六个月",
    "PARTY_APPEAL_JUDGMENT": "十日",  # 刑事诉讼法第二百三十条 (the 生效 date of a first-instance judgment)
}


@pytest.fixture
def fresh_rules():
    all_rules.cache_clear()
    yield
    all_rules.cache_clear()


def test_every_rule_says_its_period_in_words():
    """Documents write the period as the law does (《公安机关办理刑事案件程序规定》第一百八十二条 “七日以内”,
    “十五日以内”; 《人民检察院检察建议工作规定》第十九条 “两个月以内”): rule.period_text, not “七日内” by hand."""
    assert {r.id: r.period_text for r in all_rules().values()} == PERIOD_TEXT
    for rule in all_rules().values():  # the words the law uses for the period appear in the article's words
        if rule.id in ("POL_MATERIALS_NOTICE", "POL_EXPLAIN_NONFILING", "POL_FILE_ON_NOTICE", "PRO_NOTIFY_AGENCY",
                       "AGY_RECOMMENDATION_REPLY", "POL_NOTIFY_MOVED", "POL_NOTIFY_WITHDRAWN", "PARTY_PAY_FINE",
                       "PARTY_APPLY_RECONSIDERATION", "PARTY_FILE_SUIT", "PARTY_APPEAL_JUDGMENT"):
            assert rule.period_text in rule.words, rule.id
    assert [period_words(n, "calendar_days") for n in (1, 10, 11, 20, 24, 30, 99)] == [
        "一日", "十日", "十一日", "二十日", "二十四日", "三十日", "九十九日"]
    assert get_rule("POL_DECIDE").period_text_for(30) == "三十日"


def test_approval_and_delivery_cite_article_5_paragraph_2_as_the_text_has_it(shared):
    """《行政执法机关移送涉嫌犯罪案件的规定》第五条第二款 holds the 3日 approval and the 24小时 delivery (第一款 forms
    the 专案组). Read from the text itself."""
    text = (shared / "data" / R310).read_text(encoding="utf-8")
    article5 = text[text.index("第五条"):text.index("第六条")].strip().split("\n\n")
    assert "专案组" in article5[0] and "３日内" not in article5[0]
    assert get_rule("AGY_APPROVE").words in article5[1] and get_rule("AGY_DELIVER").words in article5[1]
    for rule_id in ("AGY_APPROVE", "AGY_DELIVER"):
        assert get_rule(rule_id).citation == "《行政执法机关移送涉嫌犯罪案件的规定》第五条第二款"
    for rule in all_rules().values():  # every R310 rule's words are in its text, and articles are written out
        assert not re.search(r"第\d+条", rule.article), rule.id
        if rule.law == "行政执法机关移送涉嫌犯罪案件的规定":
            for clause in rule.words.split("……"):
                assert clause.split("（")[0] in text, rule.id


@pytest.mark.django_db
def test_reply_periods_without_a_statutory_period_are_local_practice_and_configurable(fresh_rules, monkeypatch):
    """The law says “及时” (刑事诉讼法第一百七十七条第三款; 《行政执法机关移送涉嫌犯罪案件的规定》第十三条) or
    nothing (《人民检察院办理行政执法机关移送涉嫌犯罪案件的规定》十二): the 2个月 and 1个月 defaults are local
    practice, marked so, and set per rule by CLOCK_PERIOD_<RULE>; a statutory period cannot be changed that way."""
    reverse, opinion = get_rule("AGY_REVERSE_REPLY"), get_rule("AGY_OPINION_REPLY")
    assert reverse.confidence == opinion.confidence == "L" and reverse.configurable and opinion.configurable
    assert "及时" in reverse.law_says and "未规定回复期限" in opinion.law_says
    assert reverse.config_variable == "CLOCK_PERIOD_AGY_REVERSE_REPLY"
    assert get_rule("AGY_RECOMMENDATION_REPLY").configurable and not get_rule("AGY_APPROVE").configurable
    monkeypatch.setenv("CLOCK_PERIOD_AGY_REVERSE_REPLY", "3")
    all_rules.cache_clear()
    assert get_rule("AGY_REVERSE_REPLY").amount == 3 and get_rule("AGY_REVERSE_REPLY").period_text == "三个月"
    start = datetime(2025, 3, 3, 10, 0, tzinfo=TZ)
    assert due_for(get_rule("AGY_REVERSE_REPLY"), start).at == datetime(2025, 6, 3, 23, 59, 59, tzinfo=TZ)
    monkeypatch.setenv("CLOCK_PERIOD_AGY_REVERSE_REPLY", "三个月")
    all_rules.cache_clear()
    with pytest.raises(ImproperlyConfigured, match="应为 1–99 的整数（单位：个月）"):
        all_rules()
    monkeypatch.delenv("CLOCK_PERIOD_AGY_REVERSE_REPLY")
    monkeypatch.setenv("CLOCK_PERIOD_AGY_APPROVE", "5")
    all_rules.cache_clear()
    with pytest.raises(ImproperlyConfigured, match="期限由法律规定，不能配置"):
        all_rules()


def test_one_due_date_for_the_calculator_the_api_the_cli_and_a_started_deadline(world):
    """刑事诉讼法第一百零五条 counted once (counting.due_for): the four ways to ask give the same answer, 暂定 included."""
    start = "2026-12-29T10:00"
    deadline = start_deadline("AGY_APPROVE", subject=world.market, holder_agency=world.market, start_event="测试",
                              started_at=datetime.fromisoformat(start).replace(tzinfo=TZ))
    client = world.client(world.market_officer)
    api = client.get("/api/clock/due", {"rule": "AGY_APPROVE", "start": start}).json()
    page = client.get("/clock/calculator/", {"rule": "AGY_APPROVE", "start": start}).content.decode()
    out = io.StringIO()
    call_command("clock", "due", "AGY_APPROVE", "--start", start, "--format", "json", stdout=out)
    cli = json.loads(out.getvalue())
    assert api["due"] == cli["due"] == "2027-01-04T23:59:59+08:00" == deadline.due_at.astimezone(TZ).isoformat()
    assert api["provisional"] and cli["provisional"] and deadline.provisional and "2027-01-04 23:59" in page
    assert api["provisional_reason"] == cli["provisional_reason"] == deadline.provisional_reason


MPS = "laws/公安机关办理刑事案件程序规定(2020-07-20).md"


def _paragraphs(text: str, article: str, following: str) -> list[str]:
    return text[text.index(article + " "):text.index(following + " ")].strip().split("\n\n")


def test_the_police_notices_after_moving_a_filed_case_and_outside_police_duty_read_from_the_text(shared):
    """《公安机关办理刑事案件程序规定》第一百八十四条: 移送 or 并案 after 立案, then 书面通知 the agency within 三日
    after the transfer (H). 第一百八十条第三款: not within police duty, 书面通知 the agency — no period in the text,
    so the 三日 is local practice (L), configurable, and says so."""
    text = (shared / "data" / MPS).read_text(encoding="utf-8")
    moved, out = get_rule("POL_NOTIFY_MOVED"), get_rule("POL_OUT_OF_DUTY_NOTICE")
    assert moved.words in _paragraphs(text, "第一百八十四条", "第一百八十五条")[0].replace("第一百八十四条 ", "")
    assert (moved.confidence, moved.starts, moved.configurable, moved.holder) == ("H", "event", False, "police")
    assert moved.citation == "《公安机关办理刑事案件程序规定》第一百八十四条"
    third = _paragraphs(text, "第一百八十条", "第一百八十一条")[2]
    assert out.words in third and not re.search(r"[一二三四五六七八九十]+日", third)
    assert (out.confidence, out.configurable) == ("L", True) and "未规定书面通知的期限" in out.law_says
    assert out.citation == "《公安机关办理刑事案件程序规定》第一百八十条第三款"
    assert out.config_variable == "CLOCK_PERIOD_POL_OUT_OF_DUTY_NOTICE"


def test_the_police_notice_after_withdrawing_a_case_reads_from_the_text(shared):
    """《公安机关办理刑事案件程序规定》第一百八十九条第一款: after the 撤销案件决定, tell the 案件移送机关 within 三日
    (H, not configurable); 第二款 (终止侦查) tells only the suspect, so the rule cites the first paragraph."""
    text = (shared / "data" / MPS).read_text(encoding="utf-8")
    rule = get_rule("POL_NOTIFY_WITHDRAWN")
    first, second = _paragraphs(text, "第一百八十九条", "第一百九十条")[:2]
    assert rule.words in first.replace("第一百八十九条 ", "") and "案件移送机关" in rule.words
    assert "案件移送机关" not in second
    assert (rule.confidence, rule.starts, rule.configurable, rule.holder) == ("H", "event", False, "police")
    assert rule.citation == "《公安机关办理刑事案件程序规定》第一百八十九条第一款" and rule.period_text == "三日"


def test_the_party_periods_of_a_penalty_decision(shared):
    """行政处罚法第六十七条第三款 (read from the text); 行政复议法第二十条、行政诉讼法第四十六条 are not in the
    library: marked M with where the words were read."""
    text = (shared / "data" / "laws/行政处罚法(2021-01-22).md").read_text(encoding="utf-8")
    fine = get_rule("PARTY_PAY_FINE")
    assert fine.words in _paragraphs(text, "第六十七条", "第六十八条")[2] and fine.holder_label == "当事人"
    for rule_id in ("PARTY_APPLY_RECONSIDERATION", "PARTY_FILE_SUIT", "PARTY_APPEAL_JUDGMENT"):
        rule = get_rule(rule_id)
        assert rule.confidence == "M" and "未收入平台法规库" in rule.words_source and not rule.configurable


def test_pages_take_the_periods_they_name_from_the_rule_data():
    """Issue 14 (“No period is written into document or message text by hand”): the 立案监督 flags (《人民检察院刑事诉讼
    规则》第五百六十三条 十五日, 第五百六十四条 三个月) and the 判决生效 hint (《刑事诉讼法》第二百三十条 十日) read
    rule.period_text; no template types “已逾十五日” or “期限十日”."""
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "templates"
    typed = re.compile(r"(已逾|期限|以内|之日起)[一二三四五六七八九十百]+(日|个月|个工作日|小时)")
    found = [f"{p.relative_to(templates)}: {m.group(0)}" for p in templates.rglob("*.html")
             for m in typed.finditer(p.read_text(encoding="utf-8"))]
    assert found == []
