"""What an official meets on the transfer pages: no dead ends, typed input kept, no raw values."""

from datetime import datetime

import pytest

from liangfa.clock.rules import TZ
from liangfa.core.errors import DomainError
from liangfa.testing import load, ready_transfer, record
from liangfa.transfers import services

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=TZ)


def test_a_duplicate_transfer_is_refused_with_a_link_to_the_existing_one(world):
    transfer = ready_transfer(world, now=T0, until="delivered")
    page = world.client(world.market_officer).get(f"/transfers/new/{transfer.case_id}/").content.decode()
    assert "该案件已有进行中的移送，不能重复移送" in page and f'href="/transfers/{transfer.pk}/"' in page
    assert 'name="report"' not in page
    with pytest.raises(DomainError, match=f"第{transfer.pk}号，已移送，待公安签收"):
        services.draft_transfer(transfer.case, actor=world.market_officer, team=[world.market_officer2],
                                suspected_crime="生产、销售伪劣产品罪", report="再次移送")


def test_the_new_transfer_form_keeps_what_was_typed_after_an_error(world):
    load(world.market, [record()])
    case = world.market.cases.get()
    response = world.client(world.market_officer).post(f"/transfers/new/{case.pk}/", {
        "suspected_crime": "生产、销售伪劣产品罪", "report": "销售金额六万二千元，达到追诉标准。",
        "team": [str(world.market_officer.pk)], "police": str(world.police.pk)})
    body = response.content.decode()
    assert response.status_code == 400 and "专案组至少需要两名本机关执法人员" in body
    assert "销售金额六万二千元，达到追诉标准。</textarea>" in body
    assert f'<option value="{world.police.pk}" selected>' in body


def test_pages_show_fingerprints_as_checked_and_regulations_by_name(world):
    transfer = ready_transfer(world, now=T0, until="draft")
    detail = world.client(world.market_officer).get(f"/transfers/{transfer.pk}/").content.decode()
    case_page = world.client(world.market_officer).get(f"/cases/{transfer.case_id}/").content.decode()
    digest = transfer.documents.exclude(sha256="").first().sha256
    for page in (detail, case_page):
        assert digest[:12] not in page and "SHA-256" not in page
    assert "已校验" in detail
    new = world.client(world.market_officer).get(f"/transfers/new/{transfer.case_id}/").content.decode()
    assert "R310" not in new
