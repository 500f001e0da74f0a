"""From clue to transfer (issue 17): the clue's crime and standard come with it; without a clue the officer
states why, and the head sees it before approving (R310 第三条、第五条)."""

from datetime import datetime

from liangfa.clock.rules import TZ
from liangfa.screening.models import Clue
from liangfa.testing import load, record
from liangfa.transfers.models import Transfer

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=TZ)


def test_a_transfer_starts_from_its_clue_and_both_link_each_other(world):
    load(world.market, [record()])
    clue = Clue.objects.get()
    officer = world.client(world.market_officer)
    clue_page = officer.get(f"/clues/{clue.pk}/").content.decode()
    assert f"/transfers/new/{clue.case_id}/?clue={clue.pk}" in clue_page
    form = officer.get(f"/transfers/new/{clue.case_id}/?clue={clue.pk}").content.decode()
    assert "由涉罪线索发起" in form and f'value="{clue.crime_name}"' in form and "62,000.00" in form
    assert 'name="no_clue_reason"' not in form
    officer.post(f"/transfers/new/{clue.case_id}/", {
        "clue": clue.pk, "suspected_crime": clue.crime_name, "report": "销售金额62000元",
        "team": [world.market_officer.pk, world.market_officer2.pk]})
    transfer = Transfer.objects.get()
    assert transfer.clue == clue
    detail = officer.get(f"/transfers/{transfer.pk}/").content.decode()
    assert f'href="/clues/{clue.pk}/" id="transfer-clue"' in detail
    assert f'href="/transfers/{transfer.pk}/" class="clue-transfer"' in officer.get(f"/clues/{clue.pk}/").content.decode()


def test_without_a_clue_the_officer_states_why_and_the_head_is_warned_before_approving(world):
    load(world.market, [record(**{"销售金额（元）": "30000"})])  # below 五万元: the platform raised nothing
    case = world.market.cases.get()
    assert not case.clues.exists()
    officer = world.client(world.market_officer)
    data = {"suspected_crime": "生产、销售伪劣产品罪", "report": "货值金额十五万元",
            "team": [world.market_officer.pk, world.market_officer2.pk]}
    refused = officer.post(f"/transfers/new/{case.pk}/", data)
    assert refused.status_code == 400 and "请写明认为涉嫌犯罪的理由" in refused.content.decode()
    assert not Transfer.objects.exists()
    officer.post(f"/transfers/new/{case.pk}/", {**data, "no_clue_reason": "尚未销售的伪劣产品货值十五万元（第一百四十条、货值金额十五万元以上）"})
    transfer = Transfer.objects.get()
    officer.post(f"/transfers/{transfer.pk}/act/submit/")
    head = world.client(world.market_head).get(f"/transfers/{transfer.pk}/").content.decode()
    assert "本移送未经平台涉罪线索提出" in head and "货值十五万元" in head
    assert "移送材料尚缺：涉嫌犯罪案件移送书" in head  # what the package lacks shows before approval
    assert 'id="approve"' in head
