"""Supervision steps done twice at once: one wins, the others get a clear Chinese refusal (PostgreSQL)."""

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections

from liangfa.clock.models import Deadline
from liangfa.core.errors import DomainError
from liangfa.core.models import AuditEntry
from liangfa.supervision import services
from liangfa.supervision.choices import SupervisionStep
from liangfa.supervision.models import DelayInquiry
from liangfa.testing import build_world, ready_transfer

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
T0 = datetime(2025, 3, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def _at_once(n, act):
    barrier = threading.Barrier(n)
    outcomes = []

    def run():
        try:
            barrier.wait()
            act()
            outcomes.append("ok")
        except DomainError as exc:
            outcomes.append(str(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_four_parallel_delay_inquiries_make_one():
    world = build_world()
    transfer = ready_transfer(world, now=T0, until="accepted")
    outcomes = _at_once(4, lambda: services.query_delay(transfer, actor=world.prosecutor, now=T0 + timedelta(days=5)))
    assert outcomes.count("ok") == 1
    assert all("不能重复要求" in o for o in outcomes if o != "ok")
    assert DelayInquiry.objects.count() == 1
    assert Deadline.objects.filter(rule_id="POL_DELAY_REASONS").count() == 1
    assert AuditEntry.objects.filter(action="supervision.query_delay").count() == 1


@pytest.mark.django_db(transaction=True)
def test_four_parallel_answers_write_one():
    world = build_world()
    transfer = ready_transfer(world, now=T0, until="accepted")
    inquiry = services.query_delay(transfer, actor=world.prosecutor, now=T0 + timedelta(days=5))
    outcomes = _at_once(4, lambda: services.answer_delay(inquiry, actor=world.police_officer, answer="正在鉴定",
                                                         now=T0 + timedelta(days=6)))
    assert outcomes.count("ok") == 1 and outcomes.count("已经答复") == 3
    assert AuditEntry.objects.filter(action="supervision.answer_delay").count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_reason_answers_take_one_step():
    world = build_world()
    sup = services.request_reasons(actor=world.prosecutor, police=world.police, subject="某案", grounds="应当立案")
    outcomes = _at_once(3, lambda: services.answer_reasons(sup, actor=world.police_officer, reasons="证据不足"))
    assert outcomes.count("ok") == 1
    assert sup.events.filter(code=SupervisionStep.ANSWER_REASONS).count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_opinion_replies_write_one():
    from liangfa.agencies.services import create_user
    from liangfa.testing import load, record

    world = build_world()
    load(world.market, [record()])
    opinion = services.issue_opinion(actor=world.prosecutor, kind="transfer_opinion", agency=world.market,
                                     content="建议依法移送", document_no="测检意〔2025〕9号",
                                     case=world.market.cases.get())
    chief = create_user(actor=world.admin, username="chief", password="x-pass-2026", agency=world.procuratorate,
                        roles=["prosecutor", "head"])
    services.approve_opinion(opinion, actor=chief)
    outcomes = _at_once(4, lambda: services.reply_opinion(opinion, actor=world.market_head, result="reasons",
                                                          reply="经复核不移送"))
    assert outcomes.count("ok") == 1 and outcomes.count("已经回复") == 3
    assert AuditEntry.objects.filter(action="opinion.reply").count() == 1
