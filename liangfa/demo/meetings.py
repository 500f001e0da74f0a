"""Demo 联席会议 for the past year (quarterly, with 议定事项 done, late and open), a 研讨 on a transfer,
the starting evidence standards, two trainings, a case-library entry, and two 重大行政决策 of the
market bureau with its 法律顾问: one through every step, one refused at 合法性审查."""

from datetime import date, timedelta

from django.utils import timezone

from liangfa.agencies.models import Agency, User
from liangfa.decisions import services as dec
from liangfa.meetings import conference, evidence, library, training
from liangfa.meetings import services as mtg
from liangfa.transfers.models import Transfer

QUARTERS = [
    ("第一季度", 330, ["通报上季度移送和立案情况", "研究涉税案件移送标准"]),
    ("第二季度", 240, ["通报移送情况", "议定证据标准起始版本"]),
    ("第三季度", 150, ["通报移送情况", "不予立案案件复核"]),
    ("第四季度", 60, ["通报移送情况", "年度工作总结"]),
]
# (text, owner username, days after the meeting it is due, days after the meeting it was done or None)
ACTIONS = [
    [("公安机关反馈上季度移送案件立案情况", "gaj_fz", 20, 15), ("税务局提出涉税案件移送标准意见", "sw_zf", 30, 41)],
    [("检察院起草证据标准起始版本", "jcy_jcg2", 30, 25), ("市场监管局梳理以罚代刑线索", "scjg_llz", 45, 40)],
    [("公安机关复核不予立案案件", "gaj_fz", 30, 28), ("生态环境局报送监测数据移交情况", "sthj_zf", 30, None)],
    [("各成员单位报送年度衔接工作总结", "scjg_llz", 90, None), ("公安机关通报立案监督案件办理进度", "gaj_fz", 40, None)],
]


def build_meetings(*, now, out=print) -> None:
    users = {u.username: u for u in User.objects.all()}
    _meetings(users, now)
    evidence.load_standards(actor=users["jcy_jcg"], now=now - timedelta(days=200))
    _conference(users, now)
    _training(users, now)
    _library(users, now)
    _decisions(users, now)
    out("  联席会议、研讨、证据标准、培训、典型案例、重大行政决策：已生成")


def _meetings(users, now) -> None:
    convener = users["jcy_jcg2"]
    members = list(Agency.objects.filter(code__in=["jz-gaj", "jz-scjg", "jz-sw", "jz-sthj"]))
    for (quarter, days_ago, agenda), actions in zip(QUARTERS, ACTIONS, strict=True):
        held = (now - timedelta(days=days_ago)).replace(hour=9, minute=30, second=0, microsecond=0)
        meeting = mtg.schedule_meeting(actor=convener, title=f"两法衔接工作联席会议（{quarter}）", held_at=held,
                                       members=members, agenda="\n".join(agenda), place="市人民检察院第一会议室",
                                       now=held - timedelta(days=7))
        rows = [{"agency_id": a.pk, "present": True, "attendees": "分管负责人、联络员"} for a in [convener.agency, *members]]
        if days_ago == 150:
            rows[-1] = {"agency_id": members[-1].pk, "present": False, "absence_reason": "参加省厅督察"}
        after = held + timedelta(hours=3)
        mtg.record_attendance(meeting, actor=convener, rows=rows, now=after)
        mtg.write_minutes(meeting, actor=convener, now=after, text=f"会议通报了{quarter}两法衔接工作情况，研究了："
                          + "；".join(agenda) + "。会议议定事项见附表。")
        for text, owner, due_in, done_in in actions:
            item = mtg.add_action(meeting, actor=convener, text=text, owner=users[owner], now=after,
                                  due_date=timezone.localdate(held) + timedelta(days=due_in))
            if done_in is not None:
                mtg.close_action(item, actor=users[owner], result="已按会议要求办结", now=held + timedelta(days=done_in))
        mtg.confirm_minutes(meeting, actor=users["jcy_fzr"], now=after + timedelta(days=1))
    mtg.schedule_meeting(actor=convener, title="两法衔接工作联席会议（下一季度）", members=members,
                         held_at=(now + timedelta(days=20)).replace(hour=9, minute=30, second=0, microsecond=0),
                         agenda="通报移送情况\n研究典型案例", place="市人民检察院第一会议室", now=now)


def _conference(users, now) -> None:
    transfer = Transfer.objects.filter(status__in=["accepted", "filed", "not_filed"]).order_by("pk").first()
    if transfer is None:
        return
    at = now - timedelta(days=45)
    item = conference.request_conference(
        actor=users["gaj_fz"], topic="evidence", transfer=transfer, now=at,
        participants=[transfer.agency, Agency.objects.get(code="jz-jcy")],
        question="行政机关委托检测的报告能否直接作为刑事证据使用？是否需要重新鉴定？")
    people = {transfer.agency_id: User.objects.filter(agency=transfer.agency).first()}
    conference.give_opinion(item, actor=users["gaj_fz"], now=at, text="检测机构具备资质，但取样未全程录像，倾向重新鉴定")
    if people[transfer.agency_id]:
        conference.give_opinion(item, actor=people[transfer.agency_id], now=at + timedelta(days=1),
                                text="取样有现场笔录和当事人签字，可经审查后使用")
    conference.give_opinion(item, actor=users["jcy_jcg"], now=at + timedelta(days=2),
                            text="属需程序审查的证据：审查资质和取样程序后可以使用，无需重新鉴定")
    conference.conclude(item, actor=users["gaj_fz"], agreed=True, now=at + timedelta(days=3),
                        text="三方一致：检测报告经公安机关审查资质、取样程序后作为证据使用，不再重新鉴定")


def _training(users, now) -> None:
    everyone = [users[n] for n in ("scjg_zf", "scjg_llz", "sw_zf", "sthj_zf", "gaj_fz", "gaj_jz", "jcy_jcg2")]
    first = training.hold_training(
        actor=users["jcy_jcg"], kind="seminar", title="行政执法证据向刑事证据转化专题研讨", now=now - timedelta(days=200),
        held_on=timezone.localdate(now) - timedelta(days=200), speaker="梁检察", attendees=everyone,
        summary="三类证据的转化规则与补证要求",
        questions=training.parse_questions("鉴定意见移送后应当如何使用？｜直接使用｜经审查后使用｜一律重新鉴定｜2\n"
                                           "询问笔录移送后如何处理？｜直接使用｜由侦查机关重新收集｜2"))
    for username, answers in (("scjg_zf", [1, 1]), ("sw_zf", [1, 0]), ("gaj_fz", [1, 1])):
        training.take_test(first, actor=users[username], answers=answers, now=now - timedelta(days=199))
    training.hold_training(actor=users["gaj_fz"], kind="training", title="涉嫌犯罪案件移送材料要求培训",
                           held_on=timezone.localdate(now) - timedelta(days=100), speaker="郭法制",
                           attendees=everyone[:4], summary="移送书、调查报告、涉案物品清单和检验报告",
                           now=now - timedelta(days=100))


def _library(users, now) -> None:
    for transfer in Transfer.objects.order_by("pk"):
        if library.is_closed(transfer):
            head = User.objects.filter(agency=transfer.agency, roles__icontains="head").first()
            actor = head or users["jcy_jcg"]
            library.add_typical_case(transfer, actor=actor, now=now,
                                     title=f"{transfer.case.party_name}涉嫌{transfer.suspected_crime}案",
                                     lesson="达到立案追诉标准的，应当移送，不得以罚代刑")
            return


def _decisions(users, now) -> None:
    year = timezone.localdate(now).year
    account = users["scjg_gw"]
    head, officer, reviewer = users["scjg_fzr"], users["scjg_zf"], users["scjg_fz"]
    start = now - timedelta(days=150)
    counsel = dec.engage_adviser(actor=head, name="钱律师", firm="河南中原律师事务所", contract_no=f"焦市监法顾〔{year}〕1号",
                                 start=date(year, 1, 1), end=date(year, 12, 31), user=account, now=start)
    first = dec.add_to_catalogue(actor=head, year=year, title="食品安全违法行为有奖举报办法（修订）", now=start,
                                 summary="提高重大线索奖励标准，明确举报人保护")
    second = dec.add_to_catalogue(actor=head, year=year, title="农贸市场食品快检室建设规范", now=start)
    dec.publish_catalogue(first.catalogue, actor=head, now=start)
    day = timezone.localdate(start)
    for decision in (first, second):
        dec.record_consultation(decision, actor=officer, start=day + timedelta(days=1), end=day + timedelta(days=31),
                                result="市政府网站公开征求意见，收到意见14条，采纳6条",
                                now=start + timedelta(days=32))
        dec.record_expert(decision, actor=officer, result="食品安全、法学专家三人论证，认为必要、可行",
                          now=start + timedelta(days=35))
        dec.record_risk(decision, actor=officer, not_applicable="不涉及社会稳定和公共安全风险",
                        now=start + timedelta(days=35))
    sent = start + timedelta(days=36)
    dec.send_for_review(first, actor=officer, due=dec.earliest_review_due(sent) + timedelta(days=3), now=sent)
    dec.review_legality(first, actor=reviewer, passed=True, opinion="制定主体、权限、程序合法，内容不违反上位法",
                        now=sent + timedelta(days=8))
    dec.decide(first, actor=head, meeting="局务会议（第9次）", now=sent + timedelta(days=14), adopt=True, speeches=[
        {"speaker": "李副局长", "position": "agree", "text": "同意"},
        {"speaker": "王副局长", "position": "disagree", "text": "奖励上限偏高，财政压力大"},
        {"speaker": "张纪检组长", "position": "agree", "text": "同意，注意举报人保护"},
        {"speaker": "赵局长", "position": "agree", "text": "同意，奖励资金纳入预算", "is_head": True}])
    dec.publish(first, actor=officer, channel="焦作市人民政府网站、《焦作日报》", now=sent + timedelta(days=16))
    dec.archive(first, actor=officer, archive_no=f"{year}-ZDJC-01", now=sent + timedelta(days=20))
    dec.send_for_review(second, actor=officer, adviser=counsel, now=sent,
                        due=dec.earliest_review_due(sent) + timedelta(days=5))
    dec.review_legality(second, actor=account, passed=False, now=sent + timedelta(days=10),
                        opinion="规范对经营者设定了收费义务，缺乏法律、法规依据，建议删除后重新送审")
