from django.conf import settings
from django.test import Client


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
