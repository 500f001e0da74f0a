"""执法结果: the queue on the 双公示 clocks, what the public sees (redacted), withdrawal, history, open data."""

import csv
import io
import json
from datetime import datetime

import pytest
import time_machine
from django.test import Client

from liangfa.cases.models import PenaltyCase
from liangfa.clock.rules import TZ
from liangfa.core.errors import DomainError, PermissionDenied
from liangfa.portal import publication
from liangfa.portal.choices import PublicationStatus
from liangfa.portal.models import Publication
from liangfa.testing import load, record

NOW = datetime(2025, 3, 20, 10, 0, tzinfo=TZ)
PERSON = {"行政相对人名称": "张三丰", "行政相对人类别": "自然人", "行政相对人代码_1（统一社会信用代码）": None,
          "法定代表人": None, "证件类型": "身份证", "证件号码": "11010519491231002X",
          "违法事实": "经查，当事人张三丰（联系电话13812345678）在焦作市解放区民主路8号销售以次充好的产品。"}


@pytest.fixture
def decided(world):
    with time_machine.travel(NOW, tick=False):
        load(world.market, [record(), record(**PERSON, **{"行政处罚决定书文号": "测市监罚〔2025〕2号"})])
        load(world.tax, [record(**{"行政处罚决定书文号": "测税罚〔2025〕1号", "处罚机关": "测试市税务局"})])
    return {p.case.decision_no: p for p in Publication.objects.select_related("case")}


def test_decided_cases_join_the_queue_with_their_agencys_clock(decided):
    market = decided["测市监罚〔2025〕1号"]
    tax = decided["测税罚〔2025〕1号"]
    assert market.status == tax.status == PublicationStatus.PENDING
    # 2025-03-18 decision: 市场监管 twenty working days (《市场监督管理行政处罚信息公示规定》第九条), others seven.
    assert market.rule_id == "PUB_DECISION_SAMR" and market.due_at == datetime(2025, 4, 16, 23, 59, 59, tzinfo=TZ)
    assert tax.rule_id == "PUB_DECISION" and tax.due_at == datetime(2025, 3, 27, 23, 59, 59, tzinfo=TZ)


def test_the_public_sees_a_natural_person_masked_and_a_company_in_full(world, decided):
    for pub in decided.values():
        publication.publish(pub, actor=world.tax_officer if pub.agency == world.tax else world.market_officer,
                            now=NOW)
    public = Client()
    person = decided["测市监罚〔2025〕2号"]
    page = public.get(f"/gk/jieguo/{person.pk}/").content.decode()
    assert "张某某" in page and "110105********002X" in page and "138****5678" in page
    assert "焦作市解放区" in page and "民主路8号" not in page
    assert "张三丰" not in page and "11010519491231002X" not in page and "13812345678" not in page
    company = public.get(f"/gk/jieguo/{decided['测市监罚〔2025〕1号'].pk}/").content.decode()
    assert "焦作市恒信食品有限公司" in company and "91430923745919951M" in company and "张三" in company
    # A search by the full name finds nothing: only the published words are searched.
    assert "测市监罚〔2025〕2号" not in public.get("/gk/jieguo/", {"q": "张三丰"}).content.decode()
    assert "测市监罚〔2025〕2号" in public.get("/gk/jieguo/", {"q": "张某某"}).content.decode()


def test_only_the_deciding_agency_publishes(world, decided):
    with pytest.raises(PermissionDenied):
        publication.publish(decided["测市监罚〔2025〕1号"], actor=world.tax_officer, now=NOW)
    assert Client().get(f"/gk/jieguo/{decided['测市监罚〔2025〕1号'].pk}/").status_code == 404  # not yet published


def test_a_late_publication_is_marked_late_in_its_history(world, decided):
    pub = publication.publish(decided["测税罚〔2025〕1号"], actor=world.tax_officer,
                              now=datetime(2025, 3, 31, 9, 0, tzinfo=TZ))
    assert "逾期公示" in pub.events.get(code="publish").note
    assert pub.display_until.isoformat() == "2028-03-31"  # three years from publication


def test_market_warning_alone_and_minors_are_withheld_by_themselves(world):
    with time_machine.travel(NOW, tick=False):
        load(world.market, [record(**{"行政处罚决定书文号": "测市监罚〔2025〕7号", "处罚类别": "警告", "处罚内容": "警告",
                                      "罚款金额（万元）": None}),
                            record(**{**PERSON, "行政处罚决定书文号": "测市监罚〔2025〕8号",
                                      "证件号码": "410802201001011232"})])
    warning = Publication.objects.get(case__decision_no="测市监罚〔2025〕7号")
    minor = Publication.objects.get(case__decision_no="测市监罚〔2025〕8号")
    assert (warning.status, warning.withheld_reason) == (PublicationStatus.WITHHELD, "warning_only")
    assert "第二条第二款" in warning.withheld_note
    assert (minor.status, minor.withheld_reason) == (PublicationStatus.WITHHELD, "minor")
    publication.requeue(minor, actor=world.market_officer, now=NOW)
    with pytest.raises(DomainError, match="当事人为未成年人"):
        publication.publish(minor, actor=world.market_officer, now=NOW)


def test_withholding_needs_a_listed_reason_and_words(world, decided):
    pub = decided["测市监罚〔2025〕1号"]
    with pytest.raises(DomainError, match="须写明理由"):
        publication.withhold(pub, actor=world.market_officer, reason="privacy", note=" ", now=NOW)
    with pytest.raises(DomainError, match="无效"):
        publication.withhold(pub, actor=world.market_officer, reason="because", note="x", now=NOW)
    assert Publication.objects.get(pk=pub.pk).status == PublicationStatus.PENDING  # nothing changed


def test_a_revoked_decision_is_withdrawn_within_three_working_days_with_its_reason_public(world, decided):
    pub = publication.publish(decided["测市监罚〔2025〕1号"], actor=world.market_officer, now=NOW)
    revoked = datetime(2025, 4, 3, 16, 0, tzinfo=TZ)  # Thursday before 清明 (4–6 April 2025)
    pub = publication.record_revocation(pub, actor=world.market_officer, kind="revoked", revoked_at=revoked,
                                        reason="经行政复议，原行政处罚决定被撤销", now=revoked)
    assert pub.withdraw_due_at == datetime(2025, 4, 9, 23, 59, 59, tzinfo=TZ)  # 7, 8, 9 April
    assert "决定已变更或撤销，待撤回" in Client().get("/gk/jieguo/").content.decode()
    publication.withdraw(pub, actor=world.market_officer, now=datetime(2025, 4, 10, 9, 0, tzinfo=TZ))
    public = Client()
    assert "测市监罚〔2025〕1号" not in public.get("/gk/jieguo/").content.decode()
    page = public.get(f"/gk/jieguo/{pub.pk}/").content.decode()
    assert "已撤回的公示" in page and "原行政处罚决定被撤销" in page and "焦作市恒信食品有限公司" not in page
    assert list(pub.events.values_list("code", flat=True)) == ["queued", "publish", "revoked", "withdraw"]
    assert "逾期撤回" in pub.events.get(code="withdraw").note


def test_a_changed_case_republishes_with_history(world, decided):
    pub = publication.publish(decided["测市监罚〔2025〕1号"], actor=world.market_officer, now=NOW)
    load(world.market, [record(**{"处罚内容": "罚款人民币伍万元"})])
    pub.refresh_from_db()
    assert pub.record["penalty_content"] == "罚款人民币伍万元"
    change = pub.events.get(code="change")
    assert change.changes["penalty_content"] == ["罚款人民币伍万贰仟壹佰贰拾元", "罚款人民币伍万元"]
    assert "更正公示内容" in Client().get(f"/gk/jieguo/{pub.pk}/").content.decode()


def test_display_ends_on_its_date(world, decided):
    pub = publication.publish(decided["测市监罚〔2025〕1号"], actor=world.market_officer, now=NOW)
    after = datetime(2028, 3, 21, 9, 0, tzinfo=TZ)
    assert publication.end_expired(now=after) == 1
    with time_machine.travel(after, tick=False):
        assert Client().get(f"/gk/jieguo/{pub.pk}/").status_code == 404


def test_open_data_has_the_double_publicity_columns_per_agency_and_year(world, decided):
    for number in ("测市监罚〔2025〕1号", "测市监罚〔2025〕2号"):
        publication.publish(decided[number], actor=world.market_officer, now=NOW)
    response = Client().get("/gk/shuju/t-scjg/2025.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    assert header[:3] == ["行政相对人名称", "行政相对人类别", "行政相对人代码_1（统一社会信用代码）"]
    assert "备注" not in header and "罚款金额（万元）" in header
    by_name = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert by_name["张某某"]["证件号码"] == "110105********002X"
    assert by_name["焦作市恒信食品有限公司"]["罚款金额（万元）"] == "5.212"
    data = json.loads(Client().get("/gk/shuju/t-scjg/2025.json").content)
    assert {r["行政相对人名称"] for r in data["records"]} == {"张某某", "焦作市恒信食品有限公司"}
    api = Client().get("/api/public/decisions", {"agency": "t-scjg", "year": 2025}).json()
    assert len(api["records"]) == 2 and "张三丰" not in json.dumps(api, ensure_ascii=False)


def test_the_queue_shows_the_clock_to_the_agency_only(world, decided):
    with time_machine.travel(datetime(2025, 3, 31, 9, 0, tzinfo=TZ), tick=False):
        page = world.client(world.tax_officer).get("/portal/publications/").content.decode()
        assert "测税罚〔2025〕1号" in page and "已逾期" in page and "测市监罚" not in page
        home = world.client(world.tax_officer).get("/").content.decode()
        assert "逾期未公示的行政处罚决定" in home
    assert Client().get("/portal/publications/").status_code == 302  # behind login


def test_publishing_from_the_back_office(world, decided):
    pub = decided["测市监罚〔2025〕2号"]
    client = world.client(world.market_officer)
    preview = client.get(f"/portal/publications/{pub.pk}/").content.decode()
    assert "张某某" in preview
    client.post(f"/portal/publications/{pub.pk}/act/publish/")
    assert Publication.objects.get(pk=pub.pk).status == PublicationStatus.PUBLISHED
    refused = world.client(world.tax_officer).post(f"/portal/publications/{pub.pk}/act/withdraw/")
    assert refused.status_code == 404  # another agency's queue is not even visible
    assert PenaltyCase.objects.count() == 3


def test_open_data_cells_never_run_as_formulas(world, decided):
    """The importer refuses such cells; open data neutralises them all the same (a record changed later)."""
    pub = publication.publish(decided["测市监罚〔2025〕1号"], actor=world.market_officer, now=NOW)
    Publication.objects.filter(pk=pub.pk).update(record={**pub.record, "party_name": "@SUM(A1)有限公司"})
    rows = list(csv.reader(io.StringIO(Client().get("/gk/shuju/t-scjg/2025.csv").content.decode("utf-8-sig"))))
    assert rows[1][0] == "'@SUM(A1)有限公司"


def test_publishing_all_due_at_once_keeps_the_checks_and_the_history(world, decided):
    with time_machine.travel(NOW, tick=False):
        load(world.market, [record(**{"行政处罚决定书文号": "测市监罚〔2025〕7号", "处罚类别": "警告", "处罚内容": "警告",
                                      "罚款金额（万元）": None})])
    warning = Publication.objects.get(case__decision_no="测市监罚〔2025〕7号")
    publication.requeue(warning, actor=world.market_officer, now=NOW)  # back in the queue, still held by law
    with pytest.raises(PermissionDenied):
        publication.publish_due(world.market, actor=world.tax_officer, now=NOW)
    world.client(world.market_officer).post("/portal/publications/publish-due/")
    statuses = dict(Publication.objects.filter(agency=world.market).values_list("case__decision_no", "status"))
    assert statuses == {"测市监罚〔2025〕1号": "published", "测市监罚〔2025〕2号": "published",
                        "测市监罚〔2025〕7号": "pending"}
    person = Publication.objects.get(case__decision_no="测市监罚〔2025〕2号")
    assert person.record["party_name"] == "张某某" and person.events.filter(code="publish").count() == 1
