"""In the browser: a 检察官 reads an agency's case and the agency sees the read receipt; the 检察官 asks the
police for their reasons, the police answer, the 检察官 notifies filing and it shows late after 15日."""

import os
from datetime import datetime, timedelta

import pytest
import time_machine

from liangfa.clock.rules import TZ
from liangfa.transfers.tests.test_browser import CHROMIUM, browser, login  # noqa: F401 — fixtures and helper

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium is not installed (.ci/run installs it)")


START = datetime(2025, 6, 2, 9, 0, tzinfo=TZ)  # a fixed Monday: the deadlines do not depend on the day CI runs


@pytest.mark.django_db(transaction=True)
@time_machine.travel(START)
def test_read_receipt_and_filing_supervision(live_server, browser, settings, tmp_path):  # noqa: F811
    from liangfa.cases.models import PenaltyCase
    from liangfa.testing import build_world, load, record

    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    load(world.market, [record()])
    case = PenaltyCase.objects.get()
    base = live_server.url

    prosecutor = login(browser, base, "prosecutor")
    prosecutor.goto(f"{base}/cases/{case.pk}/")
    assert "测市监罚〔2025〕1号" in prosecutor.inner_text("h1")

    head = login(browser, base, "m_head")
    head.goto(f"{base}/audit/reads/")
    receipts = head.inner_text("table")
    assert "测试市人民检察院" in receipts and "测市监罚〔2025〕1号" in receipts

    prosecutor.goto(f"{base}/supervision/new/")
    prosecutor.fill("input[name=subject]", "焦作市恒信食品有限公司涉嫌销售伪劣产品")
    prosecutor.fill("textarea[name=grounds]", "销售金额62000元，已达立案追诉标准")
    prosecutor.click("#send-reasons-notice")
    assert prosecutor.inner_text("#supervision-status") == "已要求说明不立案理由"
    supervision_url = prosecutor.url
    assert "公安机关书面说明不立案理由" in prosecutor.inner_text("table.deadlines")

    from liangfa.agencies.services import create_user
    from liangfa.testing import PASSWORD

    create_user(actor=world.admin, username="chief", password=PASSWORD, agency=world.procuratorate,
                roles=["prosecutor", "head"], full_name="检察长")
    police = login(browser, base, "p_officer")
    police.on("dialog", lambda dialog: dialog.accept())
    police.goto(supervision_url)
    police.click("#sign-notice")  # the 7日 runs from the police's signature
    assert "平台签收" in police.inner_text("table.deadlines")
    police.fill("form[action$='/act/answer/'] input[name=reasons]", "销售金额含退货，情节显著轻微")
    police.click("#answer")
    assert police.inner_text("#supervision-status") == "公安机关已说明理由"

    prosecutor.goto(supervision_url)
    prosecutor.fill("textarea[name=assessment]", "退货部分已扣除，销售金额仍达追诉标准")
    prosecutor.click("#propose-filing")
    assert prosecutor.inner_text("#supervision-status") == "通知立案待检察长批准"
    assert prosecutor.query_selector("#approve-filing") is None  # only the 检察长 decides

    chief = login(browser, base, "chief")
    chief.on("dialog", lambda dialog: dialog.accept())
    chief.goto(supervision_url)
    chief.click("#approve-filing")
    assert chief.inner_text("#supervision-status") == "已通知立案"
    assert "待送达" in chief.inner_text("table.deadlines")
    police.goto(supervision_url)
    police.click("#sign-notice")
    assert chief.query_selector("#may-correct") is None

    # signed 2025-06-02: 15日 end 2025-06-17; on 06-18 the 纠正违法通知书 is due
    with time_machine.travel(START + timedelta(days=16)):
        later = login(browser, base, "prosecutor")  # the earlier session has expired
        later.goto(supervision_url)
        assert "应当发出纠正违法通知书" in later.inner_text("#may-correct")
        assert "已逾期" in later.inner_text("table.deadlines")
