"""One case walked through the browser (Playwright driving Debian's Chromium):
officer drafts, head approves, police sign and file, the procuratorate sees the 备案 and the clock,
the agency sees 立案 on its timeline."""

import os
import shutil
from datetime import datetime

import pytest
import time_machine

from liangfa.clock.rules import TZ

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium is not installed (.ci/run installs it)")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop in this thread

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


def login(browser, base: str, username: str):
    from liangfa.testing import PASSWORD

    page = browser.new_context(locale="zh-CN").new_page()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    return page


@pytest.mark.django_db(transaction=True)
@time_machine.travel(datetime(2025, 6, 2, 9, 0, tzinfo=TZ))  # deadlines must not depend on the day CI runs
def test_a_case_walks_from_agency_to_police_with_the_procuratorate_watching(live_server, browser, tmp_path, settings):
    from liangfa.cases.models import PenaltyCase
    from liangfa.testing import build_world, load, record

    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    load(world.market, [record()])
    case = PenaltyCase.objects.get()
    base = live_server.url

    officer = login(browser, base, "m_officer")
    officer.goto(f"{base}/cases/{case.pk}/")
    officer.click("text=发起移送（涉嫌犯罪）")
    officer.fill("input[name=suspected_crime]", "生产、销售伪劣产品罪")
    officer.check(f"input[name=team][value='{world.market_officer2.pk}']")
    officer.fill("textarea[name=report]", "销售金额62000元，达到立案追诉标准。")
    officer.click("text=成立专案组并起草")
    officer.wait_for_selector("text=已成立专案组并起草移送报告")
    transfer_url = officer.url
    officer.select_option("form[action$='/act/generate/'] select[name=kind]", "transfer_letter")
    officer.click("form[action$='/act/generate/'] button")
    report = tmp_path / "调查报告.txt"
    report.write_text("调查报告", encoding="utf-8")
    officer.select_option("form[action$='/act/upload/'] select[name=kind]", "investigation_report")
    officer.set_input_files("form[action$='/act/upload/'] input[type=file]", str(report))
    officer.click("form[action$='/act/upload/'] button")
    officer.fill("form[action$='/act/add_item/'] input[name=name]", "伪劣产品")
    officer.fill("form[action$='/act/add_item/'] input[name=quantity]", "120件")
    officer.click("form[action$='/act/add_item/'] button")
    officer.select_option("form[action$='/act/generate/'] select[name=kind]", "item_list")
    officer.click("form[action$='/act/generate/'] button")
    officer.click("text=提交负责人审批")
    assert officer.inner_text("#transfer-status") == "待负责人审批"
    assert "审批移送涉嫌犯罪案件书面报告" in officer.inner_text("table.deadlines")

    head = login(browser, base, "m_head")
    head.goto(transfer_url)
    head.click("#approve")
    assert head.inner_text("#transfer-status") == "已批准，待移送"

    officer.goto(transfer_url)
    officer.click("#deliver")
    assert officer.inner_text("#transfer-status") == "已移送，待公安签收"

    police = login(browser, base, "p_officer")
    police.goto(transfer_url)
    police.click("#sign")
    assert police.inner_text("#transfer-status") == "公安已受理，待立案决定"
    police.fill("form[action$='/act/file/'] input[name=case_no]", "测公刑立字〔2025〕1号")
    police.click("#file")
    assert police.inner_text("#transfer-status") == "公安已受理，待立案决定"  # proposed (第一百七十八条)
    assert "呈请立案" in police.inner_text(".messages")
    police_head = login(browser, base, "p_head")
    police_head.goto(transfer_url)
    assert "测公刑立字〔2025〕1号" in police_head.inner_text("#proposal")
    police_head.check("#approve-decision input[name=confirmed]")
    police_head.click("#approve-decision button")
    assert police_head.inner_text("#transfer-status") == "已立案"

    prosecutor = login(browser, base, "prosecutor")
    prosecutor.goto(f"{base}/transfers/")
    assert "备案登记" in prosecutor.inner_text("h1")
    assert "测市监罚〔2025〕1号" in prosecutor.inner_text("table")
    prosecutor.goto(transfer_url)
    clocks = prosecutor.inner_text("table.deadlines")
    assert "立案后移交涉案物品及有关材料" in clocks and "第十二条" in clocks

    officer.goto(f"{base}/cases/{case.pk}/")
    timeline = officer.inner_text("#case-timeline")
    assert "移送：决定立案" in timeline and "移送：签收回执并受理" in timeline
