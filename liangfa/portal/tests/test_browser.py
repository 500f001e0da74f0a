"""The public site in a phone-sized browser (Playwright driving Debian's Chromium, 390×844): a person follows
their matter by its 查询码; a person files a suggestion, staff answer it, the person reads the answer and rates it."""

import os
from datetime import datetime

import pytest

from liangfa.clock.rules import TZ
from liangfa.transfers.tests.test_browser import ARGS, CHROMIUM, login

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium is not installed (.ci/run installs it)")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


def _phone(browser):
    return browser.new_context(viewport=PHONE, locale="zh-CN").new_page()


def _fits(page) -> bool:
    """Nothing wider than the phone: no sideways scrolling of the page itself."""
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.django_db(transaction=True)
def test_a_person_follows_their_matter_by_its_code(live_server, browser, tmp_path, settings):
    from liangfa.portal import tracking
    from liangfa.testing import build_world, ready_transfer
    from liangfa.transfers import services as transfers

    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    transfer = ready_transfer(world, until="accepted", now=datetime(2025, 6, 2, 9, 0, tzinfo=TZ))
    transfers.decide_filing(transfer, actor=world.police_officer, approver=world.police_head, file=True, case_no="测公(经)立字〔2025〕1号", now=datetime(2025, 6, 4, 9, 0, tzinfo=TZ))
    code = tracking.issue_code(transfer.case, actor=world.market_officer)

    page = _phone(browser)
    page.goto(f"{live_server.url}/gk/")
    page.click("nav >> text=执法进度")
    page.fill("input[name=code]", tracking.printed(code.code))
    page.fill("input[name=verifier]", "999999" if code.verifier != "999999" else "111111")
    page.click("button[type=submit]")
    assert "查询码或验证码不正确" in page.inner_text("main")
    page.fill("input[name=code]", tracking.printed(code.code).lower())  # typed from paper, any case
    page.fill("input[name=verifier]", code.verifier)
    page.click("button[type=submit]")
    steps = page.inner_text("#progress")
    for step in ("已作出行政处罚决定", "已移送公安机关", "公安机关已受理", "公安机关已立案"):
        assert step in steps
    assert steps.index("已移送公安机关") < steps.index("公安机关已立案")
    assert _fits(page)
    page.screenshot(path=str(tmp_path / "progress-390.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_a_suggestion_is_filed_answered_read_and_rated(live_server, browser, tmp_path, settings):
    from liangfa.portal.models import PublicRequest
    from liangfa.testing import build_world

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PORTAL_UPLOAD_ROOT = tmp_path / "uploads"
    world = build_world()
    base = live_server.url

    person = _phone(browser)
    person.goto(f"{base}/gk/fuwu/")
    person.click("text=意见建议")
    person.select_option("select[name=agency]", str(world.market.pk))
    person.fill("input[name=name]", "李婉清")
    person.fill("input[name=phone]", "13903912345")
    person.fill("input[name=subject]", "建议公开农贸市场抽检结果")
    person.fill("textarea[name=body]", "希望每月在网站公布农贸市场食品抽检的品种和结果。")
    assert _fits(person)
    person.click("button[type=submit]")
    number, secret = person.inner_text("#tracking-no"), person.inner_text("#secret")
    request = PublicRequest.objects.get(tracking_no=number)

    staff = login(browser, base, "m_officer")
    staff.goto(f"{base}/portal/requests/")
    staff.click(f"text={number}")
    staff.fill("#answer-form textarea[name=text]", "已在网站开设“抽检结果”专栏，每月10日前更新。")
    staff.click("#answer-form button")
    assert staff.inner_text("#request-status") == "已答复"

    person.goto(f"{base}/gk/fuwu/chaxun/")
    person.fill("input[name=number]", number)
    person.fill("input[name=secret]", secret)
    person.click("button[type=submit]")
    assert "已在网站开设“抽检结果”专栏" in person.inner_text("#answer")
    person.check("#rate-form input[name=rating][value='5']")
    person.fill("#rate-form textarea[name=note]", "答复及时，谢谢")
    person.click("#rate-form button")
    assert "感谢您的评价" in person.inner_text("main")
    assert person.inner_text("#rating") == "非常满意：答复及时，谢谢"
    assert _fits(person)
    person.screenshot(path=str(tmp_path / "answer-390.png"), full_page=True)
    request.refresh_from_db()
    assert (request.status, request.rating) == ("answered", 5)
