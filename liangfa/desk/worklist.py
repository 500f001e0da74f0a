"""待办: what waits on this person, by role, on the home page.

Each item counts through the app's own visible_* helper (access is decided there, not here), narrowed
to the person's own agency: a city bureau sees its county bureaus' work, but only the county acts on it
(the services refuse anyone else). Each links to the list where the work is done. Items a role never
acts on are left out; an item with nothing waiting still shows, with 0, so that "nothing to do" is an
answer and not a blank.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from liangfa.agencies.choices import AgencyKind, Role
from liangfa.clock.choices import DeadlineState
from liangfa.clock.models import Deadline
from liangfa.clock.rules import all_rules
from liangfa.cooperation.services import visible_consultations
from liangfa.screening.choices import ClueStatus
from liangfa.screening.lists import overdue as overdue_clues
from liangfa.screening.services import visible_clues
from liangfa.supervision.choices import OpinionKind, OpinionStatus, SupervisionStatus
from liangfa.supervision.services import visible_opinions, visible_supervisions
from liangfa.transfers.choices import TransferStatus as S
from liangfa.transfers.services import visible_transfers


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
    if user.has_role(Role.LIAISON):
        items += _liaison_work(user)
    return items


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
    ]


def _agency_work(user) -> list[Todo]:
    mine = visible_transfers(user).filter(agency_id=user.agency_id)
    clues = visible_clues(user).filter(agency_id=user.agency_id)
    opinions = visible_opinions(user).filter(agency_id=user.agency_id, status=OpinionStatus.SENT)
    items = [
        Todo("待核查的涉罪线索", clues.filter(status=ClueStatus.NEW).count(), "/clues/?state=new"),
        Todo("核查中的线索", clues.filter(status=ClueStatus.CHECKING).count(), "/clues/?state=checking"),
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
    ]
    return items


def _police_work(user) -> list[Todo]:
    received = visible_transfers(user).filter(police_id=user.agency_id)
    demands = visible_supervisions(user).filter(police_id=user.agency_id)
    return [
        Todo("待签收的移送案件", received.filter(status=S.DELIVERED).count(), "/transfers/?status=delivered",
             urgent=True),
        Todo("已受理、待作出立案决定", received.filter(status=S.ACCEPTED).count(), "/transfers/?status=accepted",
             _basis("POL_DECIDE"), urgent=True),
        Todo("待作出复议决定", received.filter(status=S.RECONSIDERING).count(), "/transfers/?status=reconsidering",
             _basis("POL_RECONSIDER_DECIDE"), urgent=True),
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
        Todo("建议立案监督、尚未监督的移送",
             transfers.filter(status=S.SUPERVISION_REQUESTED, supervisions__isnull=True).count(),
             "/transfers/?status=supervision_requested"),
        Todo("公安机关已说明理由、待审查", visible_supervisions(user).filter(
            status=SupervisionStatus.REASONS_ANSWERED).count(), "/supervision/"),
        Todo("不予立案的移送", transfers.filter(status=S.NOT_FILED).count(), "/transfers/?status=not_filed"),
        Todo("复议维持不予立案的移送", transfers.filter(status=S.UPHELD).count(), "/transfers/?status=upheld"),
        Todo("待行政机关回复的检察意见、检察建议", visible_opinions(user).filter(status=OpinionStatus.SENT).count(),
             "/supervision/"),
    ]


def _liaison_work(user) -> list[Todo]:
    waiting = visible_consultations(user).filter(to_agency_id=user.agency_id, answered_at__isnull=True)
    return [Todo("待答复的会商咨询", waiting.count(), "/cooperation/", _basis("COOP_CONSULT_REPLY"))]
