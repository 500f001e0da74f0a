"""The 协作 page's forms (issue 16): a case named by its 决定书文号, dates by a date picker; a missing or wrong
entry is a Chinese field error, nothing is written, and what was typed stays."""

from datetime import date, timedelta

import time_machine

from liangfa.cooperation.models import AssistanceRequest, Consultation, EarlyIntervention
from liangfa.testing import load, record


def _case(world):
    load(world.market, [record(**{"行政处罚决定书文号": "焦市监罚〔2026〕901号"})])
    return world.market.cases.get()


def test_intervention_names_its_case_by_decision_number_in_any_brackets(world):
    case = _case(world)
    client = world.client(world.market_officer)
    response = client.post("/cooperation/intervene/", {"case": "焦市监罚[2026]901号", "police": world.police.pk,
                                                       "reason": "涉案数额大，可能转移证据"})
    assert response.status_code == 302
    assert EarlyIntervention.objects.get().case == case


def test_a_wrong_case_number_is_a_field_error_and_the_typed_words_stay(world):
    _case(world)
    client = world.client(world.market_officer)
    response = client.post("/cooperation/intervene/", {"case": "焦市监罚〔2026〕999号", "police": world.police.pk,
                                                       "reason": "涉案数额大"})
    page = response.content.decode()
    assert response.status_code == 400 and not EarlyIntervention.objects.exists()
    assert "没有找到决定书文号为“焦市监罚〔2026〕999号”的案件" in page
    assert 'value="焦市监罚〔2026〕999号"' in page and 'value="涉案数额大"' in page
    assert "invalid literal" not in page and "Traceback" not in page


def test_another_agencys_case_cannot_be_named(world):
    _case(world)
    response = world.client(world.tax_officer).post(
        "/cooperation/intervene/", {"case": "焦市监罚〔2026〕901号", "police": world.police.pk, "reason": "x"})
    assert response.status_code == 400 and "无权查看" in response.content.decode()


@time_machine.travel(date(2026, 11, 20))
def test_assistance_without_a_date_or_with_a_past_one_is_refused_in_chinese(world):
    client = world.client(world.market_officer)
    data = {"kind": "query", "counterpart": world.police.pk, "subject": "查询当事人前科"}
    page = client.post("/cooperation/assist/", {**data, "due_date": ""}).content.decode()
    assert "请选择期望完成日期" in page and "Invalid isoformat" not in page and 'value="查询当事人前科"' in page
    page = client.post("/cooperation/assist/", {**data, "due_date": "2026-11-19"}).content.decode()
    assert "期望完成日期不能早于今天" in page and not AssistanceRequest.objects.exists()
    assert client.post("/cooperation/assist/", {**data, "due_date": "2026-11-27"}).status_code == 302
    assert AssistanceRequest.objects.get().due_date == date(2026, 11, 27)
    assert 'type="date"' in client.get("/cooperation/").content.decode()


def test_consultation_missing_question_and_overdue_reply_show_in_chinese(world):
    client = world.client(world.market_officer)
    response = client.post("/cooperation/consult/", {"to_agency": world.police.pk, "topic": "crime", "question": ""})
    assert response.status_code == 400 and "请填写咨询事项" in response.content.decode()
    assert client.post("/cooperation/consult/", {"to_agency": world.police.pk, "topic": "crime",
                                                 "question": "是否涉嫌犯罪？"}).status_code == 302
    assert "待答复（三个工作日）" in client.get("/cooperation/").content.decode()
    Consultation.objects.update(asked_at=Consultation.objects.get().asked_at - timedelta(days=30))
    from liangfa.clock.models import Deadline

    Deadline.objects.update(due_at=Deadline.objects.get().due_at - timedelta(days=30))
    assert "逾期未答复" in client.get("/cooperation/").content.decode()


def test_case_lookup_offers_cases_as_one_types(world):
    _case(world)
    client = world.client(world.market_officer)
    page = client.get("/cases/lookup/", {"case": "2026]901"}).content.decode()
    assert '<option value="焦市监罚〔2026〕901号">' in page
    assert "901号" not in world.client(world.tax_officer).get("/cases/lookup/", {"case": "901"}).content.decode()
