"""Who else may open a case file: one share table, written by delivery and by read grants."""

from datetime import datetime, timedelta

import pytest
import time_machine

from liangfa.cases.models import CaseShare
from liangfa.clock.rules import TZ
from liangfa.screening.models import Clue
from liangfa.testing import load, ready_transfer, record

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=TZ)


def test_a_read_grant_is_made_on_the_case_page_and_expires_by_itself(world):
    load(world.market, [record()])
    case = world.market.cases.get()
    tax = world.client(world.tax_officer)
    assert tax.get(f"/cases/{case.pk}/").status_code == 404
    officer = world.client(world.market_officer).post(f"/cases/{case.pk}/grant/", {
        "grantee": world.tax.pk, "reason": "核对税款", "days": "7"}, follow=True)
    assert "只有案件所属机关的负责人或法制审核员可以授权查阅" in officer.content.decode()
    bad = world.client(world.market_head).post(f"/cases/{case.pk}/grant/", {
        "grantee": world.tax.pk, "reason": "核对税款", "days": "七"}, follow=True)
    assert "授权期限应为1至90的天数" in bad.content.decode()
    assert not CaseShare.objects.exists()
    with time_machine.travel(T0):
        done = world.client(world.market_head).post(f"/cases/{case.pk}/grant/", {
            "grantee": world.tax.pk, "reason": "核对税款", "days": "7"}, follow=True)
        assert "已授权测试市税务局查阅本案卷" in done.content.decode()
        assert world.client(world.tax_officer).get(f"/cases/{case.pk}/").status_code == 200
        receipts = world.client(world.market_head).get("/audit/reads/").content.decode()
        assert "测试市税务局" in receipts
    with time_machine.travel(T0 + timedelta(days=7, minutes=1)):
        later = world.client(world.tax_officer)
        assert later.get(f"/cases/{case.pk}/").status_code == 404
        assert later.get("/api/cases").json()["items"] == []


def test_delivery_shares_the_file_with_the_police_and_closes_the_clues(world):
    transfer = ready_transfer(world, now=T0, until="approved")
    assert Clue.objects.filter(case=transfer.case, status="new").exists()
    police = world.client(world.police_officer)
    assert police.get(f"/cases/{transfer.case_id}/").status_code == 404  # approved, not yet sent
    from liangfa.transfers.services import deliver_transfer

    deliver_transfer(transfer, actor=world.market_officer, now=T0 + timedelta(hours=1))
    share = CaseShare.objects.get(case=transfer.case)
    assert (share.agency, share.kind, share.handling) == (world.police, "transfer", True)
    assert police.get(f"/cases/{transfer.case_id}/").status_code == 200
    assert set(Clue.objects.filter(case=transfer.case).values_list("status", flat=True)) == {"transferred"}


@pytest.mark.parametrize("handling", [True, False])
def test_a_new_fine_is_refused_only_while_the_police_handle_the_case(world, handling):
    transfer = ready_transfer(world, now=T0, until="delivered")
    CaseShare.objects.filter(case=transfer.case).update(handling=handling)
    result = load(world.market, [record(**{"罚款金额（万元）": "8"})], skip_invalid=True)
    refused = [r["error"] for r in result.rejected]
    assert bool(refused) is handling
