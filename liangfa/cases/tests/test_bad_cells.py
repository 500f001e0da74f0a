"""Cells that cannot be stored as they are: refused by row and column, never half-stored or echoed whole."""

import json

from liangfa.cases.models import PenaltyCase
from liangfa.testing import load, record


def _push(world, records):
    client = world.client(world.market_officer)
    return client.post("/api/cases/import", json.dumps({"records": records}), content_type="application/json")


def test_a_list_or_object_in_a_cell_is_refused_not_stored_as_text(world):
    response = _push(world, [record(**{"法定代表人": ["张三", "李四"]})])
    assert response.status_code == 422
    assert "应为文本" in json.dumps(response.json(), ensure_ascii=False)
    assert not PenaltyCase.objects.exists()
    result = load(world.market, [record(**{"法定代表人": {"name": "张三"}})])  # the same rule inside the importer
    assert result.accepted == 0 and "不能是列表或对象" in result.rejected[0]["error"]


def test_long_texts_have_limits_and_errors_do_not_echo_them(world):
    response = _push(world, [record(**{"违法事实": "事" * 100_000})])
    body = response.json()
    assert response.status_code == 422 and body["rejected"][0]["column"] == "违法事实"
    assert "超过 5000 字的长度上限" in body["rejected"][0]["error"]
    assert len(response.content) < 2000 and "共 100000 字" in body["rejected"][0]["value"]


def test_nul_and_surrogates_are_refused_with_a_chinese_answer(world):
    response = _push(world, [record(**{"违法事实": "a\x00b"})])
    assert response.status_code == 400 and "不允许的字符" in response.json()["detail"]
    body = json.dumps({"records": [record()]}).replace("\\u7126", "\\ud800")  # a lone half of a UTF-16 pair
    client = world.client(world.market_officer)
    response = client.post("/api/cases/import", body, content_type="application/json")
    assert response.status_code == 400 and "不允许的字符" in response.json()["detail"]
    result = load(world.market, [record(**{"违法行为类型": "\ud800"})])
    assert result.accepted == 0 and "不允许的字符" in result.rejected[0]["error"]


def test_wrong_shapes_answer_422_in_chinese(world):
    client = world.client(world.market_officer)
    for body in [{}, {"name": 5}, {"records": "x"}, {"records": [1]}]:
        response = client.post("/api/cases/import", json.dumps(body), content_type="application/json")
        assert response.status_code == 422
        message = response.json()["detail"][0]["msg"]
        assert "请求体“records" in message, message


def test_a_batch_that_breaks_ends_failed_with_the_reason(world, monkeypatch):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from liangfa.cases.models import ImportBatch
    from liangfa.cases.services import run_batch

    batch = ImportBatch.objects.create(agency=world.market, uploaded_by=world.market_officer, filename="x.csv",
                                       created_at=timezone.now())
    batch.file.save("x.csv", ContentFile(b"a,b\n"))

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("liangfa.cases.services.import_cases", broken)
    run_batch(batch)
    batch.refresh_from_db()
    assert batch.status == "failed" and "导入中断（RuntimeError）" in batch.message
