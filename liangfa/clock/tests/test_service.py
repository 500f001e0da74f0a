"""Periods that run from receipt (“自接到…之日起”, “自收到…之日起”): issued, 待送达, then counted from receipt."""

from datetime import datetime, timedelta

import pytest
import time_machine

from liangfa.clock.choices import ServiceMethod
from liangfa.clock.models import Deadline, DeadlineChange
from liangfa.clock.rules import TZ, all_rules
from liangfa.clock.services import (
    complete_deadlines,
    issue_unserved,
    last_deadline,
    open_deadline,
    open_deadlines,
    record_service,
    start_deadline,
    unserved_notices,
)
from liangfa.core.errors import DomainError, PermissionDenied
from liangfa.core.models import AuditEntry

ISSUED = datetime(2025, 3, 3, 9, 0, tzinfo=TZ)


def issue(world, subject=None):
    return issue_unserved("AGY_RECONSIDER_REQUEST", subject=subject or world.market, holder_agency=world.market,
                          issuer_agency=world.police, issued_at=ISSUED, start_event="收到不予立案通知书")


def test_a_notice_waits_for_service_then_runs_from_receipt(world):
    """《行政执法机关移送涉嫌犯罪案件的规定》第九条第一款: “可以自接到不予立案通知书之日起３日内” 提请复议 — the
    window runs from the day the agency receives the notice, not from the police's decision."""
    deadline = issue(world)
    assert deadline.state == "unserved" and deadline.due_at is None and deadline.started_at is None
    assert deadline.display(now=ISSUED + timedelta(days=30)).label == "待送达"  # never late before it arrives
    assert open_deadline(world.market, "AGY_RECONSIDER_REQUEST") is None
    received = ISSUED + timedelta(days=2, hours=3)  # Wednesday 2025-03-05 12:00
    served = record_service(world.market, "AGY_RECONSIDER_REQUEST", received_at=received, actor=world.market_officer,
                            how=ServiceMethod.POST, now=received + timedelta(hours=1))
    assert served.pk == deadline.pk and served.state == "open" and served.started_at == received
    assert served.due_at == datetime(2025, 3, 10, 23, 59, 59, tzinfo=TZ)  # 03-08 a Saturday → Monday
    assert served.get_service_method_display() == "邮寄送达" and served.service_recorded_by == "m_officer"
    assert open_deadline(world.market, "AGY_RECONSIDER_REQUEST").pk == deadline.pk
    change = DeadlineChange.objects.get(deadline=deadline)
    assert change.kind == "served" and change.old_due is None and change.new_due == served.due_at
    assert AuditEntry.objects.filter(action="deadline.served", object_id=str(deadline.pk)).exists()
    with pytest.raises(DomainError, match="已于 2025-03-05 12:00 送达"):
        record_service(world.market, "AGY_RECONSIDER_REQUEST", received_at=received, actor=world.market_officer,
                       how=ServiceMethod.POST, now=received + timedelta(hours=2))


def test_service_is_recorded_by_the_holder_or_the_issuer_only_and_checked(world):
    """A receipt is signed by the receiving organ (签收) or proved by the issuer's 送达回证; the time cannot
    precede the issue or lie in the future (《行政执法机关移送涉嫌犯罪案件的规定》第九条)."""
    issue(world)
    now = ISSUED + timedelta(days=1)
    with pytest.raises(PermissionDenied, match="须由收件机关签收或发出机关登记送达回证"):
        record_service(world.market, "AGY_RECONSIDER_REQUEST", received_at=now, actor=world.tax_officer,
                       how=ServiceMethod.PLATFORM, now=now)
    with pytest.raises(DomainError, match="早于文书发出时间 2025-03-03 09:00"):
        record_service(world.market, "AGY_RECONSIDER_REQUEST", received_at=ISSUED - timedelta(hours=1),
                       actor=world.police_officer, how=ServiceMethod.IN_PERSON, now=now)
    with pytest.raises(DomainError, match="晚于现在"):
        record_service(world.market, "AGY_RECONSIDER_REQUEST", received_at=now + timedelta(hours=1),
                       actor=world.police_officer, how=ServiceMethod.IN_PERSON, now=now)
    with pytest.raises(DomainError, match="送达方式“fax”无效"):
        record_service(world.market, "AGY_RECONSIDER_REQUEST", received_at=now, actor=world.police_officer,
                       how="fax", now=now)
    with pytest.raises(DomainError, match="没有待送达的“建议人民检察院立案监督”"):
        record_service(world.market, "AGY_SUPERVISION_REQUEST", received_at=now, actor=world.police_officer,
                       how=ServiceMethod.IN_PERSON, now=now)
    served = record_service(world.market, "AGY_RECONSIDER_REQUEST", received_at=now, actor=world.police_officer,
                            how=ServiceMethod.IN_PERSON, now=now)
    assert served.service_recorded_by == "p_officer" and served.state == "open"


def test_the_issuer_lists_its_unacknowledged_notices(world):
    """第九条 periods run from receipt, so the issuing organ must see which notices are not yet served: a query
    and a section on the 期限看板, for the issuer, and the notices waiting for the holder to sign."""
    waiting = issue(world)
    other = issue(world, subject=world.tax)
    record_service(world.tax, "AGY_RECONSIDER_REQUEST", received_at=ISSUED, actor=world.police_officer,
                   how=ServiceMethod.PLATFORM, now=ISSUED + timedelta(hours=1))
    assert [d.pk for d in unserved_notices(world.police_officer)] == [waiting.pk]
    assert [d.pk for d in unserved_notices(world.market_officer, as_holder=True)] == [waiting.pk]
    assert list(unserved_notices(world.tax_officer)) == [] and other.pk != waiting.pk
    with time_machine.travel(ISSUED + timedelta(days=3), tick=False):
        police_page = world.client(world.police_officer).get("/clock/").content.decode()
        market_page = world.client(world.market_officer).get("/clock/").content.decode()
    section = police_page.split('id="unserved"')[1]
    assert "本机关发出、尚未登记送达（1）" in police_page and "对不予立案决定提请复议" in section and "待送达" in section
    assert "发给本机关、尚未签收（1）" in market_page


def test_an_answer_closes_a_notice_not_yet_recorded_as_served(world):
    """An answer proves the notice arrived: completing the rule closes a 待送达 deadline too, without lateness."""
    deadline = issue(world)
    assert complete_deadlines(world.market, "AGY_RECONSIDER_REQUEST", now=ISSUED + timedelta(days=9), by="提请复议") == 1
    deadline.refresh_from_db()
    assert deadline.display().label == "已完成" and deadline.lateness() == ""
    assert last_deadline(world.market, "AGY_RECONSIDER_REQUEST").pk == deadline.pk
    assert open_deadline(world.market, "AGY_RECONSIDER_REQUEST") is None


def test_open_deadline_lookups_replace_hand_written_filters(world):
    """One look-up for “the running 立案审查 deadline” (《行政执法机关移送涉嫌犯罪案件的规定》第八条) by subject and rule, with the
    right content type (a filter on object_id and model name alone can match another app's row)."""
    decide = start_deadline("POL_DECIDE", subject=world.market, holder_agency=world.police, start_event="受理",
                            started_at=ISSUED)
    start_deadline("POL_DECIDE", subject=world.prosecutor, holder_agency=world.police, start_event="受理",
                   started_at=ISSUED)  # another kind of subject, maybe with the same pk
    handover = start_deadline("AGY_HANDOVER", subject=world.market, holder_agency=world.market, start_event="立案",
                              started_at=ISSUED)
    assert open_deadline(world.market, "POL_DECIDE").pk == decide.pk
    assert {d.pk for d in open_deadlines(world.market)} == {decide.pk, handover.pk}
    assert [d.pk for d in open_deadlines(world.market, "AGY_HANDOVER")] == [handover.pk]
    complete_deadlines(world.market, "POL_DECIDE", now=ISSUED, by="立案")
    assert open_deadline(world.market, "POL_DECIDE") is None
    assert Deadline.objects.filter(rule_id="POL_DECIDE", state="open").count() == 1


def test_rules_say_whether_they_run_from_receipt_in_the_articles_words():
    """Every rule states starts: receipt or event with the article's words; “自接到…之日起”, “自收到…之日起” and
    “收到…后” are receipt (legal.md: “自接到…之日起” periods run from receipt, not issue)."""
    for rule in all_rules().values():
        assert rule.starts in ("receipt", "event") and rule.words, rule.id
        if any(w in rule.words for w in ("自接到", "自收到", "在收到")):
            assert rule.runs_from_receipt, rule.id
    receipt = {r.id for r in all_rules().values() if r.runs_from_receipt}
    assert {"AGY_RECONSIDER_REQUEST", "POL_RECONSIDER_DECIDE", "AGY_SUPERVISION_REQUEST", "AGY_HANDOVER",
            "POL_EXPLAIN_NONFILING", "POL_FILE_ON_NOTICE", "AGY_APPROVE"} <= receipt
    assert {"AGY_DELIVER", "POL_MATERIALS_NOTICE", "PRO_NOTIFY_AGENCY", "POL_SUPERVISED_CONCLUDE"}.isdisjoint(receipt)
