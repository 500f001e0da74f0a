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
    page = client.post(f"/agencies/{world.market.code}/", {"form": "token", "name": "业务系统"}).content.decode()
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
