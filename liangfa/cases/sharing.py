"""Who else may open a case file: the one service that writes CaseShare, and the questions that read it.

Written when a transfer is delivered (the police receive the file) and when the owner lends a file for a
while (授权查阅); read by the case lists, the importer's "no new fine while the police hold it" and
screening's "already transferred".
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from liangfa.agencies.permissions import may_grant_read, require
from liangfa.cases.choices import ShareKind
from liangfa.cases.models import CaseShare, PenaltyCase
from liangfa.cases.signals import case_transferred
from liangfa.core.audit import record_audit
from liangfa.core.errors import DomainError

GRANT_DAYS = range(1, 91)


def hand_to_police(case: PenaltyCase, police, *, reason: str, now: datetime) -> CaseShare:
    """A delivered transfer: the police may open the file, and it is being handled there.
    Called inside the transfer's own transaction, which writes the audit row of the step."""
    share = CaseShare.objects.create(case=case, agency=police, kind=ShareKind.TRANSFER, reason=reason, since=now,
                                     handling=True)
    case_transferred.send(sender=CaseShare, case_id=case.pk, now=now)
    return share


def hand_to_court(case: PenaltyCase, court, *, reason: str, now: datetime) -> CaseShare:
    """提起公诉: the case file goes with the 起诉书 to the court, which may open it from then on (it is not
    handled there as an administrative case). Called inside the step's own transaction and audit row."""
    share = CaseShare.objects.filter(case=case, agency=court, kind=ShareKind.TRANSFER).first()
    return share or CaseShare.objects.create(case=case, agency=court, kind=ShareKind.TRANSFER, reason=reason[:300],
                                             since=now, handling=False)


def release_from_police(case: PenaltyCase, police, *, now: datetime) -> int:
    """The police gave the case back (不予立案 with the materials returned): they still may read it,
    but it is no longer handled there."""
    return CaseShare.objects.filter(case=case, agency=police, kind=ShareKind.TRANSFER, handling=True).update(
        handling=False)


def return_to_police(case: PenaltyCase, police, *, now: datetime) -> int:
    """The police took the case up again (复议决定立案, 监督立案): handled there once more, no new 罚款."""
    return CaseShare.objects.filter(case=case, agency=police, kind=ShareKind.TRANSFER, handling=False).update(
        handling=True)


@transaction.atomic
def grant_read(case: PenaltyCase, *, actor, grantee, reason: str, days: int, now: datetime | None = None) -> CaseShare:
    """The owning agency lets another organ read one case file for a limited time (1–90 days)."""
    now = now or timezone.now()
    require(may_grant_read(actor, case), "只有案件所属机关的负责人或法制审核员可以授权查阅")
    if not reason.strip():
        raise DomainError("请写明授权查阅的事由")
    if days not in GRANT_DAYS:
        raise DomainError("授权期限为1至90天")
    if grantee.pk == case.agency_id:
        raise DomainError("本机关无需授权即可查阅本机关的案卷")
    share = CaseShare.objects.create(case=case, agency=grantee, kind=ShareKind.GRANT, reason=reason.strip()[:300],
                                     granted_by=actor, since=now, until=now + timedelta(days=days))
    record_audit("case.grant_access", actor=actor, now=now, obj=case, owner_agency_id=case.agency_id,
                 after={"grantee": grantee.code, "expires_at": share.until, "reason": reason})
    return share


def current(now: datetime | None = None) -> Q:
    """Shares in force: a transfer for good, a grant until it expires."""
    return Q(until__isnull=True) | Q(until__gt=now or timezone.now())


def shared_with(agency_ids, now: datetime | None = None):
    """Ids of the cases other organs let these agencies open (a subquery)."""
    return CaseShare.objects.filter(current(now), agency_id__in=agency_ids).values("case_id")


def handled_by_police(case_ids) -> set[int]:
    """Cases the police are handling now: a new 罚款 may not be imposed on them meanwhile."""
    if not case_ids:
        return set()
    rows = CaseShare.objects.filter(case_id__in=case_ids, kind=ShareKind.TRANSFER, handling=True)
    return set(rows.values_list("case_id", flat=True))


def transferred_of(party_ids) -> set[int]:
    """The parties' cases that were ever sent to the police."""
    rows = CaseShare.objects.filter(case__party_id__in=party_ids, kind=ShareKind.TRANSFER)
    return set(rows.values_list("case_id", flat=True))
