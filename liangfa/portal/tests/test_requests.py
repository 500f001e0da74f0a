"""群众诉求: filed on the public site or entered by staff, on their clock, assigned, answered, read with the
number, rated; 举报 turned into a clue; 行政复议申请 forwarded to the 复议机关; uploads and limits."""

from datetime import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from liangfa.agencies import services as agency_services
from liangfa.clock.models import Deadline, Notification
from liangfa.clock.rules import TZ
from liangfa.core.errors import DomainError, PermissionDenied
from liangfa.portal import schedule, services
from liangfa.portal.choices import RequestKind, RequestStatus
from liangfa.portal.models import PublicRequest

NOW = datetime(2025, 6, 3, 10, 0, tzinfo=TZ)  # a Tuesday
VALUES = {"name": "李秀英", "phone": "13903912345", "email": "li@example.com", "subject": "建议公开抽检结果",
          "body": "希望每月公布农贸市场抽检结果。"}


def _submit(world, kind=RequestKind.SUGGESTION, **extra):
    return services.submit_request(kind=kind, agency=world.market, values={**VALUES, **extra}, now=NOW)


def test_a_request_gets_its_clock_a_number_and_tells_the_agency(world):
    req = _submit(world, RequestKind.INFO_DISCLOSURE)
    assert req.tracking_no.startswith("GK20250603") and len(req.secret) == 6
    deadline = Deadline.objects.get(object_id=req.pk, rule_id="GOV_INFO_REPLY")
    # 二十个工作日 from receipt (《政府信息公开条例》第三十三条第二款): 3 June + 20 working days, 端午 not counted.
    assert deadline.due_at == datetime(2025, 7, 1, 23, 59, 59, tzinfo=TZ)
    assert Notification.objects.filter(user=world.market_officer, text__contains=req.tracking_no).exists()
    assert not Notification.objects.filter(user=world.tax_officer).exists()


def test_staff_answer_the_person_reads_it_with_the_number_and_rates_it(world):
    req = _submit(world)
    officer = world.market_officer
    services.assign(req, actor=world.market_head, handler=officer, now=NOW)
    assert Notification.objects.filter(user=officer, text__startswith="请承办").exists()
    services.answer(req, actor=officer, text="已在网站开设抽检结果专栏，每月10日前更新。", now=NOW)
    req.refresh_from_db()
    assert req.status == RequestStatus.ANSWERED
    assert Deadline.objects.get(object_id=req.pk, rule_id="PORTAL_SUGGESTION_REPLY").state == "done"
    person = Client()
    page = person.post("/gk/fuwu/chaxun/", {"number": req.tracking_no, "secret": req.secret}).content.decode()
    assert "已在网站开设抽检结果专栏" in page and "已答复" in page
    rated = person.post("/gk/fuwu/chaxun/pingjia/", {"number": req.tracking_no, "secret": req.secret, "rating": 4,
                                                      "note": "答复及时"}).content.decode()
    assert "感谢您的评价" in rated and "满意：答复及时" in rated
    with pytest.raises(DomainError, match="只能评价一次"):
        services.rate(req, rating=1)


def test_a_wrong_secret_reads_nothing(world):
    req = _submit(world)
    page = Client().post("/gk/fuwu/chaxun/", {"number": req.tracking_no, "secret": "AAAAAA"}).content.decode()
    assert "受理编号或查询密码不正确" in page and VALUES["subject"] not in page


def test_only_the_agency_handles_and_refusals_change_nothing(world):
    req = _submit(world)
    with pytest.raises(PermissionDenied):
        services.answer(req, actor=world.tax_officer, text="x", now=NOW)
    with pytest.raises(DomainError, match="请填写书面答复"):
        services.answer(req, actor=world.market_officer, text="  ", now=NOW)
    assert PublicRequest.objects.get(pk=req.pk).status == RequestStatus.SUBMITTED
    assert world.client(world.tax_officer).get(f"/portal/requests/{req.pk}/").status_code == 404


def test_overdue_requests_show_in_the_handlers_todo(world):
    req = _submit(world, RequestKind.CONSULT)
    with time_machine.travel(datetime(2025, 6, 20, 9, 0, tzinfo=TZ), tick=False):
        home = world.client(world.market_officer).get("/").content.decode()
        assert "群众诉求已逾期未办结" in home
        listing = world.client(world.market_officer).get("/portal/requests/?status=overdue").content.decode()
        assert req.tracking_no in listing


def test_a_reconsideration_goes_to_the_government_of_the_same_level(world):
    government = agency_services.create_agency(actor=world.admin, code="t-gov", name="测试市人民政府", kind="government",
                                               level="city", region_code="410800", field="general")
    req = _submit(world, RequestKind.RECONSIDERATION, decision_no="测市监罚〔2025〕1号")
    services.forward(req, actor=world.market_officer, now=NOW)
    req.refresh_from_db()
    assert req.status == RequestStatus.FORWARDED and req.forwarded_to == government.name
    copy = PublicRequest.objects.get(agency=government)
    assert copy.secret == req.secret and copy.tracking_no in req.answer
    assert Deadline.objects.get(object_id=copy.pk, rule_id="RECONSIDERATION_FORWARD").holder_agency == government


def test_a_crime_report_becomes_a_clue_of_the_agency(world):
    req = _submit(world, RequestKind.COMPLAINT, subject="举报销售假药", body="某药店销售假药，数量很大。")
    with pytest.raises(DomainError, match="写明涉嫌犯罪的事实"):
        services.refer_report(req, actor=world.market_officer, note="", now=NOW)
    services.refer_report(req, actor=world.market_officer, note="数量较大，可能涉嫌销售假药罪", now=NOW)
    home = world.client(world.market_officer).get("/").content.decode()
    assert "群众举报转来的涉嫌犯罪线索（未关联案件）" in home
    with pytest.raises(DomainError, match="只有投诉举报"):
        services.refer_report(_submit(world), actor=world.market_officer, note="x", now=NOW)


def test_staff_enter_a_letter_with_its_receipt_date(world):
    received = datetime(2025, 5, 30, 15, 0, tzinfo=TZ)
    req = services.enter_request(kind=RequestKind.COMPLAINT, agency=world.market, values=VALUES, channel="letter",
                                 received_at=received, actor=world.market_officer, now=NOW)
    assert req.channel == "letter" and req.entered_by == world.market_officer
    assert Deadline.objects.get(object_id=req.pk).started_at == received
    with pytest.raises(PermissionDenied):
        services.enter_request(kind=RequestKind.COMPLAINT, agency=world.market, values=VALUES, channel="letter",
                               received_at=received, actor=world.tax_officer, now=NOW)


@pytest.mark.parametrize(("values", "error"), [
    ({"name": ""}, "请填写“姓名或名称”"),
    ({"subject": "长" * 101}, "“标题”不能超过 100 个字"),
    ({"phone": "", "email": ""}, "请至少填写“联系电话”或“电子邮箱”"),
])
def test_bad_input_names_the_field_and_changes_nothing(world, values, error):
    with pytest.raises(DomainError, match=error):
        _submit(world, **values)
    assert not PublicRequest.objects.exists() and not Deadline.objects.exists()


def test_uploads_are_checked_and_kept_outside_the_web_root(world, settings):
    fake = SimpleUploadedFile("证据.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(DomainError, match="内容与扩展名 .pdf 不符"):
        services.submit_request(kind=RequestKind.COMPLAINT, agency=world.market, values=VALUES, upload=fake, now=NOW)
    with pytest.raises(DomainError, match="格式不支持"):
        services.submit_request(kind=RequestKind.COMPLAINT, agency=world.market, values=VALUES,
                                upload=SimpleUploadedFile("a.exe", b"MZ"), now=NOW)
    good = SimpleUploadedFile("照片.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    req = services.submit_request(kind=RequestKind.COMPLAINT, agency=world.market, values=VALUES, upload=good, now=NOW)
    stored = settings.PORTAL_UPLOAD_ROOT / req.attachment_path
    assert stored.exists() and str(settings.MEDIA_ROOT) not in str(stored) and req.attachment_name == "照片.png"
    assert world.client(world.market_officer).get(f"/portal/requests/{req.pk}/attachment/").status_code == 200
    assert world.client(world.tax_officer).get(f"/portal/requests/{req.pk}/attachment/").status_code == 404


def test_the_public_form_has_csrf_and_a_per_address_limit(world, settings):
    settings.PORTAL_SUBMISSIONS = 2
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/gk/fuwu/suggestion/", {**VALUES, "agency": world.market.pk}).status_code == 403
    client = Client()
    for _ in range(2):
        page = client.post("/gk/fuwu/suggestion/", {**VALUES, "agency": world.market.pk}).content.decode()
        assert "已提交" in page
    third = client.post("/gk/fuwu/suggestion/", {**VALUES, "agency": world.market.pk}).content.decode()
    assert "提交过于频繁" in third and PublicRequest.objects.count() == 2
    long = client.post("/gk/fuwu/suggestion/", {**VALUES, "agency": world.market.pk, "body": "长" * 3001},
                       REMOTE_ADDR="10.2.2.2").content.decode()
    assert "3000" in long and PublicRequest.objects.count() == 2


def test_appointments_respect_capacity(world):
    slot = schedule.add_slot(agency=world.market, actor=world.market_head, window="3号窗口", capacity=1, now=NOW,
                             starts_at=datetime(2025, 6, 5, 9, 0, tzinfo=TZ), ends_at=datetime(2025, 6, 5, 11, 0, tzinfo=TZ))
    first = services.book(slot, values=VALUES, now=NOW)
    assert first.status == RequestStatus.BOOKED
    with pytest.raises(DomainError, match="已约满"):
        services.book(slot, values=VALUES, now=NOW)
    services.cancel_booking(first, now=NOW)
    assert services.book(slot, values=VALUES, now=NOW).status == RequestStatus.BOOKED


def test_statistics_per_agency_and_month(world):
    for rating in (5, 2):
        req = _submit(world)
        services.answer(req, actor=world.market_officer, text="已办理", now=NOW)
        services.rate(req, rating=rating, now=NOW)
    page = world.client(world.market_officer).get("/portal/stats/").content.decode()
    assert "2025-06" in page and "3.5" in page and "50%" in page and "echarts.min.js" in page
