"""Every way of reading another organ's records lands on the owner's 查阅回执 list (issue 18)."""

from datetime import datetime, timedelta

import pytest

from liangfa.clock.rules import TZ
from liangfa.core.models import AuditEntry
from liangfa.core.receipts import receipts_for
from liangfa.testing import load, ready_transfer, record

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=TZ)


def _receipts(agency):
    return list(receipts_for(agency.pk).values_list("actor_name", "object_repr", "reason"))


@pytest.fixture
def two_agencies(world):
    load(world.market, [record()])
    load(world.tax, [record(**{"行政处罚决定书文号": "测税罚〔2025〕7号", "处罚机关": "测试市税务局"})])
    return world


@pytest.mark.parametrize("path, via", [
    ("/cases/?agency=t-scjg", "页面"), ("/api/cases?agency=t-scjg", "接口"),
    ("party", "页面"), ("party_api", "接口"), ("/cases/exports/", "导出"),
])
def test_reads_by_the_procuratorate_are_receipted_to_each_owner(two_agencies, path, via,
                                                                  django_capture_on_commit_callbacks):
    world = two_agencies
    case = world.market.cases.get()
    path = {"party": f"/parties/{case.party_id}/", "party_api": f"/api/parties/{case.party_id}"}.get(path, path)
    client = world.client(world.prosecutor)
    if path == "/cases/exports/":  # the export is written by the worker
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(path, {}).status_code == 302
    else:
        assert client.get(path).status_code == 200
    rows = _receipts(world.market)
    assert rows and all(reason == f"跨机关查阅（{via}）" for _, _, reason in rows)
    assert any("测市监罚〔2025〕1号" in label for _, label, _ in rows)
    if "agency=" in path:
        assert not _receipts(world.tax)  # what was not read is not receipted
    else:  # the party's page and the export read both agencies' cases: each owner is told, not the reader
        assert any("测税罚〔2025〕7号" in label for _, label, _ in _receipts(world.tax))
        assert not receipts_for(world.procuratorate.pk).exists()


def test_an_organs_own_reads_leave_no_receipt(two_agencies):
    world = two_agencies
    world.client(world.market_officer).get("/cases/")
    world.client(world.market_officer).get(f"/cases/{world.market.cases.get().pk}/")
    assert not _receipts(world.market)


def test_clue_pages_and_transfer_documents_read_by_others_are_receipted(world):
    transfer = ready_transfer(world, now=T0, until="delivered")
    clue = transfer.case.clues.first()
    prosecutor = world.client(world.prosecutor)
    assert prosecutor.get("/clues/?state=").status_code == 200
    assert prosecutor.get(f"/clues/{clue.pk}/").status_code == 200
    police = world.client(world.police_officer)
    doc = transfer.documents.first()
    assert police.get(f"/transfers/{transfer.pk}/documents/{doc.pk}/").status_code == 200
    labels = [label for _, label, _ in _receipts(world.market)]
    assert any(label.startswith("涉罪线索列表：") for label in labels)
    assert any(label.startswith("涉罪线索：") for label in labels)
    assert any(label.startswith("移送材料：") and doc.title in label for label in labels)
    page = world.client(world.market_head).get("/audit/reads/").content.decode()
    assert "测试市公安局" in page and "移送材料" in page


def test_the_police_see_only_the_clues_of_cases_sent_to_them(world):
    transfer = ready_transfer(world, now=T0, until="approved")
    load(world.market, [record(**{"行政处罚决定书文号": "测市监罚〔2025〕9号", "销售金额（元）": "90,000"})])
    police = world.client(world.police_officer)
    assert police.get("/api/clues").json() == []
    from liangfa.transfers.services import deliver_transfer

    deliver_transfer(transfer, actor=world.market_officer, now=T0 + timedelta(hours=1))
    listed = police.get("/api/clues?status=").json()
    assert [c["decision_no"] for c in listed] == [transfer.case.decision_no]
    assert AuditEntry.objects.filter(action="case.read", owner_agency=world.market, agency=world.police).exists()
