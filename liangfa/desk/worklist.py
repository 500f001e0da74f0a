"""待办: what waits on this person, by role, on the home page.

Each item counts through the app's own visible_* helper (access is decided there, not here), narrowed
to the person's own agency: a city bureau sees its county bureaus' work, but only the county acts on it
(the services refuse anyone else). Each links to the list where the work is done. Items a role never
acts on are left out; an item with nothing waiting still shows, with 0, so that "nothing to do" is an
answer and not a blank.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from liangfa.accountability.choices import FileStatus
from liangfa.accountability.services import visible_files
from liangfa.agencies.choices import AgencyKind, DepartmentKind, Role
from liangfa.agencies.permissions import (
    CASE_HANDLERS,
    is_chief_prosecutor,
    may_open_accountability,
    may_run_evaluation,
)
from liangfa.clock.choices import DeadlineState
from liangfa.clock.models import Deadline
from liangfa.clock.rules import all_rules
from liangfa.clock.services import unserved_notices
from liangfa.cooperation.services import visible_consultations
from liangfa.decisions.choices import DecisionStatus
from liangfa.decisions.services import visible_decisions
from liangfa.dossiers.choices import DossierStatus
from liangfa.dossiers.services import visible_dossiers
from liangfa.evaluation.models import Correction, Objection, Sample
from liangfa.meetings.choices import ActionStatus
from liangfa.meetings.services import visible_actions
from liangfa.portal import publication as portal_publication
from liangfa.portal import services as portal_services
from liangfa.portal import stats as portal_stats
from liangfa.portal.choices import DONE as PORTAL_DONE
from liangfa.portal.choices import PublicationStatus
from liangfa.review.choices import FlowStep
from liangfa.review.models import HandledCase
from liangfa.screening.choices import ClueStatus
from liangfa.screening.lists import overdue as overdue_clues
from liangfa.screening.networks import converted_awaiting_transfer, open_network_clues
from liangfa.screening.services import visible_clues
from liangfa.supervision.choices import OpinionKind, OpinionStatus, SupervisionStatus
from liangfa.supervision.models import Supervision
from liangfa.supervision.services import visible_opinions, visible_supervisions
from liangfa.transfers.choices import POLICE_REVERSE_BASIS, ReverseStatus
from liangfa.transfers.choices import TransferStatus as S
from liangfa.transfers.outcome_views import docket
from liangfa.transfers.reverse import visible_reverse
from liangfa.transfers.services import (
    AWAITING_DEPARTMENT,
    awaiting_department,
    department_filter,
    owing_notice,
    visible_transfers,
)


@dataclass
class Todo:
    label: str
    count: int
    url: str
    basis: str = ""  # the rule that makes it urgent, when there is one
    urgent: bool = False  # late, or a statutory clock is running


def worklist(user, *, now: datetime) -> list[Todo]:
    if not user.is_authenticated or user.agency_id is None:
        return []
    kind = user.agency.kind
    items = _deadlines(user, now)
    if kind == AgencyKind.ADMINISTRATIVE:
        items += _agency_work(user)
    elif kind == AgencyKind.POLICE:
        items += _police_work(user)
    elif kind == AgencyKind.PROCURATORATE:
        items += _procuratorate_work(user, now)
    elif kind == AgencyKind.COURT:
        items += _court_work(user)
    if user.has_role(Role.LIAISON):
        items += _liaison_work(user)
    return (items + _review_work(user, now) + _meetings_and_decisions_work(user, now) + _portal_work(user, now)
            + _dossier_and_accountability_work(user))


def _basis(rule_id: str) -> str:
    """The statutory period behind an item, as the deadline rules cite it (clock/rules.py)."""
    rule = all_rules()[rule_id]
    return f"{rule.citation}：{rule.period_text}" + ("（法律未规定期限，本地实务）" if rule.configurable else "")


def _deadlines(user, now: datetime) -> list[Todo]:
    held = Deadline.objects.filter(holder_agency_id=user.agency_id, state=DeadlineState.OPEN)
    return [
        Todo("本机关已逾期的法定期限", held.filter(due_at__lt=now).count(), "/clock/", urgent=True),
        Todo("3日内到期的法定期限", held.filter(due_at__gte=now, due_at__lt=now + timedelta(days=3)).count(),
             "/clock/", urgent=True),
        # 检察意见书, 移送函, 通知书…: the period runs from receipt, so an unsigned one must not go unseen
        Todo("发给本机关、待签收的文书（签收之日起计算期限）", unserved_notices(user, as_holder=True).count(),
             "/clock/#held", urgent=True),
    ]


def _agency_work(user) -> list[Todo]:
    mine = visible_transfers(user).filter(agency_id=user.agency_id)
    clues = visible_clues(user).filter(agency_id=user.agency_id)
    opinions = visible_opinions(user).filter(agency_id=user.agency_id, status=OpinionStatus.SENT)
    items = [
        Todo("待核查的涉罪线索", clues.filter(status=ClueStatus.NEW).count(), "/clues/?state=new"),
        Todo("核查中的线索", clues.filter(status=ClueStatus.CHECKING).count(), "/clues/?state=checking"),
        _network_todo(user),
        Todo("关联线索已转为线索、本机关案件待发起移送", converted_awaiting_transfer(user).count(),
             "/clues/network/?state=converted", "关联当事人合计线索经人工判断转为线索的，由持有案件的机关依法移送"
             "（《行政执法机关移送涉嫌犯罪案件的规定》第三条）", urgent=True),
        Todo("起草中的移送", mine.filter(status=S.DRAFT).count(), "/transfers/?status=draft"),
    ]
    if user.has_role(Role.HEAD):
        items.append(Todo("待负责人审批的移送", mine.filter(status=S.PENDING_APPROVAL).count(),
                          "/transfers/?status=pending_approval", _basis("AGY_APPROVE"), urgent=True))
    items += [
        Todo("已批准待移送", mine.filter(status=S.APPROVED).count(), "/transfers/?status=approved",
             _basis("AGY_DELIVER"), urgent=True),
        Todo("不予立案，可提请复议", mine.filter(status=S.NOT_FILED).count(), "/transfers/?status=not_filed",
             _basis("AGY_RECONSIDER_REQUEST")),
        Todo("待回复的检察意见（建议移送）", opinions.filter(kind=OpinionKind.TRANSFER_OPINION).count(),
             "/supervision/", _basis("AGY_OPINION_REPLY"), urgent=True),
        Todo("待回复的检察建议", opinions.filter(kind=OpinionKind.RECOMMENDATION).count(), "/supervision/",
             _basis("AGY_RECOMMENDATION_REPLY"), urgent=True),
        Todo("待回复处理结果的反向移送（检察意见书、公安机关移送函）", visible_reverse(user).filter(
            to_agency_id=user.agency_id, status=ReverseStatus.PENDING).count(), "/transfers/reverse/",
             _basis("AGY_REVERSE_REPLY"), urgent=True),
    ]
    return items


def _network_todo(user) -> Todo:
    """Open network clues this person may decide (screening/networks.py: 需人工判断, local practice)."""
    return Todo("待人工判断的关联当事人合计线索", open_network_clues(user).count(), "/clues/network/",
                "关联当事人合计为提示，须人工判断能否累计计算（本地实务）")


def _police_work(user) -> list[Todo]:
    received = visible_transfers(user).filter(police_id=user.agency_id)
    mine = received.filter(department_filter(user))  # after 受理: the department's own (管辖 table, 负责人)
    demands = visible_supervisions(user).filter(police_id=user.agency_id).filter(
        Q(transfer__isnull=True) | department_filter(user, "transfer__"))
    mine_url = "&mine=1" if user.department_id and not user.has_role(Role.HEAD) else ""
    proposals = ([Todo("待负责人审批的呈请（立案、不予立案、复议决定、转送、立案后移送或并案、撤销案件）",
                       received.filter(proposals__state="pending").distinct().count(), "/transfers/?proposal=pending",
                       "《公安机关办理刑事案件程序规定》第一百七十八条、第一百八十四条、第一百八十七条第一款", urgent=True),
                  Todo("待负责人批准的反向移送呈请", visible_reverse(user).filter(
                      from_agency_id=user.agency_id, status=ReverseStatus.PROPOSED).count(), "/transfers/reverse/",
                      POLICE_REVERSE_BASIS, urgent=True)]
                 if user.has_role(Role.HEAD) else [])
    # 承办部门 is the bureau's internal division of work: the 负责人 names it (法制大队 follows the intake)
    legal = getattr(getattr(user, "department", None), "kind", "") == DepartmentKind.LEGAL
    unassigned = ([Todo(AWAITING_DEPARTMENT, awaiting_department(received).count(),
                        "/transfers/?department=none", "公安机关内部分工，由负责人指定（本地实务）", urgent=True)]
                  if user.has_role(Role.HEAD) or legal else [])
    return proposals + unassigned + [
        Todo("待签收的移送案件", received.filter(status=S.DELIVERED).count(), "/transfers/?status=delivered",
             urgent=True),
        # the written notices the police owe the agency after the 负责人's decision
        Todo("立案后已移送或并案、待书面通知移送机关", owing_notice(mine, "moved").count(),
             f"/transfers/?notice=moved{mine_url}", _basis("POL_NOTIFY_MOVED"), urgent=True),
        Todo("已撤销案件、待告知移送机关", owing_notice(mine, "withdrawn").count(),
             f"/transfers/?notice=withdrawn{mine_url}", _basis("POL_NOTIFY_WITHDRAWN"), urgent=True),
        Todo("已受理、待作出立案决定", mine.filter(status=S.ACCEPTED).count(), f"/transfers/?status=accepted{mine_url}",
             _basis("POL_DECIDE"), urgent=True),
        Todo("待作出复议决定", mine.filter(status=S.RECONSIDERING).count(),
             f"/transfers/?status=reconsidering{mine_url}", _basis("POL_RECONSIDER_DECIDE"), urgent=True),
        Todo("检察院要求说明不立案理由", demands.filter(status=SupervisionStatus.REASONS_REQUESTED).count(),
             "/supervision/", _basis("POL_EXPLAIN_NONFILING"), urgent=True),
        Todo("检察院通知立案", demands.filter(status=SupervisionStatus.FILING_NOTIFIED).count(), "/supervision/",
             _basis("POL_FILE_ON_NOTICE"), urgent=True),
    ]


def _procuratorate_work(user, now: datetime) -> list[Todo]:
    transfers = visible_transfers(user)
    return [
        Todo("应移未移线索", overdue_clues(visible_clues(user), now).count(), "/clues/?state=overdue",
             _basis("AGY_CLUE_CHECK")),
        _network_todo(user),
        Todo("建议立案监督、尚未监督的移送",
             transfers.filter(status=S.SUPERVISION_REQUESTED, supervisions__isnull=True).count(),
             "/transfers/?status=supervision_requested"),
        Todo("公安机关已说明理由、待审查", visible_supervisions(user).filter(
            status=SupervisionStatus.REASONS_ANSWERED).count(), "/supervision/"),
        Todo("通知立案后逾期未立案、应当发出纠正违法通知书", _correction_due(user, now), "/supervision/",
             _basis("POL_FILE_ON_NOTICE"), urgent=True),
        Todo("不予立案的移送", transfers.filter(status=S.NOT_FILED).count(), "/transfers/?status=not_filed"),
        Todo("复议维持不予立案的移送", transfers.filter(status=S.UPHELD).count(), "/transfers/?status=upheld"),
        Todo("待行政机关回复的检察意见、检察建议", visible_opinions(user).filter(status=OpinionStatus.SENT).count(),
             "/supervision/"),
        Todo("待行政机关回复处理结果的检察意见（不起诉案件）", visible_reverse(user).filter(
            from_agency_id=user.agency_id, status=ReverseStatus.PENDING).count(), "/transfers/reverse/",
            _basis("AGY_REVERSE_REPLY")),
        *_chief_prosecutor_work(user),
    ]


def _correction_due(user, now: datetime) -> int:
    """《人民检察院刑事诉讼规则》第五百六十四条: the police have not filed within the period after receiving the 通知立案书
    — the procuratorate shall (应当) send a 纠正违法通知书; counted until it is sent (supervision.may_issue_correction)."""
    own = visible_supervisions(user).filter(procuratorate_id=user.agency_id, correction_issued_at__isnull=True)
    return Deadline.objects.filter(
        rule_id="POL_FILE_ON_NOTICE", state=DeadlineState.OPEN, due_at__lt=now,
        content_type=ContentType.objects.get_for_model(Supervision), object_id__in=own.values("pk")).count()


def _chief_prosecutor_work(user) -> list[Todo]:
    """The 检察长 decides 通知立案 and 检察意见 (《人民检察院刑事诉讼规则》第五百五十七条、第五百六十一条)."""
    if not is_chief_prosecutor(user, user.agency_id):
        return []
    return [
        Todo("待检察长决定的通知立案", visible_supervisions(user).filter(
            procuratorate_id=user.agency_id, status=SupervisionStatus.FILING_PROPOSED).count(), "/supervision/",
            urgent=True),
        Todo("待检察长批准的检察意见", visible_opinions(user).filter(
            procuratorate_id=user.agency_id, status=OpinionStatus.DRAFT).count(), "/supervision/", urgent=True),
        Todo("待检察长批准的不起诉案件检察意见", visible_reverse(user).filter(
            from_agency_id=user.agency_id, status=ReverseStatus.DRAFT).count(), "/transfers/reverse/", urgent=True),
    ]


def _court_work(user) -> list[Todo]:
    """The cases brought to this court: judgments to enter, and judgments to confirm once in force."""
    rows = docket(user)
    return [
        Todo("已起诉至本院、待登记判决", sum(r["judgment"] is None and r["court"] is not None for r in rows),
             "/transfers/outcomes/?state=awaiting_judgment", "《刑事诉讼法》第一百七十六条"),
        Todo("已判决、待确认生效", sum(r["judgment"] is not None and not r["judgment"].effective_on for r in rows),
             "/transfers/outcomes/?state=awaiting_effect", "《刑事诉讼法》第二百三十条、第二百五十九条"),
    ]


def _liaison_work(user) -> list[Todo]:
    waiting = visible_consultations(user).filter(to_agency_id=user.agency_id, answered_at__isnull=True)
    return [Todo("待答复的会商咨询", waiting.count(), "/cooperation/", _basis("COOP_CONSULT_REPLY"))]


def _review_work(user, now: datetime) -> list[Todo]:
    """网上办案, 法制审核 and 考评: each step waiting on this person, and the 执法预警 of their organ."""
    own = HandledCase.objects.filter(agency_id=user.agency_id)
    items = []
    if user.agency.kind in (AgencyKind.ADMINISTRATIVE, AgencyKind.POLICE):
        limits = Deadline.objects.filter(holder_agency_id=user.agency_id, state=DeadlineState.OPEN)
        if user.has_role(Role.HEAD):
            items += [Todo("待审批的立案申请", own.filter(step=FlowStep.PROPOSED).count(), "/review/?step=proposed"),
                      Todo("待负责人决定（含集体讨论）", own.filter(step__in=(FlowStep.DECIDING, FlowStep.DISCUSSING)).count(),
                           "/review/?step=deciding", urgent=True)]
        if user.has_role(Role.LEGAL_REVIEWER):
            items.append(Todo("待法制审核的案件", own.filter(step=FlowStep.REVIEWING).count(), "/review/?step=reviewing",
                              _basis("REV_LEGAL_REVIEW"), urgent=True))
        items += [
            Todo("退回补充调查的案件", own.filter(step=FlowStep.RETURNED, handler=user).count(), "/review/?step=returned",
                 _basis("REV_SUPPLEMENT"), urgent=True),
            Todo("执法预警：办案期限10日内届满或已超期未结", limits.filter(
                rule_id__in=("REV_DECIDE", "POL_ADMIN_CONCLUDE"), due_at__lt=now + timedelta(days=10)).count(),
                "/clock/", _basis("REV_DECIDE"), urgent=True),
            Todo("执法预警：法制审核超期", limits.filter(rule_id="REV_LEGAL_REVIEW", due_at__lt=now).count(),
                 "/review/?step=reviewing", _basis("REV_LEGAL_REVIEW"), urgent=True),
            Todo("执法预警：已作出决定但涉罪线索未核查", own.filter(
                step__in=(FlowStep.DECIDED, FlowStep.EXECUTING, FlowStep.CLOSED),
                case__clues__status__in=(ClueStatus.NEW, ClueStatus.CHECKING)).distinct().count(),
                "/clues/?status=new", "《行政处罚法》第二十七条", urgent=True),
        ]
        items.append(Todo("我的整改（纠错）任务", Correction.objects.filter(owner=user, status="open").count(),
                          "/evaluation/corrections/", _basis("EVAL_CORRECT"), urgent=True))
    if may_run_evaluation(user):
        items += [
            Todo("分配给我的评查案件", Sample.objects.filter(reviewer=user, status="assigned").count(), "/evaluation/"),
            Todo("待答复的评查异议", Objection.objects.filter(sample__evaluation__organizer_id=user.agency_id,
                                                         result="").count(), "/evaluation/", _basis("EVAL_OBJECTION_ANSWER")),
        ]
    return items


def _meetings_and_decisions_work(user, now: datetime) -> list[Todo]:
    """议定事项 of the person's organ (late ones urgent), and 重大行政决策 steps waiting on their role."""
    actions = visible_actions(user).filter(owner_agency_id=user.agency_id, status=ActionStatus.OPEN)
    today = timezone.localdate(now)
    items = [Todo("联席会议议定事项（办理中）", actions.count(), "/meetings/", _basis("MTG_ACTION_ITEM")),
             Todo("已逾期的联席会议议定事项", actions.filter(due_date__lt=today).count(), "/meetings/",
                  _basis("MTG_ACTION_ITEM"), urgent=True)]
    decisions = visible_decisions(user).filter(agency_id=user.agency_id)
    if user.has_role(Role.LEGAL_REVIEWER):
        items.append(Todo("待合法性审查的重大行政决策", decisions.filter(
            status=DecisionStatus.IN_REVIEW, legality_reviewer__isnull=True).count(), "/decisions/",
            _basis("DEC_LEGALITY_REVIEW"), urgent=True))
    if user.has_role(Role.LEGAL_ADVISER):
        items.append(Todo("送我审查的重大行政决策", visible_decisions(user).filter(
            status=DecisionStatus.IN_REVIEW, legality_reviewer__user=user).count(), "/decisions/",
            _basis("DEC_LEGALITY_REVIEW"), urgent=True))
    if user.has_role(Role.HEAD):
        items.append(Todo("合法性审查已通过、待集体讨论的重大行政决策",
                          decisions.filter(status=DecisionStatus.REVIEWED).count(), "/decisions/"))
    return items


def _portal_work(user, now: datetime) -> list[Todo]:
    """执法公开: decisions to publish or withdraw on their clock, and 群众诉求 waiting on this person's organ
    (overdue ones first: they are the handler's)."""
    pubs = portal_publication.visible_publications(user).filter(agency_id=user.agency_id)
    requests = portal_services.visible_requests(user).filter(agency_id=user.agency_id)
    mine = requests.filter(Q(handler=user) | Q(handler__isnull=True))  # assigned to this person, or to nobody yet
    items = [
        Todo("群众诉求已逾期未办结", len(portal_stats.overdue(mine, now)), "/portal/requests/?status=overdue",
             urgent=True),
        Todo("待办理的群众诉求", requests.exclude(status__in=PORTAL_DONE).count(), "/portal/requests/"),
    ]
    if user.agency.kind == AgencyKind.ADMINISTRATIVE:
        items += [
            Todo("逾期未公示的行政处罚决定", pubs.filter(status=PublicationStatus.PENDING, due_at__lt=now).count(),
                 "/portal/publications/", _basis("PUB_DECISION"), urgent=True),
            Todo("待撤回的公示（决定已变更或撤销）", pubs.filter(status=PublicationStatus.WITHDRAWAL_DUE).count(),
                 "/portal/publications/", _basis("PUB_WITHDRAW"), urgent=True),
            Todo("群众举报转来的涉嫌犯罪线索（未关联案件）", requests.filter(referred_at__isnull=False,
                                                               case__isnull=True).count(),
                 "/portal/requests/?status=referred"),
        ]
    return items


def _dossier_and_accountability_work(user) -> list[Todo]:
    """调阅案卷 to supply or to read; 问责卷 opened here or sent here for an outcome."""
    items = []
    dossiers = visible_dossiers(user)
    if user.agency.kind == AgencyKind.ADMINISTRATIVE and user.has_role(*CASE_HANDLERS):
        items.append(Todo("检察院调阅、待提供的案卷", dossiers.filter(agency_id=user.agency_id,
                                                            status=DossierStatus.REQUESTED).count(),
                          "/dossiers/", _basis("DOS_SUPPLY"), urgent=True))
    if user.agency.kind == AgencyKind.PROCURATORATE:
        items.append(Todo("已提供、待阅的调阅案卷", dossiers.filter(requester_id=user.agency_id,
                                                          status=DossierStatus.SUPPLIED).count(), "/dossiers/"))
    files = visible_files(user)
    if may_open_accountability(user):
        items.append(Todo("立卷审查中的问责卷", files.filter(opened_by_agency_id=user.agency_id,
                                                      status=FileStatus.OPEN).count(), "/accountability/"))
    referred = files.filter(referred_to_id=user.agency_id)
    if user.has_role(Role.INSPECTOR, Role.HEAD) and (
            user.agency.kind in (AgencyKind.SUPERVISION, AgencyKind.GOVERNMENT) or referred.exists()):
        items.append(Todo("移送本机关、待登记处理结果的问责卷", referred.filter(status=FileStatus.REFERRED).count(),
                          "/accountability/", "《行政执法机关移送涉嫌犯罪案件的规定》第十六条、第十八条"))
    return items
