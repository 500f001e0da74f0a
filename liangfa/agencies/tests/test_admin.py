import pytest

from liangfa.agencies.models import Agency, User
from liangfa.agencies.services import create_user, set_roles
from liangfa.core.errors import DomainError, PermissionDenied
from liangfa.core.models import AuditEntry


def test_admin_creates_agency_and_user_through_pages(world):
    client = world.client(world.admin)
    response = client.post("/agencies/", {"code": "t-ly", "name": "测试市林业局", "kind": "administrative",
                                          "level": "city", "region_code": "410800", "field": "forestry"})
    assert response.status_code == 302
    forestry = Agency.objects.get(code="t-ly")
    response = client.post("/agencies/users/", {"username": "ly1", "full_name": "徐执法", "agency": forestry.pk,
                                                "roles": ["officer", "liaison"], "password": "Ly-officer-2026"})
    assert response.status_code == 302
    user = User.objects.get(username="ly1")
    assert user.roles == ["liaison", "officer"] and user.agency == forestry
    assert AuditEntry.objects.filter(action="user.create", object_id=str(user.pk)).exists()


def test_bad_region_and_duplicate_code_are_refused(world):
    client = world.client(world.admin)
    page = client.post("/agencies/", {"code": "t-x", "name": "某局", "kind": "administrative", "level": "city",
                                      "region_code": "999999", "field": "market"}).content.decode()
    assert "行政区划代码 999999 不在区划代码表中" in page
    with pytest.raises(DomainError, match="用户名 m_officer 已存在"):
        create_user(actor=world.admin, username="m_officer", password="x", agency=world.market, roles=[])


def test_roles_are_checked(world):
    with pytest.raises(DomainError, match="未知角色：boss"):
        set_roles(world.market_officer, ["boss"], actor=world.admin)
    with pytest.raises(PermissionDenied):
        set_roles(world.market_officer, ["admin"], actor=world.market_officer)


def test_admin_issues_a_token_shown_once(world):
    client = world.client(world.admin)
    page = client.post(f"/agencies/{world.market.code}/", {"form": "token", "name": "业务系统", "scope": "push", "days": "365"}).content.decode()
    assert "lf_" in page and "只显示这一次" in page
    assert "lf_" not in client.get(f"/agencies/{world.market.code}/").content.decode()


def test_admin_records_liaisons_and_agreements(world):
    from liangfa.agencies.models import CooperationAgreement, Liaison
    from liangfa.agencies.services import set_roles

    set_roles(world.market_officer, ["officer", "liaison"], actor=world.admin)
    client = world.client(world.admin)
    client.post(f"/agencies/{world.market.code}/", {"form": "liaison", "user": world.market_officer.pk,
                                                     "counterpart": world.police.pk, "since": "2025-01-01"})
    assert Liaison.objects.get().counterpart == world.police
    page = client.post(f"/agencies/{world.market.code}/", {"form": "liaison", "user": world.market_head.pk,
                                                            "counterpart": world.police.pk, "since": "2025-01-01"},
                       follow=True).content.decode()
    assert "没有联络员角色" in page
    client.post(f"/agencies/{world.market.code}/", {"form": "agreement", "counterpart": world.police.pk,
                                                     "signed_on": "2025-03-01", "scope": "线索通报、案件移送"})
    agreement = CooperationAgreement.objects.get()
    assert agreement.agency_b == world.police and "执法办案协作协议" in agreement.title


def test_admin_edits_an_agency_and_the_hierarchy_follows(world):
    client = world.client(world.admin)
    data = {"form": "edit", "code": world.tax.code, "name": "测试市税务局（稽查局）", "kind": "administrative",
            "level": "county", "region_code": "410821", "field": "tax", "parent": world.market.pk, "uscc": ""}
    client.post(f"/agencies/{world.tax.code}/", data)
    world.tax.refresh_from_db()
    assert world.tax.name == "测试市税务局（稽查局）" and world.tax.parent == world.market
    from liangfa.testing import load, record

    load(world.tax, [record(**{"行政处罚决定书文号": "税罚1号"})])
    assert [c["decision_no"] for c in world.client(world.market_officer).get("/api/cases").json()["items"]] == ["税罚1号"]
    page = client.post(f"/agencies/{world.market.code}/", {**data, "code": world.market.code, "name": "测试市市场监督管理局",
                                                            "parent": world.tax.pk}, follow=True).content.decode()
    assert "上级机关不能是本机关或其下级机关" in page
    assert AuditEntry.objects.filter(action="agency.update", object_id=str(world.tax.pk)).count() == 1


def test_tokens_are_revoked_rotated_and_expire_and_a_push_token_cannot_read(world, client):
    """Issue 18: tokens revocable and rotatable by 管理员 (page and command, audited), with an expiry and a
    last-used time; a push-only token cannot read."""
    import io
    import json
    from datetime import timedelta

    import time_machine
    from django.core.management import call_command
    from django.utils import timezone

    from liangfa.agencies import tokens
    from liangfa.agencies.models import ApiToken
    from liangfa.testing import record

    push = tokens.issue_api_token(world.market, actor=world.admin, name="业务系统")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {push}"}
    pushed = client.post("/api/cases/import", json.dumps({"records": [record()]}), content_type="application/json",
                         **bearer)
    assert pushed.status_code == 200
    refused = client.get("/api/cases", **bearer)
    assert refused.status_code == 403 and "只能推送案件，不能查询" in refused.json()["detail"]
    row = ApiToken.objects.get()
    assert row.last_used_at is not None and row.scope == "push"
    # rotate on the page: the old token stops at once, the new one is shown once
    page = world.client(world.admin).post(f"/agencies/{world.market.code}/", {"form": "rotate", "token": row.pk})
    new = page.context["token"]
    assert new and new != push
    assert client.get("/api/cases/1", **bearer).status_code == 401
    # revoke by command
    newest = ApiToken.objects.get(revoked=False)
    out = io.StringIO()
    call_command("token", "revoke", str(newest.pk), "--user", "root", stdout=out)
    assert "已吊销令牌" in out.getvalue()
    assert client.get("/api/cases/1", HTTP_AUTHORIZATION=f"Bearer {new}").status_code == 401
    assert AuditEntry.objects.filter(action__in=["api_token.issue", "api_token.revoke"]).count() == 4
    # an expired token is refused
    reader = tokens.issue_api_token(world.market, actor=world.admin, name="查询", days=1, scope="read")
    assert client.get("/api/cases", HTTP_AUTHORIZATION=f"Bearer {reader}").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        tokens._cache.clear()
        assert client.get("/api/cases", HTTP_AUTHORIZATION=f"Bearer {reader}").status_code == 401
