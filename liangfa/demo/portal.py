"""The demo's public site: 执法事项, decisions published on their clock (a few late, withheld, revoked and
withdrawn), 查询码 on transferred cases, 群众诉求 in every state with answers and ratings, slots and hearings.
Everything goes through the portal's services, on past dates, so the clocks and the history look lived-in."""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from liangfa.agencies.choices import AgencyKind
from liangfa.agencies.models import Agency, User
from liangfa.cases.models import PenaltyCase
from liangfa.clock.calendar import Calendar
from liangfa.clock.rules import TZ
from liangfa.core.errors import DomainError
from liangfa.demo import catalogue as cat
from liangfa.demo.transfers import _ensure_staff
from liangfa.portal import publication, schedule, services, tracking
from liangfa.portal.choices import PublicationStatus, RequestKind
from liangfa.portal.models import Publication
from liangfa.transfers.models import Transfer

# (kind, agency code, subject, body, days ago, outcome, rating)
REQUESTS = [
    (RequestKind.SUGGESTION, "jz-scjg", "建议公开农贸市场抽检结果", "希望每月在网站公布农贸市场食品抽检的品种和结果，方便群众选购。", 95, "answer", 5),
    (RequestKind.SUGGESTION, "jz-sthj", "夜间施工噪声执法", "小区旁工地经常夜间施工，建议加强夜间巡查并公开处理结果。", 70, "answer", 3),
    (RequestKind.COMPLAINT, "jz-scjg", "超市销售过期食品", "在解放区某超市买到过期酸奶，已保留购物小票和照片。", 60, "answer", 4),
    (RequestKind.COMPLAINT, "jz-yc", "举报无证销售卷烟", "山阳区某便利店长期无证销售卷烟，且有外地卷烟，数量较大。", 28, "refer", None),
    (RequestKind.COMPLAINT, "jz-sthj", "企业夜间偷排废水", "马村区某化工企业夜间通过暗管排放废水，河水发黑发臭。", 20, "refer", None),
    (RequestKind.CONSULT, "jz-scjg", "个体工商户年报怎么填", "个体工商户年度报告需要填写哪些内容，逾期未报有什么后果？", 40, "answer", 5),
    (RequestKind.CONSULT, "jz-sw", "罚款缴纳方式", "收到税务行政处罚决定书后可以通过哪些方式缴纳罚款？", 12, "answer", 4),
    (RequestKind.CONSULT, "jz-ly", "林地上建养殖棚是否需要审批", "承包的林地里想建一个养殖棚，需要办理什么手续？", 9, "open", None),
    (RequestKind.INFO_DISCLOSURE, "jz-sthj", "申请公开某项目环评批复", "申请公开2024年某建材项目环境影响报告表的批复文件。", 45, "answer", 4),
    (RequestKind.INFO_DISCLOSURE, "jz-scjg", "申请公开食品抽检计划", "申请公开本年度食品安全监督抽检计划。", 35, "open", None),  # overdue
    (RequestKind.RECONSIDERATION, "jz-scjg", "对罚款决定申请行政复议", "对贵局作出的行政处罚决定不服，申请行政复议。", 15, "forward", None),
    (RequestKind.INFO_QUERY, "jz-scjg", "公示信息有误申请更正", "贵局公示的处罚信息中我公司名称有误，申请更正。", 25, "answer", 5),
    (RequestKind.SUGGESTION, "jz-jtys", "超限检测站公开称重数据", "建议超限检测站现场公开称重数据和处罚标准。", 18, "answer", 2),
    (RequestKind.SUGGESTION, "jz-wjw", "诊所执业信息公开", "建议公开辖区诊所的执业许可信息和处罚信息。", 4, "open", None),
    (RequestKind.COMPLAINT, "jz-zjj", "工地无证施工", "中站区某工地未挂施工许可公示牌，疑似无证施工。", 2, "open", None),
]
# Callers' names from outside the parties' name pool (catalogue.GIVEN), so a caller is never a party by chance.
NAMES = ["李婉清", "王梓涵", "张子轩", "刘雨桐", "陈思远", "杨浩然", "赵欣怡", "黄嘉懿", "周若溪", "吴俊熙", "徐语嫣", "孙天佑",
         "马博文", "朱清漪", "胡景行"]


def build_portal(*, now: datetime, out=print) -> None:
    rng = random.Random(20)
    agencies = {a.code: a for a in Agency.objects.filter(kind=AgencyKind.ADMINISTRATIVE)}
    admin = User.objects.get(username="admin")
    staff = {code: _ensure_staff(admin, agency) for code, agency in agencies.items()}
    _items(agencies, staff, now)
    published = _publications(agencies, staff, now, rng)
    codes = _tracking(staff, now)
    answered = _requests(agencies, staff, now) + _everyday(agencies, staff, now, rng)
    _slots_and_hearings(agencies, staff, now)
    out(f"  执法公开：公示 {published} 件，群众诉求 {len(REQUESTS) + 40} 件（已答复 {answered} 件）")
    for text in codes:
        out(f"  执法进度查询示例（/gk/jindu/）：{text}")


def _items(agencies, staff, now) -> None:
    for code, agency in agencies.items():
        head = staff[code][1]
        for violation in cat.VIOLATIONS.get(agency.field, []):
            schedule.add_item(agency=agency, actor=head, name=violation.name, basis=violation.basis, now=now)


def _publications(agencies, staff, now, rng) -> int:
    """Older decisions were published a few working days after the decision; the last weeks' wait in the
    queue (some late); one of each withheld, revoked (to withdraw) and withdrawn."""
    calendar, today, count = Calendar(), timezone.localdate(now), 0
    recent = today - timedelta(days=21)
    queue = Publication.objects.filter(status=PublicationStatus.PENDING, case__decision_date__lt=recent).select_related(
        "case", "agency")
    by_agency: dict[str, list] = {}
    for pub in queue:
        by_agency.setdefault(pub.agency.code, []).append(pub)
    for code, pubs in by_agency.items():
        when = {p.pk: min(now, datetime.combine(calendar.add_working_days(p.case.decision_date, rng.randint(1, 6)),
                                                time(10, 0), tzinfo=TZ)) for p in pubs}
        count += publication.publish_many(pubs, actor=staff[code][0][0], when=when, now=now)
    publication.end_expired(now=now)
    market = agencies["jz-scjg"]
    officer = staff["jz-scjg"][0][0]
    pending = Publication.objects.filter(agency=market, status=PublicationStatus.PENDING).order_by("id")
    if pending.exists():
        publication.withhold(pending.first(), actor=officer, reason="privacy", note="违法事实涉及当事人就医记录，经法制审核不予公示",
                             now=now - timedelta(days=2))
    shown = list(Publication.objects.filter(agency=market, status=PublicationStatus.PUBLISHED).order_by("-id")[:2])
    if len(shown) == 2:
        publication.record_revocation(shown[0], actor=officer, kind="revoked", revoked_at=now - timedelta(days=1),
                                      reason="经行政复议，复议机关撤销原行政处罚决定", now=now - timedelta(hours=20))
        publication.record_revocation(shown[1], actor=officer, kind="changed", revoked_at=now - timedelta(days=9),
                                      reason="经行政复议，罚款数额依法变更", now=now - timedelta(days=9))
        publication.withdraw(shown[1], actor=officer, now=now - timedelta(days=8))
    return count


def _tracking(staff, now) -> list[str]:
    """Codes on the transferred cases (the party follows 移送 and the police's decision) and one plain case."""
    lines = []
    for transfer in Transfer.objects.filter(status__in=["accepted", "filed", "not_filed"]).select_related(
            "case", "agency").order_by("id")[:3]:
        code = tracking.issue_code(transfer.case, actor=staff[transfer.agency.code][0][0], now=now)
        lines.append(f"{transfer.case.decision_no}：{tracking.notice_text(code)}")
    case = PenaltyCase.objects.filter(agency__code="jz-scjg", transfers__isnull=True).order_by("-decision_date").first()
    if case:
        code = tracking.issue_code(case, actor=staff["jz-scjg"][0][0], now=now)
        lines.append(f"{case.decision_no}：{tracking.notice_text(code)}")
    return lines


def _requests(agencies, staff, now) -> int:
    answered = 0
    for i, (kind, code, subject, body, days, outcome, rating) in enumerate(REQUESTS):
        agency = agencies[code]
        officers, head = staff[code]
        received = now - timedelta(days=days, hours=3)
        values = {"name": NAMES[i], "phone": f"139{3910000 + 7919 * i:08d}", "email": "", "subject": subject,
                  "body": body, "decision_no": ""}
        if i % 4 == 3:
            req = services.enter_request(kind=kind, agency=agency, values=values, channel="phone", received_at=received,
                                         actor=officers[0], now=received + timedelta(minutes=20))
        else:
            req = services.submit_request(kind=kind, agency=agency, values=values, now=received)
        services.assign(req, actor=head, handler=officers[0], now=received + timedelta(hours=5))
        if outcome == "answer":
            services.answer(req, actor=officers[0], now=received + timedelta(days=min(days - 1, 6)),
                            text=f"您反映的“{subject}”已收悉。经核查，我局已依法处理，并将持续加强监管。感谢您的监督。")
            answered += 1
            if rating:
                services.rate(req, rating=rating, note="答复及时" if rating >= 4 else "希望处理更彻底",
                              now=received + timedelta(days=min(days - 1, 6), hours=6))
        elif outcome == "forward":
            services.forward(req, actor=officers[0], now=received + timedelta(days=2),
                             note="复议机关将依法审查，请留意其通知。")
        elif outcome == "refer":
            services.accept(req, actor=officers[0], now=received + timedelta(days=1))
            services.refer_report(req, actor=officers[0], now=received + timedelta(days=2),
                                  note="举报所述数量较大，可能达到立案追诉标准，转为线索立案核查。")
    return answered


# Everyday opinions over half a year, so the statistics have months to compare (answered and mostly rated).
EVERYDAY = [(RequestKind.SUGGESTION, "建议延长窗口午间服务时间", "中午来办事的群众较多，建议午间安排轮班。"),
            (RequestKind.CONSULT, "行政处罚决定书在哪里查", "想查询本单位的行政处罚决定，请问在哪个网站公示？"),
            (RequestKind.COMPLAINT, "投诉执法人员态度", "检查时执法人员未出示证件，态度生硬。"),
            (RequestKind.SUGGESTION, "建议公开执法检查计划", "希望按季度公开“双随机”抽查计划和结果。")]


def _everyday(agencies, staff, now, rng) -> int:
    answered = 0
    for i in range(40):
        kind, subject, body = EVERYDAY[i % len(EVERYDAY)]
        code = ("jz-scjg", "jz-sthj", "jz-sw", "jz-yc", "jz-scjg")[i % 5]
        officers, _ = staff[code]
        received = now - timedelta(days=12 + 4 * i, hours=rng.randint(0, 8))
        req = services.submit_request(kind=kind, agency=agencies[code], now=received, values={
            "name": NAMES[i % len(NAMES)], "phone": f"137{3910000 + 4139 * i:08d}", "email": "", "subject": subject,
            "body": body, "decision_no": ""})
        answered_at = received + timedelta(days=rng.randint(1, 12))
        services.answer(req, actor=officers[0], now=answered_at, text=f"您反映的“{subject}”已收悉，我局已研究办理，感谢您的监督。")
        answered += 1
        if rng.random() < 0.8:
            services.rate(req, rating=rng.choice([5, 5, 4, 4, 4, 3, 2]), now=answered_at + timedelta(hours=3))
    return answered


def _slots_and_hearings(agencies, staff, now) -> None:
    calendar = Calendar()
    day = timezone.localdate(now)
    for code, window in (("jz-scjg", "政务服务大厅市场监管3号窗口"), ("jz-sw", "办税服务厅1号窗口"),
                         ("jz-sthj", "政务服务大厅生态环境窗口")):
        head = staff[code][1]
        current = day
        for _ in range(5):
            current = calendar.add_working_days(current, 1)
            for hour in (9, 15):
                start = datetime.combine(current, time(hour, 0), tzinfo=TZ)
                schedule.add_slot(agency=agencies[code], actor=head, window=window, starts_at=start,
                                  ends_at=start + timedelta(hours=2), capacity=4, now=now)
    for code, matter, place, host in (("jz-scjg", "涉嫌销售假冒注册商标的商品案", "焦作市市场监督管理局三楼听证室", "张法制"),
                                      ("jz-sthj", "涉嫌超标排放大气污染物案", "焦作市生态环境局一楼会议室", "周执法")):
        case = PenaltyCase.objects.filter(agency=agencies[code]).order_by("-decision_date").first()
        starts = datetime.combine(calendar.add_working_days(day, 9), time(9, 30), tzinfo=TZ)
        try:
            schedule.announce_hearing(agency=agencies[code], actor=staff[code][0][0], matter=matter, starts_at=starts,
                                      place=place, host=host, case_id=case.pk if case else None, now=now)
        except DomainError:
            continue
