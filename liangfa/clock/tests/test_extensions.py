"""Extensions exist only where their source provides them, and count as the source says."""

from datetime import datetime

import pytest

from liangfa.clock.models import DeadlineChange
from liangfa.clock.rules import TZ, all_rules
from liangfa.clock.services import extend_deadline, start_deadline
from liangfa.core.errors import DomainError


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def decide(world, started: str):
    return start_deadline("POL_DECIDE", subject=world.market, holder_agency=world.police,
                          start_event="公安机关受理移送案件", started_at=at(started))


def test_plus_30_runs_from_the_original_end_not_the_rolled_one(world):
    """《最高人民检察院 公安部关于公安机关办理经济犯罪案件的若干规定》第十六条: 30日 (县级以上公安机关负责人),
    then “可以再延长三十日” (上一级). Accepted 2025-09-01: the 30日 end, 10-01, is 国庆 and rolls to 10-09
    (刑事诉讼法第一百零五条), but the further 30日 run from 10-01 → 10-31, not from 10-09 (→ 11-10)."""
    deadline = decide(world, "2025-09-01T09:00")
    extend_deadline(deadline, "EXT_30", approver="何局长", level="县级以上公安机关负责人", now=at("2025-09-02T09:00"))
    assert deadline.due_at == at("2025-10-09T23:59:59")
    extend_deadline(deadline, "EXT_PLUS_30", approver="王局长", level="上一级公安机关负责人", now=at("2025-10-08T09:00"))
    deadline.refresh_from_db()
    assert deadline.due_at == at("2025-10-31T23:59:59") and deadline.period.startswith("再延长30日")
    assert [e["citation"] for e in deadline.extension] == [
        "《最高人民检察院 公安部关于公安机关办理经济犯罪案件的若干规定》第十六条"] * 2
    changes = list(DeadlineChange.objects.filter(deadline=deadline).values_list("kind", "old_due", "new_due"))
    assert changes == [("extended", at("2025-09-04T23:59:59"), at("2025-10-09T23:59:59")),
                       ("extended", at("2025-10-09T23:59:59"), at("2025-10-31T23:59:59"))]


def test_no_extension_where_the_source_provides_none(world):
    """《行政执法机关移送涉嫌犯罪案件的规定》第九条第二款 and 《公安机关办理刑事案件程序规定》第一百八十一条: the
    police decide a 复议 within 三日, with no extension (第一百七十九条第三款 extends the 控告人's 复议 only)."""
    deadline = start_deadline("POL_RECONSIDER_DECIDE", subject=world.market, holder_agency=world.police,
                              start_event="收到提请复议书", started_at=at("2025-03-03T09:00"))
    with pytest.raises(DomainError, match="“复议决定”的期限不能延长：《行政执法机关移送涉嫌犯罪案件的规定》第九条第二款"
                                         "；《公安机关办理刑事案件程序规定》第一百八十一条未规定延长"):
        extend_deadline(deadline, "EXT_30", approver="何局长", level="县级以上公安机关负责人", now=at("2025-03-04T09:00"))
    assert [r.id for r in all_rules().values() if r.extensions] == ["POL_DECIDE"]


def test_each_extension_cites_its_source_and_the_level_it_names(world):
    """第十六条 names 县级以上公安机关负责人 for 30日 and 上一级公安机关负责人 for 再延长; “至迟10日” names no level,
    so any recorded decision-maker will do — but one must be recorded."""
    for key, ext in all_rules()["POL_DECIDE"].extensions.items():
        assert ext["article"] == "第十六条" and ext["words"] and "经济犯罪" in ext["applies_to"], key
    assert all_rules()["POL_DECIDE"].extensions["EXT_10"]["approval_level"] == ""
    deadline = decide(world, "2025-03-03T09:00")
    with pytest.raises(DomainError, match="必须记录审批人及其级别"):
        extend_deadline(deadline, "EXT_10", approver="", level="", now=at("2025-03-04T09:00"))
    with pytest.raises(DomainError, match="须经县级以上公安机关负责人批准"):
        extend_deadline(deadline, "EXT_30", approver="何", level="大队长", now=at("2025-03-04T09:00"))
    extend_deadline(deadline, "EXT_10", approver="何大队长", level="刑侦大队长", now=at("2025-03-04T09:00"))
    assert deadline.due_at == at("2025-03-13T23:59:59")
    page = world.client(world.police_officer).get("/clock/rules/").content.decode()
    assert "再延长30日（经济犯罪案件，情况特殊）：须经上一级公安机关负责人批准" in page
    assert "可以再延长三十日作出决定" in page and "《最高人民检察院 公安部关于公安机关办理经济犯罪案件的若干规定》第十六条" in page
