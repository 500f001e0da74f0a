"""The 撤销案件 呈请 in Chromium: a refused form is shown again on the transfer page, not left on the POST address."""

import pytest

from liangfa.transfers.tests.test_browser import CHROMIUM, browser, login  # noqa: F401 (the fixture)

pytestmark = pytest.mark.skipif(not __import__("os").path.exists(CHROMIUM), reason="Debian chromium is not installed")


def test_a_refused_withdrawal_stays_on_the_transfer_page_with_what_was_typed(live_server, browser, tmp_path,  # noqa: F811
                                                                             settings):
    from liangfa.testing import build_world, ready_transfer
    from liangfa.transfers import services

    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    transfer = ready_transfer(world, until="accepted")
    services.decide_filing(transfer, actor=world.police_officer, approver=world.police_head, file=True,
                           case_no="测公(经)立字〔2026〕7号")
    base = live_server.url
    page = login(browser, base, "p_officer")
    page.goto(f"{base}/transfers/{transfer.pk}/")
    page.select_option("#withdraw-case-form select[name=ground]", "dead")
    page.click("#withdraw-case-form button")
    page.wait_for_selector("text=撤销案件须写明理由")
    assert page.url == f"{base}/transfers/{transfer.pk}/#withdraw-case-form"  # a reload opens the page, sends nothing
    assert page.input_value("#withdraw-case-form select[name=ground]") == "dead"
    page.reload()
    assert "撤销案件须写明理由" not in page.content() and page.inner_text("#transfer-status") == "已立案"
    page.fill("#withdraw-case-form input[name=reasons]", "犯罪嫌疑人已死亡")
    page.click("#withdraw-case-form button")
    page.wait_for_selector("text=呈请撤销案件：已呈请，待负责人审批")
    assert page.url == f"{base}/transfers/{transfer.pk}/"
