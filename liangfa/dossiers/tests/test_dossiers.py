"""调阅案卷 (issue 17): the procuratorate asks for a case file, the agency uploads 笔录/证据/文书 within the
local-practice period of the rule data, and every material another organ opens is on the owner's 查阅回执."""

from datetime import datetime, timedelta
from urllib.parse import unquote

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from liangfa.cases.models import PenaltyCase
from liangfa.clock.models import Deadline
from liangfa.clock.rules import TZ, get_rule
from liangfa.core.models import AuditEntry
from liangfa.dossiers.models import DossierMaterial, DossierRequest
from liangfa.testing import load, record

ASKED = datetime(2026, 3, 2, 10, 0, tzinfo=TZ)
DOCX = b"PK\x03\x04" + b"\x00" * 60
NUMBER = "测市监罚〔2025〕1号"


def _ask(world):
    load(world.market, [record()])
    with time_machine.travel(ASKED, tick=False):
        response = world.client(world.prosecutor).post("/dossiers/new/", {"decision_no": NUMBER,
                                                                          "reason": "审查是否以罚代刑"})
    assert response.status_code == 302
    return DossierRequest.objects.get()


def _upload(client, item, name="询问笔录.docx", data=DOCX, title="询问笔录", kind="record"):
    return client.post(f"/dossiers/{item.pk}/act/upload/", {"kind": kind, "title": title,
                                                             "file": SimpleUploadedFile(name, data)}, follow=True)


def test_the_period_is_local_practice_citing_what_the_law_says():
    rule = get_rule("DOS_SUPPLY")
    assert (rule.confidence, rule.configurable, rule.period_text) == ("L", True, "十个工作日")
    assert rule.citation == "《行政执法机关移送涉嫌犯罪案件的规定》第十四条第一款"
    assert "未规定提供调阅案卷材料的期限" in rule.law_says


def test_request_upload_supply_and_every_read_on_the_owners_receipts(world):
    item = _ask(world)
    deadline = Deadline.objects.get(rule_id="DOS_SUPPLY")
    assert deadline.holder_agency == world.market and deadline.due_at.date().isoformat() == "2026-03-16"
    prosecutor, officer = world.client(world.prosecutor), world.client(world.market_officer)
    page = prosecutor.get(f"/dossiers/{item.pk}/").content.decode()
    assert "待提供案卷" in page and "10个工作日" in page and "第十四条第一款" in page
    assert world.client(world.tax_officer).get(f"/dossiers/{item.pk}/").status_code == 404
    assert "检察院调阅、待提供的案卷" in officer.get("/").content.decode()

    bad = _upload(officer, item, name="笔录.exe").content.decode()
    assert "格式不支持" in bad and not DossierMaterial.objects.exists()
    forged = _upload(officer, item, name="笔录.pdf", data=b"MZ\x90").content.decode()
    assert "内容与扩展名 PDF 不符" in forged and not DossierMaterial.objects.exists()
    assert "尚未上传任何案卷材料" in officer.post(f"/dossiers/{item.pk}/act/supply/", follow=True).content.decode()
    assert "已上传案卷材料" in _upload(officer, item).content.decode()
    assert "已上传 1 份，提供后可查阅" in prosecutor.get(f"/dossiers/{item.pk}/").content.decode()
    material = DossierMaterial.objects.get()
    assert prosecutor.get(f"/dossiers/materials/{material.pk}/").status_code == 404  # not yet supplied
    assert "无权" in world.client(world.tax_officer).post(f"/dossiers/{item.pk}/act/supply/").content.decode() or \
        world.client(world.tax_officer).post(f"/dossiers/{item.pk}/act/supply/").status_code == 404

    officer.post(f"/dossiers/{item.pk}/act/supply/", {"note": "全部材料"})
    item.refresh_from_db()
    assert item.get_status_display() == "已提供案卷"
    assert Deadline.objects.get(rule_id="DOS_SUPPLY").get_state_display() == "已完成"
    download = prosecutor.get(f"/dossiers/materials/{material.pk}/")
    assert download.status_code == 200 and "笔录-询问笔录.docx" in unquote(download["Content-Disposition"])
    receipts = world.client(world.market_head).get("/audit/reads/").content.decode()
    assert "调阅案卷材料" in receipts and f"{NUMBER} 笔录《询问笔录》" in receipts and "测试市人民检察院" in receipts
    own_reads = AuditEntry.objects.filter(action="case.read", actor_id=world.market_officer.pk)
    officer.get(f"/dossiers/materials/{material.pk}/")
    assert not own_reads.exists()  # the owner's own reads are not receipted
    assert "已提供、待阅的调阅案卷" in prosecutor.get("/").content.decode()
    prosecutor.post(f"/dossiers/{item.pk}/act/close/")
    assert DossierRequest.objects.get().get_status_display() == "已阅毕"
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"dossier.request", "dossier.material", "dossier.supply", "dossier.close"} <= actions


def test_a_late_file_shows_overdue_and_bad_requests_are_refused_in_chinese(world):
    item = _ask(world)
    with time_machine.travel(ASKED + timedelta(days=15)):
        assert "逾期" in world.client(world.prosecutor).get("/dossiers/").content.decode()
    prosecutor = world.client(world.prosecutor)
    again = prosecutor.post("/dossiers/new/", {"decision_no": NUMBER, "reason": "再次"}, follow=True).content.decode()
    assert "无需重复调阅" in again and DossierRequest.objects.count() == 1
    empty = prosecutor.post("/dossiers/new/", {"decision_no": NUMBER, "reason": " "}, follow=True).content.decode()
    assert "请填写调阅事由" in empty
    unknown = prosecutor.post("/dossiers/new/", {"decision_no": "无此文号", "reason": "x"}).content.decode()
    assert "决定书文号：未找到“无此文号”" in unknown
    assert world.client(world.market_officer).get("/dossiers/new/").status_code == 404
    assert item.pk


def test_the_api_asks_and_hides_the_request_from_other_agencies(world):
    load(world.market, [record()])
    case = PenaltyCase.objects.get()
    prosecutor = world.client(world.prosecutor)
    made = prosecutor.post("/api/dossiers", {"case_id": case.pk, "reason": "接口调阅"}, content_type="application/json")
    assert made.status_code == 201 and made.json()["status_label"] == "待提供案卷"
    assert made.json()["deadlines"][0]["period"] == "10个工作日"
    pk = made.json()["id"]
    assert world.client(world.tax_officer).get(f"/api/dossiers/{pk}").status_code == 404
    refused = world.client(world.market_officer).post("/api/dossiers", {"case_id": case.pk, "reason": "x"},
                                                      content_type="application/json")
    assert refused.status_code == 403 and "检察官" in refused.json()["detail"]
    officer = world.client(world.market_officer)
    uploaded = officer.post(f"/api/dossiers/{pk}/materials", {"kind": "evidence", "title": "检验报告",
                                                               "file": SimpleUploadedFile("检验报告.docx", DOCX)})
    assert uploaded.status_code == 201 and uploaded.json()["kind_label"] == "证据"
    supplied = officer.post(f"/api/dossiers/{pk}/supply", {}, content_type="application/json")
    assert supplied.json()["status_label"] == "已提供案卷"
    got = prosecutor.get(f"/api/dossiers/{pk}").json()
    assert [m["title"] for m in got["materials"]] == ["检验报告"]
    assert AuditEntry.objects.filter(action="case.read", owner_agency_id=world.market.pk,
                                     reason="跨机关查阅（接口）").exists()
