"""Issue 15: the tax agency records the 追缴通知 and its payment on a page and through the API, and the 逃税
clue opens (not paid) or closes (paid in time) — 《刑法》第二百零一条第四款."""

import pytest
import time_machine

from liangfa.screening.models import Clue
from liangfa.testing import load, record

pytestmark = pytest.mark.django_db

TAX_ROW = {"违法行为类型": "偷税（少缴应纳税款）", "偷逃税额（元）": "150,000", "销售金额（元）": "",
           "行政处罚决定书文号": "税罚9号", "处罚机关": "测试市税务局"}


def _tax_clue(world):
    load(world.tax, [record(**TAX_ROW)])
    clue = Clue.objects.get()
    assert clue.kind == "tax_gate"
    return clue


@time_machine.travel("2025-12-01 10:00:00+08:00", tick=False)
def test_the_tax_officer_opens_and_closes_the_clue_on_the_page(world):
    clue = _tax_clue(world)
    officer = world.client(world.tax_officer)
    detail = officer.get(f"/clues/{clue.pk}/").content.decode()
    assert "记录追缴通知及缴纳情况" in detail
    page = officer.get(f"/clues/tax/{clue.case_id}/").content.decode()
    assert "尚未记录追缴通知" in page and "第二百零一条第四款" in page and "逃税：待记录追缴通知" in page
    response = officer.post(f"/clues/tax/{clue.case_id}/", {"document_no": "税追〔2025〕1号",
                                                            "issued_on": "2025-04-01", "payment": "unpaid"}, follow=True)
    page = response.content.decode()
    assert "税追〔2025〕1号，2025年4月1日下达；尚未按期补缴" in page
    assert Clue.objects.get().kind == "amount"  # the gate passed: a full 逃税 clue
    officer.post(f"/clues/tax/{clue.case_id}/", {"document_no": "税追〔2025〕1号", "issued_on": "2025-04-01",
                                                 "payment": "complied"})
    assert Clue.objects.get().status == "obsolete"
    assert "已按期补缴税款、缴纳滞纳金并接受行政处罚" in officer.get(f"/clues/tax/{clue.case_id}/").content.decode()


@time_machine.travel("2025-12-01 10:00:00+08:00", tick=False)
def test_bad_input_names_the_field_and_changes_nothing(world):
    clue = _tax_clue(world)
    officer = world.client(world.tax_officer)
    page = officer.post(f"/clues/tax/{clue.case_id}/", {"document_no": "", "issued_on": "2025-13-01",
                                                        "payment": "x"}).content.decode()
    assert "追缴通知书文号：必填" in page and "下达日期：格式应为 2025-01-01" in page and "缴纳情况：只能选列出的一项" in page
    page = officer.post(f"/clues/tax/{clue.case_id}/", {"document_no": "税追1号", "issued_on": "2026-01-05",
                                                        "payment": "unpaid"}).content.decode()
    assert "追缴通知下达日期：2026-01-05 晚于今天" in page
    assert Clue.objects.get().kind == "tax_gate"


def test_only_the_cases_own_agency_records_it(world):
    clue = _tax_clue(world)
    assert world.client(world.market_officer).get(f"/clues/tax/{clue.case_id}/").status_code in (403, 404)
    assert world.client(world.prosecutor).get(f"/clues/tax/{clue.case_id}/").status_code == 403
    assert "记录追缴通知及缴纳情况" not in world.client(world.prosecutor).get(f"/clues/{clue.pk}/").content.decode()


@time_machine.travel("2025-12-01 10:00:00+08:00", tick=False)
def test_the_api_records_the_notice_and_answers_with_the_clue(world):
    clue = _tax_clue(world)
    api = world.client(world.tax_officer)
    body = api.post(f"/api/clues/tax-notice/{clue.case_id}", {"document_no": "税追〔2025〕2号",
                    "issued_on": "2025-04-01", "complied": False}, content_type="application/json").json()
    assert body["clues"][0]["crime_name"] == "逃税罪" and body["clues"][0]["kind"] != "逃税：待记录追缴通知"
    assert "第二百零一条第四款" in body["citation"]
    body = api.post(f"/api/clues/tax-notice/{clue.case_id}", {"document_no": "税追〔2025〕2号",
                    "issued_on": "2025-04-01", "complied": True}, content_type="application/json").json()
    assert body["complied"] is True and body["clues"][0]["status"] != "待核查"
    refused = world.client(world.market_officer).post(
        f"/api/clues/tax-notice/{clue.case_id}", {"document_no": "x", "issued_on": "2025-04-01", "complied": True},
        content_type="application/json")
    assert refused.status_code in (403, 404)
