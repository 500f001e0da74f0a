"""Periods that run from receipt (“自接到…之日起”): 待送达 until the receiving side signs or dates paper service."""

from datetime import datetime, timedelta

import pytest
import time_machine

from liangfa.agencies import services as agency_services
from liangfa.clock.models import Deadline
from liangfa.clock.rules import TZ, get_rule
from liangfa.core.errors import PermissionDenied
from liangfa.testing import PASSWORD, ready_transfer
from liangfa.transfers import services
from liangfa.transfers.models import Transfer

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=TZ)


def clock(transfer, rule):
    return Deadline.objects.filter(object_id=transfer.pk, content_type__model="transfer", rule_id=rule).latest("id")


def test_r310_art7_art8_the_police_sign_the_receipt_and_the_3_days_run_from_it(world):
    """R310 第七条 (sign the 回执; no period: local practice, configurable) and 第八条 (3日 from 接受)."""
    transfer = ready_transfer(world, now=T0, until="delivered")
    sign = clock(transfer, "POL_SIGN_RECEIPT")
    assert sign.due_at == T0 + timedelta(hours=24) and sign.holder_agency == world.police
    assert get_rule("POL_SIGN_RECEIPT").configurable and "未规定签字的期限" in get_rule("POL_SIGN_RECEIPT").law_says
    decide = clock(transfer, "POL_DECIDE")
    assert decide.display().label == "待送达" and decide.due_at is None
    with time_machine.travel(T0 + timedelta(hours=1)):
        page = world.client(world.market_officer).get(f"/transfers/{transfer.pk}/").content.decode()
    assert "对方尚未签收：公安机关接受移送案件" in page
    services.sign_receipt(transfer, actor=world.police_officer, now=T0 + timedelta(days=1, hours=2))
    assert clock(transfer, "POL_SIGN_RECEIPT").display().label == "逾期完成"
    decide = clock(transfer, "POL_DECIDE")
    assert decide.started_at == T0 + timedelta(days=1, hours=2)
    assert decide.due_at == datetime(2025, 3, 7, 23, 59, 59, tzinfo=TZ)  # 3日 from the signature, not delivery


def test_r310_art9_the_reconsideration_window_runs_from_the_agencys_receipt(world):
    """R310 第九条: 自接到不予立案通知书之日起3日内 — typed paper service by the receiving agency."""
    transfer = ready_transfer(world, now=T0, until="accepted")
    services.decide_filing(transfer, actor=world.police_officer, approver=world.police_head, file=False,
                           reason="trivial", detail="情节显著轻微", materials_returned=True, now=T0)
    with time_machine.travel(T0 + timedelta(days=5)):
        police_page = world.client(world.police_officer).get(f"/transfers/{transfer.pk}/").content.decode()
        assert "对方尚未签收：收到不予立案通知书" in police_page
        with pytest.raises(PermissionDenied, match="须由收件机关签收"):
            services.receive_notice(transfer, actor=world.police_officer, rule_id="AGY_RECONSIDER_REQUEST")
        agency = world.client(world.market_officer)
        page = agency.get(f"/transfers/{transfer.pk}/").content.decode()
        assert "待签收的文书" in page and "待送达" in page
        bad = agency.post(f"/transfers/{transfer.pk}/act/receive/", {
            "rule": "AGY_RECONSIDER_REQUEST", "how": "post", "received_at": "三月五日"})
        assert bad.status_code == 400 and "收到文书的时间“三月五日”格式错误" in bad.content.decode()
        agency.post(f"/transfers/{transfer.pk}/act/receive/", {
            "rule": "AGY_RECONSIDER_REQUEST", "how": "post", "received_at": "2025-03-05T16:30"})
        window = clock(transfer, "AGY_RECONSIDER_REQUEST")
        assert window.started_at == datetime(2025, 3, 5, 16, 30, tzinfo=TZ)
        assert window.due_at == datetime(2025, 3, 10, 23, 59, 59, tzinfo=TZ)  # the 8th is a Saturday
        assert window.get_service_method_display() == "邮寄送达"
        assert Transfer.objects.get(pk=transfer.pk).events.filter(code="receive").exists()


def test_r310_art7_art8_a_forwarded_case_goes_on_at_the_organ_that_has_jurisdiction(world):
    """已转送 is not an end: the organ it was forwarded to signs and decides within 3日 of receiving it."""
    customs = agency_services.create_agency(actor=world.admin, code="t-hgjs", name="测试海关缉私分局", kind="police",
                                            level="city", region_code="410800", field="customs")
    customs_officer = agency_services.create_user(actor=world.admin, username="c_police", password=PASSWORD,
                                                  agency=customs, roles=["police_officer"], full_name="缉私民警")
    transfer = ready_transfer(world, now=T0, until="delivered")
    services.forward_transfer(transfer, actor=world.police_officer, approver=world.police_head, organ=customs.name,
                              notice="涉嫌走私，由海关缉私部门管辖", now=T0 + timedelta(hours=3))
    transfer.refresh_from_db()
    assert transfer.status == "forwarded" and transfer.police == customs and transfer.forwarded_from == world.police
    assert clock(transfer, "POL_DECIDE").display().label == "待送达"
    assert world.client(world.police_officer).get(f"/transfers/{transfer.pk}/").status_code == 200
    assert world.client(customs_officer).get(f"/cases/{transfer.case_id}/").status_code == 200
    services.sign_receipt(transfer, actor=customs_officer, now=T0 + timedelta(days=1))
    decide = clock(transfer, "POL_DECIDE")
    assert decide.holder_agency == customs and decide.due_at == datetime(2025, 3, 7, 23, 59, 59, tzinfo=TZ)
    assert Transfer.objects.get(pk=transfer.pk).status == "accepted"


def test_r310_art5_approval_and_delivery_cite_the_second_paragraph():
    assert get_rule("AGY_APPROVE").citation == "《行政执法机关移送涉嫌犯罪案件的规定》第五条第二款"
    assert get_rule("AGY_DELIVER").citation == "《行政执法机关移送涉嫌犯罪案件的规定》第五条第二款"
