import json

from liangfa.agencies.tokens import issue_api_token
from liangfa.cases.models import PenaltyCase
from liangfa.core.models import AuditEntry
from liangfa.testing import record


def _push(client, payload, token=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.post("/api/cases/import", json.dumps(payload), content_type="application/json", **headers)


def test_agency_system_pushes_records_with_a_token(world, client):
    token = issue_api_token(world.market, actor=world.admin, name="业务系统")
    response = _push(client, {"records": [record()]}, token)
    assert response.status_code == 200
    assert response.json()["accepted"] == 1
    assert PenaltyCase.objects.get().agency == world.market
    again = _push(client, {"records": [record()]}, token).json()
    assert (again["accepted"], again["unchanged"]) == (0, 1)
    assert AuditEntry.objects.filter(action="case.import_create", actor=None).count() == 1


def test_token_cannot_push_for_another_agency_or_read_across(world, client):
    token = issue_api_token(world.market, actor=world.admin, name="业务系统")
    response = _push(client, {"agency": world.tax.code, "records": [record()]}, token)
    assert response.status_code == 403
    assert client.get("/api/parties/1", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 403


def test_bad_token_is_refused(world, client):
    assert _push(client, {"records": [record()]}, "lf_wrong").status_code == 401


def test_rejections_come_back_row_by_row(world, client):
    token = issue_api_token(world.market, actor=world.admin, name="业务系统")
    response = _push(client, {"records": [record(), record(**{"处罚决定日期": "明天", "行政处罚决定书文号": "测市监罚〔2025〕2号"})]}, token)
    assert response.status_code == 422
    body = response.json()
    assert body["accepted"] == 0
    assert body["rejected"] == [{"row": 2, "column": "处罚决定日期", "value": "明天",
                                 "error": "日期格式应为 2023-01-16（或 2023/1/16、2023年1月16日）"}]


def test_session_push_needs_csrf(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.market_officer)
    assert _push(client, {"records": [record()]}).status_code == 403
    assert PenaltyCase.objects.count() == 0


def test_openapi_docs(db, client):
    assert client.get("/api/openapi.json").status_code == 200
    assert client.get("/api/docs").status_code == 200


def test_case_list_renders_what_its_schema_declares(world, client):
    from liangfa.cases.api import ListedPage
    from liangfa.testing import load

    load(world.market, [record(), record(**{"行政处罚决定书文号": "2号", "罚款金额（万元）": None, "案件状态": "调查"})])
    token = issue_api_token(world.market, actor=world.admin, name="业务系统", scope="read")
    body = client.get("/api/cases", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert {item.decision_no for item in ListedPage.model_validate(body).items} == {"测市监罚〔2025〕1号", "2号"}
    second, first = body["items"]  # newest first: same date, higher id
    assert (first["fine_amount"], first["decision_date"], first["status_label"]) == ("52120.00", "2025-03-18", "决定")
    assert (first["agency"], first["agency_name"]) == (world.market.code, world.market.name)
    assert (second["fine_amount"], second["status_label"]) == (None, "调查")
    assert set(first) == set(ListedPage.model_fields["items"].annotation.__args__[0].model_fields)


def test_a_push_carries_the_network_fields_and_a_wrong_id_comes_back_in_words(world, client):
    from liangfa.parties.models import Party

    token = issue_api_token(world.market, actor=world.admin, name="业务系统")
    good = record(**{"法定代表人证件号码": "410802198503150019", "地址/住所": "焦作市解放区民主路18号",
                     "联系电话": "13903910001"})
    assert _push(client, {"records": [good]}, token).status_code == 200
    party = Party.objects.get()
    assert (party.rep_id_no, party.address_key, party.phone) == ("410802198503150019", "解放区民主路18号", "13903910001")
    bad = record(**{"行政处罚决定书文号": "测市监罚〔2025〕2号", "法定代表人证件号码": "410802198503150018"})
    response = _push(client, {"records": [bad]}, token)
    assert response.status_code == 422
    assert response.json()["rejected"] == [{"row": 1, "column": "法定代表人证件号码", "value": "410802198503150018",
                                            "error": "法定代表人证件号码不是有效的居民身份证号：校验码错误：应为 9，实为 8（GB 11643 校验码规则）"}]
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]["ImportIn"]
    assert "法定代表人证件号码" in schema["properties"]["records"]["description"]
