"""逮捕, 起诉 and 判决 with their content; only the court a case was brought to enters its judgment; the 折抵
of 《行政处罚法》第三十五条 on the transfer page, the case page and in the API; the agency and the procuratorate
are told; 情况通报 counts 实刑 and 缓刑 apart."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine

from liangfa.agencies import services as agency_services
from liangfa.clock.models import Notification
from liangfa.clock.rules import TZ
from liangfa.core.errors import DomainError, PermissionDenied
from liangfa.reports.services import build_bulletin, parse_period
from liangfa.testing import PASSWORD, ready_transfer
from liangfa.transfers import outcomes
from liangfa.transfers import services as transfers

T0 = datetime(2025, 8, 4, 9, 0, tzinfo=TZ)


def court(world, code="t-fy", name="测试市中级人民法院"):
    return agency_services.create_agency(actor=world.admin, code=code, name=name, kind="court", level="city",
                                         region_code="410800", field="judicial")


def judge_of(world, agency, username="judge"):
    return agency_services.create_user(actor=world.admin, username=username, password=PASSWORD, agency=agency,
                                       roles=["judge"], full_name=f"{username}法官")


@pytest.fixture
def filed(world):
    """A market case (罚款 52,120 元) transferred and filed by the police on 2025-08-04."""
    transfer = ready_transfer(world, now=T0, until="accepted")
    transfers.decide_filing(transfer, actor=world.police_officer, approver=world.police_head, file=True, case_no="测公刑立字〔2025〕1号", now=T0)
    transfer.refresh_from_db()
    return transfer


def indict(world, transfer, the_court, day=date(2025, 9, 20)):
    outcomes.record_arrest(transfer, actor=world.police_officer, day=date(2025, 8, 10), document_no="测检捕〔2025〕1号",
                           now=T0 + timedelta(days=7))
    return outcomes.record_indictment(transfer, actor=world.prosecutor, day=day, document_no="测检刑诉〔2025〕3号",
                                      crime="生产、销售伪劣产品罪", court=the_court,
                                      now=datetime(day.year, day.month, day.day, 17, 0, tzinfo=TZ))


def test_the_court_enters_the_judgment_and_the_offset_shows_on_case_transfer_and_api(world, filed):
    the_court = court(world)
    judge = judge_of(world, the_court)
    indict(world, filed, the_court)
    now = T0 + timedelta(days=100)
    sentence = outcomes.enter_judgment(
        filed, actor=judge, day=date(2025, 11, 1), document_no="（2025）测08刑初12号", crime="生产、销售伪劣产品罪",
        principal="fixed_term", term_months="18", fine="80000", confiscation="没收违法所得", confiscated_amount="6000",
        detention_days="10", now=now)
    off = outcomes.offset_of(sentence)
    # 罚款 52,120.00 paid (the case's fine, taken at delivery) set against 罚金 80,000: 27,880.00 still due
    assert (off.fine_paid, off.fine_offset, off.fine_due) == (Decimal("52120.00"), Decimal("52120.00"),
                                                               Decimal("27880.00"))
    assert off.term_offset_days == 10
    assert outcomes.sentence_text(sentence) == "有期徒刑一年六个月，并处罚金人民币80,000.00元，没收违法所得（6,000.00元）"

    page = world.client(world.market_officer).get(f"/transfers/{filed.pk}/").content.decode()
    assert "折抵（《行政处罚法》第三十五条）" in page and "27,880.00 元" in page and "10 日" in page
    assert "已判决，尚未生效" in page and 'id="judgment-form"' not in page  # the agency reads, never enters
    case_page = world.client(world.market_officer).get(f"/cases/{filed.case_id}/").content.decode()
    assert "刑事诉讼结果" in case_page
    assert "已缴纳罚款52,120.00元，折抵罚金52,120.00元，尚应缴纳罚金27,880.00元（《行政处罚法》第三十五条第二款）" in case_page
    assert "行政拘留10日折抵刑期10日" in case_page
    api = world.client(world.prosecutor).get(f"/api/transfers/{filed.pk}").json()
    judgment = next(o for o in api["outcomes"] if o["stage"] == "judgment")["judgment"]
    assert judgment["offset"]["fine_due"] == "27880.00" and judgment["offset"]["term_offset_days"] == 10
    assert judgment["offset"]["basis"] == "《行政处罚法》第三十五条" and judgment["effective_on"] is None
    assert [o["stage_label"] for o in api["outcomes"]] == ["逮捕", "提起公诉", "判决"]

    # 生效: not before the 十日 of 上诉 have passed (《刑事诉讼法》第二百三十条)
    with pytest.raises(DomainError, match="不能早于 2025-11-12：一审判决的上诉、抗诉期限为十日"):
        outcomes.confirm_effective(filed, actor=judge, day=date(2025, 11, 5), now=now + timedelta(days=20))
    outcomes.confirm_effective(filed, actor=judge, day=date(2025, 11, 12), now=now + timedelta(days=20))
    page = world.client(world.market_officer).get(f"/cases/{filed.case_id}/").content.decode()
    assert "判决已生效（2025-11-12）" in page


def test_the_agency_and_the_procuratorate_are_told_of_each_outcome(world, filed):
    the_court = court(world)
    judge = judge_of(world, the_court)
    indict(world, filed, the_court)
    outcomes.enter_judgment(filed, actor=judge, day=date(2025, 11, 1), document_no="（2025）测08刑初12号",
                            crime="生产、销售伪劣产品罪", principal="detention", term_months=4, probation=True,
                            probation_months=6, fine=10000, now=T0 + timedelta(days=100))

    def told(user):
        return list(Notification.objects.filter(user=user).values_list("text", flat=True))

    for person in (world.market_officer, world.market_head, world.prosecutor):
        texts = told(person)
        assert any("被逮捕（测检捕〔2025〕1号）" in t for t in texts), person
        assert any("向测试市中级人民法院提起公诉" in t for t in texts), person
        assert any("拘役四个月，缓刑六个月，并处罚金人民币10,000.00元" in t for t in texts), person
    assert any("提起公诉" in t for t in told(judge))  # the court learns a case was brought to it
    assert not told(world.tax_officer)


def test_nobody_but_the_courts_judges_enters_a_judgment(world, filed):
    the_court, other = court(world), court(world, "t-fy2", "测试市某区人民法院")
    judge, stranger = judge_of(world, the_court), judge_of(world, other, "judge2")
    day = date(2025, 11, 1)
    fields = {"day": day, "document_no": "（2025）测08刑初12号", "crime": "生产、销售伪劣产品罪", "principal": "fixed_term",
              "term_months": 12, "now": T0 + timedelta(days=100)}
    with pytest.raises(PermissionDenied, match="判决由受理起诉的人民法院审判人员登记"):
        outcomes.enter_judgment(filed, actor=judge, **fields)  # not yet brought to any court
    with pytest.raises(PermissionDenied, match="提起公诉由人民检察院登记"):
        outcomes.record_indictment(filed, actor=world.police_officer, day=day, document_no="x", crime="y",
                                   court=the_court, now=T0)
    with pytest.raises(PermissionDenied, match="逮捕由接收移送的公安机关执行并登记"):
        outcomes.record_arrest(filed, actor=world.prosecutor, day=day, document_no="x", now=T0)
    indict(world, filed, the_court)
    for outsider in (world.prosecutor, world.police_officer, world.market_head, stranger, world.admin):
        with pytest.raises(PermissionDenied, match="无权登记判决"):
            outcomes.enter_judgment(filed, actor=outsider, **fields)
    with pytest.raises(PermissionDenied, match="判决由受理起诉的人民法院审判人员登记"):
        transfers.record_stage(filed, actor=world.prosecutor, stage="judgment", day=day, now=T0 + timedelta(days=100))
    # the pages: the court sees only the cases brought to it, and the form is its judges' alone
    assert world.client(stranger).get(f"/transfers/{filed.pk}/").status_code == 404
    assert world.client(stranger).get(f"/api/transfers/{filed.pk}").status_code == 404
    assert world.client(stranger).get(f"/cases/{filed.case_id}/").status_code == 404
    page = world.client(judge).get(f"/transfers/{filed.pk}/").content.decode()
    assert 'id="judgment-form"' in page and "测试市中级人民法院" in page
    assert world.client(judge).get(f"/cases/{filed.case_id}/").status_code == 200  # the file went with the 起诉书
    listing = world.client(judge).get("/transfers/outcomes/").content.decode()
    assert filed.case.decision_no in listing and "已起诉，待判决" in listing
    assert filed.case.decision_no not in world.client(stranger).get("/transfers/outcomes/").content.decode()
    assert 'id="judgment-form"' not in world.client(world.prosecutor).get(f"/transfers/{filed.pk}/").content.decode()
    home = world.client(judge).get("/").content.decode()
    assert "已起诉至本院、待登记判决" in home
    response = world.client(world.prosecutor).post(f"/transfers/{filed.pk}/act/judgment/", {
        "date": "2025-11-01", "document_no": "伪造", "crime": "x", "principal": "fixed_term", "term_months": "12"})
    assert response.status_code == 400 and "无权登记判决" in response.content.decode()  # refused on the page, in words
    assert not filed.stages.filter(stage="judgment").exists()


@pytest.mark.parametrize("fields, message", [
    ({"principal": "fixed_term", "term_months": 48, "probation": True, "probation_months": 60},
     "缓刑只适用于被判处拘役、三年以下有期徒刑的犯罪分子（《刑法》第七十二条）"),
    ({"principal": "fixed_term", "term_months": 24, "probation": True, "probation_months": 12},
     "缓刑考验期（月）应在 24 至 60 之间：《刑法》第七十三条第二款"),
    ({"principal": "detention", "term_months": 3, "probation": True, "probation_months": 18},
     "缓刑考验期（月）应在 3 至 12 之间：《刑法》第七十三条第一款"),
    ({"principal": "detention", "term_months": 13}, "刑期（月）13 超出范围：《刑法》第四十二条"),
    ({"principal": "fixed_term", "term_months": 3}, "刑期（月）3 超出范围：《刑法》第四十五条"),
    ({"principal": "fixed_term"}, "判处有期徒刑的，请填写刑期（月）"),
    ({"principal": "exempt", "fine": "1000"}, "免予刑事处罚的，不判处罚金、没收财产（《刑法》第三十七条）"),
    ({"principal": "accessory_only"}, "单处附加刑的，请填写罚金或没收（《刑法》第三十四条）"),
    ({"principal": "fixed_term", "term_months": 12, "fine": "五万"}, "罚金“五万”不是金额"),
    ({"principal": "fixed_term", "term_months": 12, "detention_days": 30}, "已执行的行政拘留（日）应为 0 至 20"),
    ({"principal": "prison"}, "请选择主刑"),
])
def test_a_judgment_against_the_criminal_law_is_refused_with_the_article(world, filed, fields, message):
    the_court = court(world)
    judge = judge_of(world, the_court)
    indict(world, filed, the_court)
    with pytest.raises(DomainError, match=message.replace("（", r"\（").replace("）", r"\）")):
        outcomes.enter_judgment(filed, actor=judge, day=date(2025, 11, 1), document_no="（2025）测08刑初12号",
                                crime="生产、销售伪劣产品罪", now=T0 + timedelta(days=100), **fields)
    assert not filed.stages.filter(stage="judgment").exists()


def test_dates_follow_the_case_and_bad_input_on_the_page_changes_nothing(world, filed):
    the_court = court(world)
    judge = judge_of(world, the_court)
    with time_machine.travel(T0 + timedelta(days=60)):
        client = world.client(world.police_officer)
        response = client.post(f"/transfers/{filed.pk}/act/arrest/", {"date": "2025-08-01", "document_no": "测检捕1号"},
                               follow=True)
        assert "逮捕日期（2025-08-01）不能早于立案日期（2025-08-04）" in response.content.decode()
        response = client.post(f"/transfers/{filed.pk}/act/arrest/", {"date": "2099-01-01", "document_no": "测检捕1号"},
                               follow=True)
        assert "逮捕日期（2099-01-01）不能晚于今天" in response.content.decode()
        response = client.post(f"/transfers/{filed.pk}/act/arrest/", {"date": "昨天", "document_no": "测检捕1号"},
                               follow=True)
        assert "逮捕日期“昨天”格式错误" in response.content.decode()
        assert not filed.stages.exists()
        indict(world, filed, the_court, day=date(2025, 9, 20))
        response = world.client(judge).post(f"/transfers/{filed.pk}/act/judgment/", {
            "date": "2025-09-01", "document_no": "（2025）测08刑初12号", "crime": "x", "principal": "fixed_term",
            "term_months": "12"}, follow=True)
        assert "判决日期（2025-09-01）不能早于起诉日期（2025-09-20）" in response.content.decode()
        response = world.client(judge).post(f"/api/transfers/{filed.pk}/judgment", {
            "date": "2025-09-25", "document_no": "（2025）测08刑初12号", "crime": "x", "principal": "fixed_term",
            "term_months": 12, "probation": True, "probation_months": 6}, content_type="application/json")
        assert response.status_code == 400 and "《刑法》第七十三条第二款" in response.json()["detail"]
        assert not filed.stages.filter(stage="judgment").exists()


def test_a_second_instance_judgment_stands_and_is_final_at_once(world, filed):
    the_court = court(world)
    judge = judge_of(world, the_court)
    indict(world, filed, the_court)
    common = {"document_no": "（2025）测08刑初12号", "crime": "生产、销售伪劣产品罪", "now": T0 + timedelta(days=120)}
    outcomes.enter_judgment(filed, actor=judge, day=date(2025, 11, 1), principal="fixed_term", term_months=24, **common)
    with pytest.raises(DomainError, match="本案已登记一审判决，不能重复登记"):
        outcomes.enter_judgment(filed, actor=judge, day=date(2025, 11, 2), principal="fixed_term", term_months=24,
                                **common)
    second = outcomes.enter_judgment(filed, actor=judge, day=date(2025, 12, 1), principal="fixed_term",
                                     term_months=24, probation=True, probation_months=36, instance="second", **common)
    assert outcomes.current_judgment(filed) == second
    outcomes.confirm_effective(filed, actor=judge, day=date(2025, 12, 1), now=T0 + timedelta(days=121))
    second.refresh_from_db()
    assert second.get_effective_how_display() == "终审判决、裁定"


def test_the_bulletin_counts_custodial_and_suspended_sentences_apart(world, filed):
    """Hand count for 2025年第四季度: two judgments (one 实刑, one 缓刑) of market's transfers, one 起诉."""
    the_court = court(world)
    judge = judge_of(world, the_court)
    indict(world, filed, the_court, day=date(2025, 10, 9))
    outcomes.enter_judgment(filed, actor=judge, day=date(2025, 11, 1), document_no="（2025）测08刑初12号",
                            crime="生产、销售伪劣产品罪", principal="fixed_term", term_months=30,
                            now=T0 + timedelta(days=100))
    outcomes.enter_judgment(filed, actor=judge, day=date(2025, 12, 1), document_no="（2025）测刑终3号",
                            crime="生产、销售伪劣产品罪", principal="fixed_term", term_months=30, probation=True,
                            probation_months=36, instance="second", now=T0 + timedelta(days=130))
    data = build_bulletin(world.prosecutor, parse_period("2025年第四季度"))
    t = data["totals"]
    # 逮捕 on 2025-08-10 is in Q3; 起诉 2025-10-09, 一审 实刑 2025-11-01, 二审 缓刑 2025-12-01 in Q4
    assert (t["arrest"], t["indictment"], t["judgment"], t["custodial"], t["suspended"]) == (0, 1, 2, 1, 1)
    q3 = build_bulletin(world.prosecutor, parse_period("2025年第三季度"))["totals"]
    assert (q3["arrest"], q3["judgment"], q3["custodial"]) == (1, 0, 0)
    page = world.client(world.prosecutor).get("/reports/", {"period": "2025年第四季度"}).content.decode()
    assert "判处实刑" in page and "判处缓刑" in page
    assert '<div class="figure" id="total-custodial">1</div>' in page
