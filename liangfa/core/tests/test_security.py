from datetime import timedelta

import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from liangfa.agencies.models import User
from liangfa.core.models import AuditEntry
from liangfa.testing import PASSWORD


def _login(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def test_login_lockout_after_repeated_failures(world):
    client = Client()
    for _ in range(settings.LOGIN_MAX_FAILURES):
        response = _login(client, "m_officer", "wrong-password")
        assert "用户名或密码错误".encode() in response.content
    response = _login(client, "m_officer", PASSWORD)  # even the right password is refused now
    assert response.status_code == 200
    assert "账号已锁定至".encode() in response.content
    assert AuditEntry.objects.filter(action="auth.lockout").count() == 1
    with time_machine.travel(timezone.now() + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES + 1)):
        assert _login(Client(), "m_officer", PASSWORD).status_code == 302


def test_successful_login_resets_the_failure_count(world):
    client = Client()
    _login(client, "m_officer", "wrong")
    assert _login(client, "m_officer", PASSWORD).status_code == 302
    assert User.objects.get(username="m_officer").failed_logins == 0


def test_csrf_is_enforced_on_forms(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.market_officer)
    assert client.post("/cases/import/", {}).status_code == 403


def test_pages_need_login(db):
    for url in ["/", "/cases/", "/cases/import/", "/agencies/", "/audit/reads/"]:
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url
    assert Client().get("/api/cases").status_code == 401


def test_secure_defaults():
    assert settings.DEBUG is False
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert settings.X_FRAME_OPTIONS == "DENY"
