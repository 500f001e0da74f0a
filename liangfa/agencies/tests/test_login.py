"""One lockout for every login path; no answer tells whether an account exists."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from liangfa.core.models import AuditEntry
from liangfa.testing import PASSWORD

LOCKED = "登录失败次数过多"


def _login(client, username, password, url="/login/", **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


def _fail_until_locked(username, client=None, **extra):
    client = client or Client()
    answers = [_login(client, username, "wrong-password", **extra) for _ in range(settings.LOGIN_MAX_FAILURES)]
    return answers


def test_lockout_after_repeated_failures_then_expires(world):
    answers = _fail_until_locked("m_officer")
    assert all("用户名或密码错误".encode() in a.content for a in answers[:-1])
    assert answers[-1].status_code == 429 and LOCKED.encode() in answers[-1].content
    locked = _login(Client(), "m_officer", PASSWORD)  # even the right password is refused now
    assert locked.status_code == 429 and LOCKED in locked.content.decode()
    assert AuditEntry.objects.filter(action="auth.lockout").count() == 1
    with time_machine.travel(timezone.now() + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES + 1)):
        assert _login(Client(), "m_officer", PASSWORD).status_code == 302


def test_success_resets_the_count(world):
    client = Client()
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        _login(client, "m_officer", "wrong")
    assert _login(client, "m_officer", PASSWORD).status_code == 302
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        assert _login(Client(), "m_officer", "wrong").status_code == 200  # counting starts again


def test_unknown_and_existing_accounts_answer_alike(world):
    known = _fail_until_locked("m_officer", REMOTE_ADDR="10.0.0.1")
    unknown = _fail_until_locked("nobody-here", REMOTE_ADDR="10.0.0.2")
    for a, b in zip(known, unknown, strict=True):
        assert a.status_code == b.status_code
        assert _visible(a, "m_officer") == _visible(b, "nobody-here")


def _visible(response, username):
    """The page without the per-request CSRF token and the typed name."""
    text = re.sub(r'[0-9A-Za-z]{64}', "TOKEN", response.content.decode())
    return text.replace(username, "NAME")


def test_failures_from_one_address_lock_that_address(world):
    client = Client(REMOTE_ADDR="10.9.9.9")
    for n in range(settings.LOGIN_MAX_FAILURES):
        _login(client, f"guess{n}", "wrong")
    assert _login(client, "m_officer", PASSWORD).status_code == 429  # another account, same address
    assert _login(Client(REMOTE_ADDR="10.9.9.8"), "m_officer", PASSWORD).status_code == 302


def test_django_admin_login_is_the_site_login(world):
    response = Client().get("/django-admin/login/?next=/django-admin/")
    assert response.status_code == 302 and response["Location"] == "/login/?next=/django-admin/"
    client = Client()  # the admin's own form checks no password any more: nothing to guess there
    client.post("/django-admin/login/", {"username": "root", "password": PASSWORD})
    assert client.get("/django-admin/").status_code == 302
    _fail_until_locked("root")
    assert _login(client, "root", PASSWORD).status_code == 429  # a locked admin does not get in either
    assert client.get("/django-admin/").status_code == 302


def test_admin_unlocks(world):
    _fail_until_locked("m_officer")
    admin = world.client(world.admin)
    page = admin.get(f"/agencies/users/{world.market_officer.pk}/").content.decode()
    assert "登录已锁定" in page
    admin.post(f"/agencies/users/{world.market_officer.pk}/", {"unlock": "1"})
    assert _login(Client(REMOTE_ADDR="10.1.1.1"), "m_officer", PASSWORD).status_code == 302


@pytest.mark.parametrize("target", ["https://evil.example/phish", "//evil.example/x", "http://testserver.evil/"])
def test_next_after_a_form_stays_on_the_site(world, target):
    response = _login(Client(), "m_officer", PASSWORD) if False else Client().post(
        "/login/", {"username": "m_officer", "password": PASSWORD, "next": target})
    assert response.status_code == 302 and response["Location"] == "/"
    client = world.client(world.market_officer)
    response = client.post("/cooperation/consult/", {"next": target})
    assert not response.get("Location", "").startswith(("http", "//"))  # a refused form stays on the page
    response = client.post("/account/password/", {"next": target, "old_password": PASSWORD,
                                                  "new_password1": "Xq7!mzpa-Lw", "new_password2": "Xq7!mzpa-Lw"})
    assert response.status_code == 302 and response["Location"] == "/"


def test_local_next_is_followed(world):
    response = Client().post("/login/", {"username": "m_officer", "password": PASSWORD, "next": "/cases/?q=1"})
    assert response["Location"] == "/cases/?q=1"
