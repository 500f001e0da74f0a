from datetime import date, datetime

import pytest

from liangfa.agencies import services as agency_services
from liangfa.clock.rules import TZ
from liangfa.clock.services import deadlines_for
from liangfa.core.errors import DomainError, PermissionDenied
from liangfa.decisions import services
from liangfa.testing import PASSWORD

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 6, 2, 9, 0, tzinfo=TZ)
SPEECHES = [{"speaker": "副局长甲", "position": "agree", "text": "同意"},
            {"speaker": "副局长乙", "position": "disagree", "text": "执法成本过高"},
            {"speaker": "副局长丙", "position": "agree"},
            {"speaker": "局长", "position": "agree", "is_head": True}]


def adviser(world, now=NOW):
    account = agency_services.create_user(actor=world.admin, username="m_adviser", password=PASSWORD,
                                          agency=world.market, roles=["legal_adviser"], full_name="钱律师")
    return services.engage_adviser(actor=world.market_head, name="钱律师", firm="河南某律师事务所",
                                   contract_no="法顾〔2025〕1号", start=date(2025, 1, 1), end=date(2025, 12, 31),
                                   user=account, now=now)


def drafted(world, now=NOW):
    decision = services.add_to_catalogue(actor=world.market_head, year=2025, title="食品安全违法行为举报奖励办法",
                                         now=now)
    services.publish_catalogue(decision.catalogue, actor=world.market_head, now=now)
    services.record_consultation(decision, actor=world.market_officer, start=date(2025, 4, 1), end=date(2025, 4, 30),
                                 result="收到意见12条，采纳5条", now=now)
    services.record_expert(decision, actor=world.market_officer, result="三名专家论证认为可行", now=now)
    services.record_risk(decision, actor=world.market_officer, not_applicable="不涉及社会稳定和公共安全", now=now)
    decision.refresh_from_db()
    return decision


def test_the_steps_are_gates_citing_the_article(world):
    decision = services.add_to_catalogue(actor=world.market_head, year=2025, title="办法", now=NOW)
    with pytest.raises(DomainError, match="目录尚未公布"):
        services.record_expert(decision, actor=world.market_officer, result="可行", now=NOW)
    services.publish_catalogue(decision.catalogue, actor=world.market_head, now=NOW)
    with pytest.raises(DomainError, match="少于30日：须说明缩短期限的理由（《重大行政决策程序暂行条例》第十四条、第十五条）"):
        services.record_consultation(decision, actor=world.market_officer, start=date(2025, 5, 1),
                                     end=date(2025, 5, 20), result="收到意见3条", now=NOW)
    services.record_consultation(decision, actor=world.market_officer, start=date(2025, 5, 1), end=date(2025, 5, 20),
                                 result="收到意见3条", short_reason="汛期临近，情况紧急", now=NOW)
    with pytest.raises(DomainError, match="二者填一项"):
        services.record_expert(decision, actor=world.market_officer, result="可行", not_applicable="不需要", now=NOW)
    with pytest.raises(DomainError, match="专家论证（《重大行政决策程序暂行条例》第十九条）、风险评估"):
        services.send_for_review(decision, actor=world.market_officer, due=date(2025, 6, 30), now=NOW)
    with pytest.raises(DomainError, match="未经合法性审查，不得提交决策机关讨论（《重大行政决策程序暂行条例》第二十五条）"):
        services.decide(decision, actor=world.market_head, meeting="局务会", speeches=SPEECHES, adopt=True, now=NOW)


def test_review_time_discussion_order_and_dissent(world):
    decision = drafted(world)
    with pytest.raises(DomainError, match="不得早于 2025-06-11：.*一般不少于7个工作日"):
        services.send_for_review(decision, actor=world.market_officer, due=date(2025, 6, 5), now=NOW)
    services.send_for_review(decision, actor=world.market_officer, due=date(2025, 6, 13), now=NOW)
    assert deadlines_for(decision).get().rule_id == "DEC_LEGALITY_REVIEW"
    with pytest.raises(DomainError, match="合法性审查尚未完成"):
        services.decide(decision, actor=world.market_head, meeting="局务会", speeches=SPEECHES, adopt=True, now=NOW)
    with pytest.raises(PermissionDenied, match="法制审核员"):
        services.review_legality(decision, actor=world.market_officer, passed=True, opinion="合法", now=NOW)
    reviewer = agency_services.create_user(actor=world.admin, username="m_legal", password=PASSWORD,
                                           agency=world.market, roles=["legal_reviewer"])
    services.review_legality(decision, actor=reviewer, passed=True, opinion="主体、权限、程序合法", now=NOW)
    with pytest.raises(DomainError, match="行政首长应当最后发表意见"):
        services.decide(decision, actor=world.market_head, meeting="局务会", speeches=SPEECHES[::-1], adopt=True,
                        now=NOW)
    against = [{**s, "position": "disagree"} for s in SPEECHES[:3]] + [SPEECHES[3]]
    with pytest.raises(DomainError, match="多数人的意见不一致，应当在会上说明理由"):
        services.decide(decision, actor=world.market_head, meeting="局务会", speeches=against, adopt=True, now=NOW)
    services.decide(decision, actor=world.market_head, meeting="局务会（第12次）", speeches=SPEECHES, adopt=True, now=NOW)
    decision.refresh_from_db()
    assert decision.get_status_display() == "已集体讨论决定"
    assert decision.dissent == "副局长乙（不同意）：执法成本过高"
    assert [s.speaker for s in decision.speeches.all()][-1] == "局长"
    with pytest.raises(DomainError, match="尚未公布，不能归档"):
        services.archive(decision, actor=world.market_officer, archive_no="A-1", now=NOW)
    services.publish(decision, actor=world.market_officer, channel="市政府网站", now=NOW)
    services.archive(decision, actor=world.market_officer, archive_no="2025-JC-01", now=NOW)
    services.evaluate(decision, actor=world.market_officer, result="举报量上升，效果良好", now=NOW)
    decision.refresh_from_db()
    assert decision.get_status_display() == "已后评估"
    assert services.year_figures(world.market.pk, 2025)["with_dissent"] == 1


def test_the_adviser_reviews_what_was_sent_to_them_and_a_failed_review_bars_discussion(world):
    counsel = adviser(world)
    decision = drafted(world)
    services.send_for_review(decision, actor=world.market_officer, due=date(2025, 6, 20), adviser=counsel, now=NOW)
    reviewer = agency_services.create_user(actor=world.admin, username="m_legal", password=PASSWORD,
                                           agency=world.market, roles=["legal_reviewer"])
    with pytest.raises(PermissionDenied, match="送审的法律顾问本人"):
        services.review_legality(decision, actor=reviewer, passed=True, opinion="合法", now=NOW)
    services.review_legality(decision, actor=counsel.user, passed=False, opinion="奖励标准缺乏上位法依据", now=NOW)
    with pytest.raises(DomainError, match="经合法性审查不合法，不得提交决策机关讨论"):
        services.decide(decision, actor=world.market_head, meeting="局务会", speeches=SPEECHES, adopt=True, now=NOW)
    assert counsel.opinions.get().text == "奖励标准缺乏上位法依据"
    services.record_adviser_opinion(counsel, actor=counsel.user, decision=decision, text="建议删除第五条", now=NOW)
    with pytest.raises(PermissionDenied, match="本人名义"):
        services.record_adviser_opinion(counsel, actor=reviewer, decision=decision, text="x", now=NOW)
    assert decision in services.visible_decisions(counsel.user)
    assert decision not in services.visible_decisions(world.tax_officer)


def test_the_pages_refuse_discussion_without_review(world):
    decision = drafted(world)
    client = world.client(world.market_head)
    post = {"meeting": "局务会", "speaker_1": "甲", "position_1": "agree", "speaker_2": "局长", "position_2": "agree",
            "head": "2", "adopt": "1"}
    page = client.post(f"/decisions/{decision.pk}/act/decide/", post, follow=True).content.decode()
    assert "未经合法性审查，不得提交决策机关讨论" in page
    decision.refresh_from_db()
    assert decision.status == "drafting"
