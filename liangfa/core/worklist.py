"""待办: what waits on this person, by role, on the home page.

Each item counts through the app's own visible_* helper (access is decided there, not here) and links
to the list where the work is done. Items a role never acts on are left out; an item with nothing
waiting still shows, with 0, so that "nothing to do" is an answer and not a blank.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q

from liangfa.agencies.choices import AgencyKind, Role
from liangfa.core.access import ALL, visible_agency_ids


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
        items += _procuratorate_work(user)
    if user.has_role(Role.LIAISON):
        items += _liaison_work(user)
    return items


def _basis(rule_id: str) -> str:
    """The statutory period behind an item, as the deadline rules cite it (clock/rules.py)."""
    from liangfa.clock.rules import all_rules

    rule = all_rules()[rule_id]
    return f"{rule.citation}：{rule.period}"


def _own(user) -> set[int]:
    ids = visible_agency_ids(user)
    return {user.agency_id} if ids is ALL else ids


def _deadlines(user, now: datetime) -> list[Todo]:
    from liangfa.clock.choices import DeadlineState
    from liangfa.clock.models import Deadline

    held = Deadline.objects.filter(holder_agency_id__in=_own(user), state=DeadlineState.OPEN)
    return [
        Todo("本机关已逾期的法定期限", held.filter(due_at__lt=now).count(), "/clock/", urgent=True),
        Todo("3日内到期的法定期限", held.filter(due_at__gte=now, due_at__lt=now + timedelta(days=3)).count(),
             "/clock/", urgent=True),
    ]


def _agency_work(user) -> list[Todo]:
    from liangfa.screening.choices import ClueStatus
    from liangfa.screening.services import visible_clues
    from liangfa.supervision.choices import OpinionStatus
    from liangfa.supervision.services import visible_opinions
    from liangfa.transfers.choices import TransferStatus as S
    from liangfa.transfers.services import visible_transfers

    mine = visible_transfers(user).filter(agency_id__in=_own(user))
    items = [
        Todo("待核查的涉罪线索", visible_clues(user).filter(status=ClueStatus.NEW).count(), "/clues/?status=new"),
        Todo("核查中的线索", visible_clues(user).filter(status=ClueStatus.CHECKING).count(), "/clues/?status=checking"),
        Todo("起草中的移送", mine.filter(status=S.DRAFT).count(), "/transfers/?status=draft"),
    ]
    if user.has_role(Role.HEAD):
        items.append(Todo("待负责人审批的移送", mine.filter(status=S.PENDING_APPROVAL).count(),
                          "/transfers/?status=pending_approval", _basis("AGY_APPROVE"),
                          urgent=True))
    items += [
        Todo("已批准待移送", mine.filter(status=S.APPROVED).count(), "/transfers/?status=approved",
             _basis("AGY_DELIVER"), urgent=True),
        Todo("不予立案，可提请复议", mine.filter(status=S.NOT_FILED).count(), "/transfers/?status=not_filed",
             _basis("AGY_RECONSIDER_REQUEST")),
        Todo("待回复的检察意见、检察建议", visible_opinions(user).filter(status=OpinionStatus.SENT).count(), "/supervision/",
             _basis("AGY_OPINION_REPLY"), urgent=True),
    ]
    return items


def _police_work(user) -> list[Todo]:
    from liangfa.supervision.choices import SupervisionStatus
    from liangfa.supervision.services import visible_supervisions
    from liangfa.transfers.choices import TransferStatus as S
    from liangfa.transfers.services import visible_transfers

    received = visible_transfers(user).filter(police_id__in=_own(user))
    return [
        Todo("待签收的移送案件", received.filter(status=S.DELIVERED).count(), "/transfers/?status=delivered",
             urgent=True),
        Todo("已受理、待作出立案决定", received.filter(status=S.ACCEPTED).count(), "/transfers/?status=accepted",
             _basis("POL_DECIDE"), urgent=True),
        Todo("待作出复议决定", received.filter(status=S.RECONSIDERING).count(), "/transfers/?status=reconsidering",
             _basis("POL_RECONSIDER_DECIDE"), urgent=True),
        Todo("检察院要求说明不立案理由", visible_supervisions(user).filter(
            police_id__in=_own(user), status=SupervisionStatus.REASONS_REQUESTED).count(), "/supervision/",
             _basis("POL_EXPLAIN_NONFILING"), urgent=True),
        Todo("检察院通知立案", visible_supervisions(user).filter(
            police_id__in=_own(user), status=SupervisionStatus.FILING_NOTIFIED).count(), "/supervision/",
             _basis("POL_FILE_ON_NOTICE"), urgent=True),
    ]


def _procuratorate_work(user) -> list[Todo]:
    from liangfa.screening.choices import OPEN
    from liangfa.screening.services import visible_clues
    from liangfa.supervision.choices import OpinionStatus, SupervisionStatus
    from liangfa.supervision.services import visible_opinions, visible_supervisions
    from liangfa.transfers.choices import TransferStatus as S
    from liangfa.transfers.services import visible_transfers

    transfers = visible_transfers(user)
    return [
        Todo("应移未移线索（未结）", visible_clues(user).filter(status__in=OPEN).count(), "/clues/"),
        Todo("建议立案监督的移送", transfers.filter(status=S.SUPERVISION_REQUESTED)
             .exclude(supervisions__isnull=False).count(), "/transfers/?status=supervision_requested"),
        Todo("公安机关已说明理由、待审查", visible_supervisions(user).filter(
            status=SupervisionStatus.REASONS_ANSWERED).count(), "/supervision/"),
        Todo("不予立案、可监督的移送", transfers.filter(Q(status=S.NOT_FILED) | Q(status=S.UPHELD)).count(),
             "/transfers/?status=not_filed"),
        Todo("待行政机关回复的检察意见、检察建议", visible_opinions(user).filter(status=OpinionStatus.SENT).count(),
             "/supervision/"),
    ]


def _liaison_work(user) -> list[Todo]:
    from liangfa.cooperation.services import visible_consultations

    waiting = visible_consultations(user).filter(to_agency_id__in=_own(user), answered_at__isnull=True)
    return [Todo("待答复的会商咨询", waiting.count(), "/cooperation/", _basis("COOP_CONSULT_REPLY"))]
