"""执法进度: a person follows their own matter by its 查询码; wrong codes are limited per address and never say
whether a code exists."""

from datetime import datetime

import pytest
import time_machine
from django.test import Client

from liangfa.clock.rules import TZ
from liangfa.core.errors import PermissionDenied
from liangfa.portal import tracking
from liangfa.portal.ratelimit import client_address
from liangfa.testing import ready_transfer
from liangfa.transfers import services as transfers

NOW = datetime(2025, 6, 2, 9, 0, tzinfo=TZ)


@pytest.fixture
def filed(world):
    with time_machine.travel(NOW, tick=False):
        transfer = ready_transfer(world, now=NOW, until="accepted")
        transfers.decide_filing(transfer, actor=world.police_officer, approver=world.police_head, file=True, case_no="测公(经)立字〔2025〕1号", now=datetime(2025, 6, 4, 9, 0, tzinfo=TZ))
    return transfer


def _ask(client, code: str, verifier: str, address="10.1.1.1"):
    return client.post("/gk/jindu/", {"code": code, "verifier": verifier}, REMOTE_ADDR=address).content.decode()


def test_the_party_sees_the_steps_the_law_lets_them_see(world, filed):
    code = tracking.issue_code(filed.case, actor=world.market_officer, now=NOW)
    page = _ask(Client(), tracking.printed(code.code), code.verifier)
    for step in ("已作出行政处罚决定（测市监罚〔2025〕1号）", "已移送公安机关", "公安机关已受理", "公安机关已立案"):
        assert step in page
    assert "2025年6月4日" in page and world.police.name in page
    # Internal steps and words stay inside: the approval, the 书面报告, the team, the suspected crime.
    for private in ("负责人批准移送", "达到追诉标准", "生产、销售伪劣产品罪", "m_officer2", "专案组"):
        assert private not in page


def test_a_wrong_code_and_a_wrong_verification_code_answer_alike(world, filed):
    code = tracking.issue_code(filed.case, actor=world.market_officer, now=NOW)
    wrong_verifier = _ask(Client(), code.code, "000000" if code.verifier != "000000" else "111111")
    wrong_code = _ask(Client(), "ABCDE-FGHJK", code.verifier)
    assert "查询码或验证码不正确" in wrong_verifier and "查询码或验证码不正确" in wrong_code
    strip = lambda html: html.replace(code.code, "").replace("ABCDEFGHJK", "").replace("ABCDE-FGHJK", "")  # noqa: E731
    assert strip(wrong_verifier).split("<main>")[1].split("<form")[0] == strip(wrong_code).split("<main>")[1].split(
        "<form")[0]
    assert "测市监罚" not in wrong_verifier


def test_wrong_codes_are_limited_per_address_without_a_captcha(world, filed, settings):
    settings.PORTAL_LOOKUP_FAILURES = 3
    code = tracking.issue_code(filed.case, actor=world.market_officer, now=NOW)
    client = Client()
    for _ in range(3):
        _ask(client, "ZZZZZZZZZZ", "123456")
    blocked = _ask(client, code.code, code.verifier)  # even the right paper waits now, from this address
    assert "查询失败次数过多" in blocked and "公安机关已立案" not in blocked
    assert "公安机关已立案" in _ask(client, code.code, code.verifier, address="10.9.9.9")


def test_the_code_is_issued_by_the_case_agency_only_and_printed_on_a_notice(world, filed):
    with pytest.raises(PermissionDenied):
        tracking.issue_code(filed.case, actor=world.tax_officer, now=NOW)
    client = world.client(world.market_officer)
    client.post(f"/portal/tracking/issue/{filed.case.pk}/")
    code = filed.case.tracking_codes.get()
    assert len(code.code) == 10 and set(code.code) <= set(tracking.ALPHABET) and len(code.verifier) == 6
    notice = client.get(f"/portal/tracking/{code.pk}/notice/")
    assert notice["Content-Type"].endswith("wordprocessingml.document")
    assert "执法进度查询码" in tracking.notice_text(code) and tracking.printed(code.code) in tracking.notice_text(code)


def test_the_client_address_comes_from_the_proxy_header_only_when_configured(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="1.2.3.4")
    assert client_address(request) == "10.0.0.1"
    settings.PORTAL_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assert client_address(request) == "1.2.3.4"
