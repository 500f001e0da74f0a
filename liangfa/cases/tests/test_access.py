"""An officer of one agency cannot list, read or change another agency's cases: every page and endpoint."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from liangfa.cases.models import ImportBatch, PenaltyCase
from liangfa.core.models import AuditEntry
from liangfa.testing import load, record


@pytest.fixture
def market_case(world):
    load(world.market, [record()], actor=world.market_officer)
    return PenaltyCase.objects.get()


def test_outsider_sees_nothing_of_another_agency(world, market_case):
    outsider = world.client(world.tax_officer)
    listing = outsider.get("/cases/")
    assert listing.status_code == 200 and market_case.decision_no.encode() not in listing.content
    assert outsider.get(f"/cases/?agency={world.market.code}").context["cases"] == []
    assert outsider.get(f"/cases/{market_case.pk}/").status_code == 404
    assert outsider.post(f"/cases/{market_case.pk}/status/", {"status": "executing"}).status_code == 404
    assert outsider.get(f"/parties/{market_case.party_id}/").status_code == 404
    batch = ImportBatch.objects.get()
    assert outsider.get(f"/cases/import/{batch.pk}/").status_code == 404
    assert market_case.decision_no.encode() not in outsider.get("/").content
    assert market_case.decision_no.encode() not in outsider.get("/cases/import/").content
    # API
    assert outsider.get("/api/cases").json()["items"] == []
    assert outsider.get(f"/api/cases/{market_case.pk}").status_code == 404
    assert outsider.get(f"/api/parties/{market_case.party_id}").status_code == 404
    pushed = outsider.post("/api/cases/import", {"agency": world.market.code, "records": [record()]},
                           content_type="application/json")
    assert pushed.status_code == 403 and "无权导入" in pushed.json()["detail"]
    market_case.refresh_from_db()
    assert market_case.status == "decided"


def test_outsider_cannot_upload_for_another_agency(world):
    client = world.client(world.tax_officer)
    upload = SimpleUploadedFile("a.csv", b"x", content_type="text/csv")
    response = client.post("/cases/import/", {"agency": world.market.pk, "file": upload})
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_own_agency_and_the_agencies_below_it(world):
    load(world.county_market, [record(**{"行政处罚决定书文号": "县罚1号"})])
    load(world.market, [record()])
    city = world.client(world.market_officer).get("/api/cases").json()["items"]
    county = world.client(world.county_officer).get("/api/cases").json()["items"]
    assert {c["decision_no"] for c in city} == {"县罚1号", "测市监罚〔2025〕1号"}
    assert {c["decision_no"] for c in county} == {"县罚1号"}


def test_procuratorate_reads_are_logged_and_shown_to_the_owner(world, market_case):
    prosecutor = world.client(world.prosecutor)
    assert prosecutor.get(f"/cases/{market_case.pk}/").status_code == 200
    assert prosecutor.get(f"/api/cases/{market_case.pk}").status_code == 200
    reads = AuditEntry.objects.filter(action="case.read", owner_agency=world.market)
    assert [r.reason for r in reads] == ["跨机关查阅（页面）", "跨机关查阅（接口）"]
    receipts = world.client(world.market_head).get("/audit/reads/").content.decode()
    assert "测试市人民检察院" in receipts and "prosecutor" in receipts and market_case.decision_no in receipts
    # the owner's own reads are not cross-agency and not logged as such
    world.client(world.market_officer).get(f"/cases/{market_case.pk}/")
    assert AuditEntry.objects.filter(action="case.read").count() == 2


def test_police_do_not_see_administrative_cases_by_default(world, market_case):
    assert world.client(world.police_officer).get(f"/cases/{market_case.pk}/").status_code == 404


def test_admin_pages_are_for_admins_only(world):
    officer = world.client(world.market_officer)
    for url in ["/agencies/", "/agencies/users/", f"/agencies/users/{world.tax_officer.pk}/",
                f"/agencies/{world.market.code}/"]:
        assert officer.get(url).status_code == 403, url
    assert officer.post("/agencies/", {"code": "x"}).status_code == 403
