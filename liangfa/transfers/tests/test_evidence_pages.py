"""Issue 17, evidence in the browser: each evidence step the API has is a form on the transfer page — linking a
检验报告/鉴定意见 to a seized item (an item ticked 已检验/鉴定 no longer blocks 移送 for ever), the police's 审查
of a test report, the agency's 无法重新收集 of a 言词证据 with its reason, lawful source and corroboration."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liangfa.transfers import package, services
from liangfa.transfers.models import EvidenceItem

pytestmark = pytest.mark.django_db


def _page(world, user, transfer) -> str:
    return world.client(user).get(f"/transfers/{transfer.pk}/").content.decode()


def test_a_tested_item_is_linked_to_its_report_on_the_page_and_the_transfer_can_go(world):
    from liangfa.testing import ready_transfer

    transfer = ready_transfer(world, until="draft")
    officer = world.client(world.market_officer)
    officer.post(f"/transfers/{transfer.pk}/act/add_item/", {"name": "假冒白酒", "quantity": "12", "unit": "瓶",
                                                             "tested": "on"})
    assert "“假冒白酒”的检验报告或鉴定意见" in services.missing_for_delivery(transfer)
    assert "待上传检验报告或鉴定意见" in _page(world, world.market_officer, transfer)
    officer.post(f"/transfers/{transfer.pk}/act/upload/", {"kind": "test_report", "title": "白酒检验报告",
                                                           "upload": SimpleUploadedFile("检验报告.pdf", b"%PDF-1.4 x")})
    page = _page(world, world.market_officer, transfer)
    assert 'class="link-report"' in page and "白酒检验报告" in page
    item = transfer.items.get(name="假冒白酒")
    document = transfer.documents.get(title="白酒检验报告")
    response = officer.post(f"/transfers/{transfer.pk}/act/link_report/", {"item": item.pk, "document": document.pk})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.test_document == document
    assert "“假冒白酒”的检验报告或鉴定意见" not in services.missing_for_delivery(transfer)


def test_the_police_review_a_report_and_the_agency_explains_a_statement_that_cannot_be_taken_again(world):
    from liangfa.testing import ready_transfer

    transfer = ready_transfer(world, until="accepted")
    report = EvidenceItem.objects.create(transfer=transfer, kind="test_report", description="检验报告", tier="review",
                                         review_state="pending")
    statement = EvidenceItem.objects.create(transfer=transfer, kind="testimony", description="证人张某证言",
                                            tier="recollect", review_state="recollect")
    physical = EvidenceItem.objects.create(transfer=transfer, kind="physical", description="白酒12瓶",
                                           tier="direct", review_state="not_needed")
    police_page = _page(world, world.police_officer, transfer)
    assert 'class="review-evidence"' in police_page and 'class="cannot-recollect"' not in police_page
    response = world.client(world.police_officer).post(f"/transfers/{transfer.pk}/act/review_evidence/", {
        "evidence": report.pk, "passed": "1", "note": "检验机构具备资质，取样程序合法"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.get_review_state_display() == "审查通过"

    agency_page = _page(world, world.market_officer, transfer)
    assert 'class="cannot-recollect"' in agency_page and "死亡" in agency_page
    client = world.client(world.market_officer)
    refused = client.post(f"/transfers/{transfer.pk}/act/cannot_recollect/", {
        "evidence": statement.pk, "reason": "dead", "lawful_source": "依法询问并制作笔录"})
    assert refused.status_code == 400 and "须关联至少一项与之相互印证的其他证据" in refused.content.decode()
    client.post(f"/transfers/{transfer.pk}/act/cannot_recollect/", {
        "evidence": statement.pk, "reason": "dead", "lawful_source": "依法询问并制作笔录", "corroborating": [physical.pk]})
    statement.refresh_from_db()
    assert statement.get_review_state_display() == "无法重新收集（例外）"
    assert list(statement.corroborated_by.all()) == [physical]
    assert package.supplement_list(transfer)[1]["action"].startswith("无法重新收集（死亡）")
