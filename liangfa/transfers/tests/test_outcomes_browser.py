"""In Chromium: the police record 逮捕 and 移送审查起诉, the procuratorate 提起公诉 to the court, the court's
审判人员 enters a 判决 with 罚金 and the 折抵 of 《行政处罚法》第三十五条, and the agency reads the outcome and the
折抵 on its own case page."""

from datetime import datetime

import pytest
import time_machine

from liangfa.clock.rules import TZ
from liangfa.transfers.tests.test_browser import CHROMIUM, browser, login  # noqa: F401  (the fixture)

pytestmark = pytest.mark.skipif(not CHROMIUM, reason="Debian chromium is not installed (.ci/run installs it)")


@pytest.mark.django_db(transaction=True)
@time_machine.travel(datetime(2025, 12, 1, 9, 0, tzinfo=TZ))
def test_arrest_indictment_and_the_courts_judgment_with_offset_reach_the_agency(live_server, browser, tmp_path,  # noqa: F811
                                                                                  settings):
    from liangfa.agencies import services as agency_services
    from liangfa.testing import PASSWORD, build_world, ready_transfer
    from liangfa.transfers import services as transfers

    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    court = agency_services.create_agency(actor=world.admin, code="t-fy", name="测试市中级人民法院", kind="court",
                                          level="city", region_code="410800", field="judicial")
    agency_services.create_user(actor=world.admin, username="judge", password=PASSWORD, agency=court, roles=["judge"],
                                full_name="唐法官")
    t0 = datetime(2025, 8, 4, 9, 0, tzinfo=TZ)
    transfer = ready_transfer(world, now=t0, until="accepted")
    transfers.decide_filing(transfer, actor=world.police_officer, approver=world.police_head, file=True, case_no="测公刑立字〔2025〕1号", now=t0)
    base = live_server.url
    url = f"{base}/transfers/{transfer.pk}/"

    police = login(browser, base, "p_officer")
    police.goto(url)
    police.fill("#arrest-form input[name=date]", "2025-08-10")
    police.fill("#arrest-form input[name=document_no]", "测检捕〔2025〕1号")
    police.click("#arrest-form button")
    assert "登记逮捕：已完成" in police.inner_text(".messages")
    assert police.inner_text("#outcome-state") == "已逮捕"
    police.fill("form[action$='/act/stage/'] input[name=date]", "2025-09-01")
    police.fill("form[action$='/act/stage/'] input[name=document_no]", "测公起诉字〔2025〕1号")
    police.click("form[action$='/act/stage/'] button")
    assert "移送审查起诉" in police.inner_text("#outcome-table")
    assert police.locator("#judgment-form").count() == 0 and police.locator("#indict-form").count() == 0

    prosecutor = login(browser, base, "prosecutor")
    prosecutor.goto(url)
    prosecutor.fill("#indict-form input[name=date]", "2025-09-20")
    prosecutor.fill("#indict-form input[name=document_no]", "测检刑诉〔2025〕3号")
    prosecutor.select_option("#indict-form select[name=court]", label="测试市中级人民法院")
    prosecutor.click("#indict-form button")
    assert prosecutor.inner_text("#outcome-state") == "已起诉，待判决"
    assert prosecutor.locator("#judgment-form").count() == 0  # the judgment is the court's alone

    judge = login(browser, base, "judge")
    assert "已起诉至本院、待登记判决" in judge.inner_text("main")
    judge.goto(f"{base}/transfers/outcomes/?state=awaiting_judgment")
    judge.click("#outcome-list a")
    form = "#judgment-form"
    judge.fill(f"{form} input[name=date]", "2025-11-01")
    judge.fill(f"{form} input[name=document_no]", "（2025）测08刑初12号")
    judge.select_option(f"{form} select[name=principal]", label="有期徒刑")
    judge.fill(f"{form} input[name=term_months]", "18")
    judge.fill(f"{form} input[name=fine]", "80000")
    assert judge.input_value(f"{form} input[name=fine_paid]") == "52120.00"  # the case's 罚款, paid
    judge.fill(f"{form} input[name=detention_days]", "10")
    judge.click(f"{form} button")
    assert "登记判决：已完成" in judge.inner_text(".messages")
    assert judge.inner_text("#fine-offset") == "52,120.00 元"
    assert judge.inner_text("#fine-due") == "27,880.00 元"
    assert judge.inner_text("#term-offset") == "10 日"
    judge.fill("#effective-form input[name=date]", "2025-11-12")
    judge.click("#effective-form button")
    assert judge.inner_text("#outcome-state") == "判决已生效（2025-11-12）"

    officer = login(browser, base, "m_officer")
    assert officer.locator("#notifications .flag").count() == 1  # told of each outcome
    officer.goto(f"{base}/cases/{transfer.case_id}/")
    outcome = officer.inner_text(".case-outcome")
    assert "判决已生效（2025-11-12）" in outcome
    assert "有期徒刑一年六个月，并处罚金人民币80,000.00元" in outcome
    assert "折抵罚金52,120.00元，尚应缴纳罚金27,880.00元" in outcome
    assert "行政拘留10日折抵刑期10日" in outcome
    assert officer.locator("#judgment-form").count() == 0
