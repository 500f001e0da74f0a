"""Every way of reading another organ's records lands on the owner's 查阅回执 list (issue 18)."""

import re
from datetime import datetime, timedelta

import pytest

from liangfa.cases.models import ImportBatch
from liangfa.clock.rules import TZ
from liangfa.core.models import AuditEntry
from liangfa.core.receipts import receipts_for
from liangfa.portal.models import Publication
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


# The pages issue 18 found without a receipt: each read by the police or the procuratorate now shows on the
# owner's 查阅回执 page, under the reader's organ and what they read.
@pytest.mark.parametrize("reader, page, what", [
    ("prosecutor", "/", "首页最近的处罚决定"), ("police_officer", "/", "首页最近的处罚决定"),
    ("prosecutor", "/clock/", "期限看板"), ("police_officer", "/clock/", "期限看板"),
    ("prosecutor", "batch", "导入批次"),
    ("prosecutor", "/transfers/", "移送案件列表"), ("police_officer", "/transfers/", "移送案件列表"),
    ("prosecutor", "/portal/publications/?status=all", "公示队列"),
    ("prosecutor", "publication", "公示记录"),
])
def test_the_owner_sees_the_readers_receipt_for_each_page(world, reader, page, what):
    transfer = ready_transfer(world, now=T0, until="accepted")
    decision_no = transfer.case.decision_no
    page = {"batch": f"/cases/import/{ImportBatch.objects.get(agency=world.market).pk}/",
            "publication": f"/portal/publications/{Publication.objects.get(case=transfer.case).pk}/"}.get(page, page)
    before = receipts_for(world.market.pk).count()
    response = world.client(getattr(world, reader)).get(page)
    assert response.status_code == 200 and decision_no in response.content.decode()
    assert receipts_for(world.market.pk).count() == before + 1  # one receipt per owner for the page
    receipts = world.client(world.market_head).get("/audit/reads/").content.decode()
    organ = getattr(world, reader).agency.name
    assert re.search(rf"<td>{organ}</td><td>{getattr(world, reader).username}</td><td>{what}：{re.escape(decision_no)}"
                     r"</td><td>跨机关查阅（页面）</td>", receipts)


@pytest.mark.parametrize("page", ["/", "/clock/", "batch", "/transfers/", "/portal/publications/?status=all"])
def test_the_owners_own_reads_of_these_pages_leave_no_receipt(world, page):
    transfer = ready_transfer(world, now=T0, until="accepted")
    page = {"batch": f"/cases/import/{ImportBatch.objects.get(agency=world.market).pk}/"}.get(page, page)
    for user in (world.market_officer, world.market_head):
        response = world.client(user).get(page)
        assert response.status_code == 200 and transfer.case.decision_no in response.content.decode()
    assert not receipts_for(world.market.pk).exists()


@pytest.mark.parametrize("reader", ["prosecutor", "police_officer", "tax_officer"])
def test_only_the_cases_own_organ_opens_its_transfer_form(world, reader):
    """发起移送 is the case's own organ's form: others are refused in words, and see nothing of the case."""
    transfer = ready_transfer(world, now=T0, until="accepted")
    response = world.client(getattr(world, reader)).get(f"/transfers/new/{transfer.case_id}/")
    assert response.status_code in (403, 404)
    assert transfer.case.decision_no not in response.content.decode()
    if response.status_code == 403:
        assert "只有案件所属机关的执法人员可以发起移送" in response.content.decode()
    assert not receipts_for(world.market.pk).exists()
    assert world.client(world.market_officer).get(f"/transfers/new/{transfer.case_id}/").status_code == 200


def test_another_organs_import_downloads_are_receipted(world):
    load(world.market, [record()])
    batch = ImportBatch.objects.get(agency=world.market)
    response = world.client(world.prosecutor).get(f"/cases/import/{batch.pk}/rejected.xlsx")
    assert response.status_code == 200
    assert [(label, reason) for _, label, reason in _receipts(world.market)] == [
        (f"导入错误行：第{batch.pk}批导入", "跨机关查阅（下载）")]
    world.client(world.market_officer).get(f"/cases/import/{batch.pk}/rejected.xlsx")
    assert len(_receipts(world.market)) == 1  # the owner's own download is not receipted


def test_the_receipt_list_is_paged_and_filtered_by_reading_organ(world):
    """The home page and 期限看板 leave a receipt per view: the owner's list is paged (50 a page) and can be
    narrowed to one reading organ."""
    from liangfa.desk import views

    load(world.market, [record()])
    for _ in range(3):
        assert world.client(world.prosecutor).get("/").status_code == 200
    assert world.client(world.police_officer).get("/").status_code in (200, 403)
    head = world.client(world.market_head)
    everything = head.get("/audit/reads/")
    total = everything.context["page"].paginator.count
    assert total >= 3 and f"共 {total} 条" in everything.content.decode()
    only = head.get("/audit/reads/", {"reader": world.procuratorate.pk})
    assert only.context["page"].paginator.count == 3
    assert {r.agency_id for r in only.context["reads"]} == {world.procuratorate.pk}
    size = views.RECEIPTS_PAGE
    try:
        views.RECEIPTS_PAGE = 2
        second = head.get("/audit/reads/", {"reader": world.procuratorate.pk, "page": 2})
    finally:
        views.RECEIPTS_PAGE = size
    assert len(second.context["reads"]) == 1 and "第 2 / 2 页" in second.content.decode()
