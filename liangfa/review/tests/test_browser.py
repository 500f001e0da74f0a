"""The online flow in the browser (Playwright driving Debian's Chromium): the officer files, the head approves,
the officer investigates and notifies, the 法制审核员 returns the case for more evidence, then approves while a
dissent is recorded, the head holds the 集体讨论 and decides. A decision without the review is refused with
the article cited."""

import os
from datetime import datetime
from decimal import Decimal

import pytest
import time_machine

from liangfa.clock.rules import TZ
from liangfa.transfers.tests.test_browser import ARGS, CHROMIUM, login

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium is not installed (.ci/run installs it)")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
SHOTS = os.environ.get("LIANGFA_SCREENSHOTS", "")


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def act(page, form: str, button: str | None = None) -> None:
    page.click(f"{form} button" if button is None else button)
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
@time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=TZ))
def test_file_investigate_review_return_approve_with_dissent_discuss_decide(live_server, browser, tmp_path, settings):
    from liangfa.review.models import HandledCase, ReviewPolicy
    from liangfa.review.tests.builders import reviewer
    from liangfa.testing import build_world

    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    reviewer(world)
    ReviewPolicy.objects.create(agency=world.market, review_fine_over=Decimal("10000"),
                                collective_fine_over=Decimal("50000"))
    base = live_server.url

    officer = login(browser, base, "m_officer")
    officer.goto(f"{base}/review/new/")
    officer.fill("input[name=party_name]", "焦作市恒信食品有限公司")
    officer.fill("input[name=party_code]", "91430923745919951M")
    officer.fill("input[name=violation_type]", "销售不符合食品安全标准的食品")
    officer.fill("textarea[name=summary]", "当事人销售超过保质期的食品120件。")
    officer.fill("input[name=legal_basis]", "《食品安全法》第三十四条")
    officer.select_option("select[name=co_handler]", str(world.market_officer2.pk))
    officer.click("#filing-form button")
    officer.wait_for_selector("text=待负责人审批")
    url = officer.url
    assert officer.inner_text("#flow-step") == "立案待审批"

    head = login(browser, base, "m_head")
    head.goto(url)
    act(head, "", "#approve-filing")
    assert head.inner_text("#flow-step") == "调查取证"
    assert "作出行政处罚决定（自立案之日起）" in head.inner_text("table.deadlines")

    officer.goto(url)
    evidence = tmp_path / "现场检查笔录.txt"
    evidence.write_text("现场检查笔录", encoding="utf-8")
    officer.fill("#material-form input[name=title]", "现场检查笔录")
    officer.set_input_files("#material-form input[type=file]", str(evidence))
    act(officer, "#material-form")
    officer.fill("#notice-form input[name=proposed_penalty]", "没收违法所得，罚款80000元")
    officer.fill("#notice-form input[name=proposed_fine]", "80000")
    officer.fill("#notice-form input[name=served_at]", "2026-03-02T09:00")
    act(officer, "#notice-form", "#issue-notice")
    assert officer.inner_text("#flow-step") == "已告知（陈述申辩、听证）"
    officer.fill("#statement-form input[name=statement]", "初次违法，请求从轻")
    act(officer, "#statement-form")
    act(officer, "", "#submit-decision")

    head.goto(url)  # the head tries to decide before the review
    act(head, "", "#decide")
    assert "未经法制审核或者审核未通过的，不得作出决定（《行政处罚法》第五十八条）" in head.inner_text(".messages")
    shot(head, "1-refused")
    head.fill("form[action$='/act/send_back/'] input[name=reason]", "先送法制审核")
    act(head, "form[action$='/act/send_back/']")
    officer.goto(url)
    assert officer.inner_text("#flow-step") == "调查取证"
    officer.fill("#notice-form input[name=proposed_penalty]", "没收违法所得，罚款80000元")
    officer.fill("#notice-form input[name=proposed_fine]", "80000")
    officer.fill("#notice-form input[name=served_at]", "2026-03-02T09:00")
    act(officer, "#notice-form", "#issue-notice")
    officer.check("#statement-form input[name=waived]")
    act(officer, "#statement-form")
    officer.fill("#submit-review-form input[name=opinion]", "建议罚款8万元")
    act(officer, "#submit-review-form", "#submit-review")
    assert officer.inner_text("#flow-step") == "法制审核中"

    legal = login(browser, base, "m_reviewer")
    legal.goto(url)
    legal.select_option("#review-form select[name=finding_evidence]", "problem")
    legal.fill("#review-form input[name=note_evidence]", "缺少检验报告")
    legal.select_option("#review-form select[name=result]", "return")
    legal.fill("#review-form textarea[name=reasons]", "补充食品检验报告")
    act(legal, "#review-form", "#conclude-review")
    assert legal.inner_text("#flow-step") == "退回补充调查"
    assert "退回补充调查后重新提交审核" in legal.inner_text("table.deadlines")

    officer.goto(url)
    report = tmp_path / "检验报告.txt"
    report.write_text("检验报告：不合格", encoding="utf-8")
    officer.fill("#material-form input[name=title]", "检验报告")
    officer.set_input_files("#material-form input[type=file]", str(report))
    act(officer, "#material-form")
    act(officer, "#submit-review-form", "#submit-review")

    legal.goto(url)
    legal.select_option("#review-form select[name=result]", "approve")
    legal.fill("#review-form textarea[name=reasons]", "事实清楚，证据充分；罚款幅度建议5万元")
    act(legal, "#review-form", "#conclude-review")
    assert legal.inner_text("#flow-step") == "待集体讨论"
    legal.select_option("#dissent-form select[name=kind]", "reviewer")
    legal.select_option("#dissent-form select[name=holder]", label="审核员王")
    legal.fill("#dissent-form input[name=opinion]", "罚款5万元已足")
    legal.fill("#dissent-form input[name=reasons]", "首次违法，主动召回")
    legal.fill("#dissent-form input[name=prevailing]", "罚款8万元")
    act(legal, "#dissent-form", "#record-dissent")
    assert "罚款5万元已足" in legal.inner_text("#dissents")
    shot(legal, "2-reviewed")

    head.goto(url)
    head.fill("#discussion-form input[name=held_at]", "2026-03-02T15:00")
    head.fill("#discussion-form input[name=members]", "局长、副局长、法制科长")
    head.fill("#discussion-form input[name=conclusion]", "罚款8万元")
    act(head, "#discussion-form")
    act(head, "", "#decide")
    assert head.inner_text("#flow-step") == "已决定待送达"
    assert "测试市市场监督管理局罚〔2026〕1号" in head.inner_text("#registry-case")
    shot(head, "3-decided")
    handled = HandledCase.objects.get()
    assert handled.case.status == "decided" and handled.reviews.count() == 2 and handled.dissents.count() == 1

    head.goto(f"{base}/review/dissents/")
    assert "罚款5万元已足" in head.inner_text("#dissent-table")
    shot(head, "4-register")
