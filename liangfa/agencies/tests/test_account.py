"""Own password change, 管理员's reset, password rules, the TOTP second factor, the demo password."""

import re
import threading

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from liangfa.agencies.models import User
from liangfa.agencies.passwords import DEMO_PASSWORD
from liangfa.core.models import AuditEntry
from liangfa.testing import PASSWORD, build_world

NEW = "Qz8!harbor-Lamp"


def _code(device) -> str:
    return str(TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()).zfill(6)


def _login(client, username, password=PASSWORD, **data):
    return client.post("/login/", {"username": username, "password": password, **data})


def test_person_changes_own_password(world):
    client = world.client(world.market_officer)
    wrong = client.post("/account/password/", {"old_password": "nope", "new_password1": NEW, "new_password2": NEW})
    assert "原密码不正确" in wrong.content.decode()
    done = client.post("/account/password/", {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    assert _login(Client(), "m_officer", NEW).status_code == 302
    assert AuditEntry.objects.filter(action="user.password_change").count() == 1


def test_wrong_old_passwords_count_towards_the_lockout(world):
    client = world.client(world.market_officer)
    for _ in range(settings.LOGIN_MAX_FAILURES):
        page = client.post("/account/password/", {"old_password": "guess", "new_password1": NEW, "new_password2": NEW})
    assert "登录失败次数过多" in page.content.decode()
    assert _login(Client(REMOTE_ADDR="10.3.3.3"), "m_officer").status_code == 429


@pytest.mark.parametrize(("password", "rule"), [
    ("m_officer10-2026", "不能包含用户名或姓名"),
    (DEMO_PASSWORD, "公开的演示密码"),
    ("abcdefghijk", "至少三类"),
    ("short1!", "至少包含 10 个字符"),
])
def test_password_rules_in_chinese_with_the_users_own_attributes(world, password, rule):
    client = world.client(world.market_officer)
    page = client.post("/account/password/", {"old_password": PASSWORD, "new_password1": password,
                                               "new_password2": password}).content.decode()
    assert rule in page


def test_new_user_password_checked_against_their_name(world):
    admin = world.client(world.admin)
    page = admin.post("/agencies/users/", {"username": "secuser10", "full_name": "安全", "agency": world.market.pk,
                                           "roles": ["officer"], "password": "secuser10-2026"}).content.decode()
    assert "不能包含用户名或姓名" in page and not User.objects.filter(username="secuser10").exists()


def test_admin_reset_forces_a_change_at_next_login(world):
    admin = world.client(world.admin)
    admin.post(f"/agencies/users/{world.market_officer.pk}/", {"reset_password": "1", "password": "Temp#2026-river"})
    client = Client()
    assert _login(client, "m_officer", "Temp#2026-river").status_code == 302
    response = client.get("/cases/")
    assert response.status_code == 302 and response["Location"].startswith("/account/password/")
    assert client.get("/api/cases").status_code == 403
    client.post("/account/password/", {"old_password": "Temp#2026-river", "new_password1": NEW, "new_password2": NEW})
    assert client.get("/cases/").status_code == 200
    assert AuditEntry.objects.filter(action="user.password_reset").count() == 1


def test_demo_password_refused_in_production(world, settings):
    settings.LIANGFA_PRODUCTION = True
    user = world.market_officer
    user.set_password(DEMO_PASSWORD)
    user.save()
    page = _login(Client(), "m_officer", DEMO_PASSWORD)
    assert page.status_code == 200 and "公开的演示密码" in page.content.decode()
    settings.LIANGFA_PRODUCTION = False
    assert _login(Client(), "m_officer", DEMO_PASSWORD).status_code == 302


@pytest.mark.parametrize("persona", ["admin", "prosecutor"])
def test_totp_required_for_admin_and_prosecutor_in_production(world, settings, persona):
    settings.REQUIRE_SECOND_FACTOR = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own back-off would refuse the right code 1 s later
    user = getattr(world, persona)
    client = Client()
    assert _login(client, user.username).status_code == 302
    response = client.get("/cases/")
    assert response.status_code == 302 and response["Location"].startswith("/account/otp/")
    page = client.get("/account/otp/").content.decode()
    assert "<svg" in page and "扫描" in page and "https://" not in page.split("<main>")[1]  # QR drawn here
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert "动态口令不正确" in client.post("/account/otp/", {"token": "000000" if _code(device) != "000000" else "111111"}).content.decode()
    assert client.post("/account/otp/", {"token": _code(device)}).status_code == 302
    assert client.get("/cases/").status_code == 200
    # the next login asks for the code of the enrolled device
    again = Client()
    _login(again, user.username)
    assert again.get("/cases/")["Location"].startswith("/account/otp/")
    assert "请输入身份验证器上显示的 6 位动态口令" in again.get("/account/otp/").content.decode()


def test_totp_not_asked_of_an_officer_nor_outside_production(world, settings):
    settings.REQUIRE_SECOND_FACTOR = True
    client = Client()
    _login(client, "m_officer")
    assert client.get("/cases/").status_code == 200
    settings.REQUIRE_SECOND_FACTOR = False
    client = Client()
    _login(client, "root")
    assert client.get("/agencies/").status_code == 200


def test_wrong_codes_lock_the_account(world, settings):
    settings.REQUIRE_SECOND_FACTOR = True
    client = Client()
    _login(client, "prosecutor")
    client.get("/account/otp/")
    device = TOTPDevice.objects.get(user=world.prosecutor)
    wrong = "123456" if _code(device) != "123456" else "654321"
    for _ in range(settings.LOGIN_MAX_FAILURES):
        response = client.post("/account/otp/", {"token": wrong})
    assert response.status_code == 429 and "登录失败次数过多" in response.content.decode()
    assert client.get("/cases/")["Location"].startswith("/login/")  # logged out
    assert _login(Client(REMOTE_ADDR="10.4.4.4"), "prosecutor").status_code == 429
    assert AuditEntry.objects.filter(action="auth.lockout").count() == 1


def test_pages_carry_csp_and_permissions_policy_and_no_cdn(world):
    client = world.client(world.admin)
    for url in ["/", "/login/", "/reports/", "/reports/gap/", "/api/docs"]:
        response = client.get(url)
        assert response.status_code == 200, url
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, url
        assert "camera=()" in response["Permissions-Policy"]
        body = response.content.decode()
        assert not re.search(r"""(src|href)=["']https?://""", body), url
        assert "<script>" not in body and " style=" not in body, url
    docs = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()


pytestmark_pg = pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel logins need PostgreSQL")


@pytestmark_pg
@pytest.mark.django_db(transaction=True)
def test_thirty_parallel_wrong_passwords_are_checked_at_most_limit_times(monkeypatch):
    build_world()
    checked = []
    original = User.check_password

    def counting(self, raw):
        checked.append(raw)
        return original(self, raw)

    monkeypatch.setattr(User, "check_password", counting)
    barrier = threading.Barrier(30)
    statuses = []

    def guess(n):
        try:
            barrier.wait()
            statuses.append(Client(REMOTE_ADDR=f"10.5.{n}.1").post(
                "/login/", {"username": "m_officer", "password": f"guess-{n}"}).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checked) == settings.LOGIN_MAX_FAILURES
    assert statuses.count(429) == 30 - settings.LOGIN_MAX_FAILURES + 1
    assert AuditEntry.objects.filter(action="auth.lockout").count() == 1
