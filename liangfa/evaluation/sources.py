"""Automatic deductions: what the platform already knows, read for one evaluation's units and period.
Each source returns occurrences, each with the record it stands on (a deadline, a case, a remedy, a clue…)."""

from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import F, Q
from django.urls import reverse

from liangfa.cases.models import PenaltyCase
from liangfa.clock.choices import DeadlineState
from liangfa.clock.models import Deadline
from liangfa.clock.rules import TZ
from liangfa.evaluation.choices import Source
from liangfa.review.choices import (
    OVERTURNED,
    REQUIRED_FILES,
    FileKind,
    FlowStep,
    Procedure,
    RemedyKind,
    RemedyResult,
)
from liangfa.review.models import HandledCase, Remedy, ReviewPolicy
from liangfa.review.policy import imported_review_required, is_on_the_spot_size, policy_for
from liangfa.screening.choices import ClueStatus
from liangfa.screening.models import Clue
from liangfa.supervision.choices import ReplyResult
from liangfa.supervision.models import Opinion

HANDLING_RULES = ("REV_DECIDE", "POL_ADMIN_CONCLUDE", "REV_SERVE", "POL_SERVE_PUBLIC_ORDER", "REV_LEGAL_REVIEW",
                  "REV_SUPPLEMENT")
TRANSFER_RULES = ("AGY_APPROVE", "AGY_DELIVER")


@dataclass(frozen=True)
class Occurrence:
    unit_id: int
    key: str  # source and record: a record counts once per evaluation
    evidence: str
    url: str = ""
    case_id: int | None = None
    officer_id: int | None = None


def _bounds(evaluation) -> tuple[datetime, datetime]:
    return (datetime.combine(evaluation.period_start, time.min, tzinfo=TZ),
            datetime.combine(evaluation.period_end, time.max, tzinfo=TZ))


def cases_in_scope(evaluation, unit_ids):
    """The units' cases decided in the period (and of the theme, for a 专项 evaluation)."""
    cases = PenaltyCase.objects.filter(agency_id__in=unit_ids, decision_date__gte=evaluation.period_start,
                                       decision_date__lte=evaluation.period_end)
    if evaluation.theme:
        cases = cases.filter(violation_type__icontains=evaluation.theme)
    return cases


def _handlers(case_ids) -> dict[int, int]:
    return dict(HandledCase.objects.filter(case_id__in=case_ids).values_list("case_id", "handler_id"))


def _late_deadlines(evaluation, unit_ids, rules, now, source):
    start, end = _bounds(evaluation)
    late = Q(state=DeadlineState.DONE, completed_at__gt=F("due_at")) | Q(state=DeadlineState.OPEN, due_at__lt=now)
    deadlines = Deadline.objects.filter(holder_agency_id__in=unit_ids, rule_id__in=rules, due_at__gte=start,
                                        due_at__lte=end).filter(late).select_related("case")
    if evaluation.theme:
        deadlines = deadlines.filter(case__violation_type__icontains=evaluation.theme)
    handlers = _handlers([d.case_id for d in deadlines if d.case_id])
    return [Occurrence(d.holder_agency_id, f"{source}:deadline:{d.pk}",
                       f"{d.name}（{d.citation}）期满 {d.due_at.astimezone(TZ):%Y-%m-%d %H:%M}，{d.lateness(now)}"
                       + (f"；案件 {d.case.decision_no}" if d.case_id else ""),
                       d.subject_url, d.case_id, handlers.get(d.case_id)) for d in deadlines]


def deadline_missed(evaluation, unit_ids, now):
    return _late_deadlines(evaluation, unit_ids, HANDLING_RULES, now, Source.DEADLINE_MISSED)


def transfer_late(evaluation, unit_ids, now):
    return _late_deadlines(evaluation, unit_ids, TRANSFER_RULES, now, Source.TRANSFER_LATE)


def _imported(evaluation, unit_ids):
    return cases_in_scope(evaluation, unit_ids).filter(handling__isnull=True).select_related("agency")


def review_missing(evaluation, unit_ids, now):
    """Imported cases the organ's list required to be reviewed, with no review date or a review not passed.
    (A case handled online cannot be decided without it: review.services.check_decision_allowed.)"""
    found = []
    policies = {}
    for case in _imported(evaluation, unit_ids):
        policy = policies.setdefault(case.agency_id, policy_for(case.agency))
        if not imported_review_required(case, policy):
            continue
        passed = case.legal_review_date and not case.legal_review_opinion.startswith(("不同意", "退回"))
        if not passed:
            why = "无法制审核记录" if not case.legal_review_date else f"审核意见为“{case.legal_review_opinion[:20]}”"
            found.append(Occurrence(case.agency_id, f"review_missing:case:{case.pk}",
                                    f"{case.decision_no}（罚款 {case.fine_amount or 0} 元）{why}",
                                    case.get_absolute_url(), case.pk))
    return found


def online_missing(evaluation, unit_ids, now):
    """Cases of organs that must handle online, decided outside the flow, not of a kind they exempt."""
    required = set(ReviewPolicy.objects.filter(agency_id__in=unit_ids, online_required=True).values_list("agency_id", flat=True))
    exempt = {p.agency_id: Procedure.SIMPLE in (p.exempt_procedures or [])
              for p in ReviewPolicy.objects.filter(agency_id__in=required)}
    found = []
    for case in _imported(evaluation, required):
        if exempt.get(case.agency_id) and is_on_the_spot_size(case.fine_amount, case.party_category,
                                                                case.penalty_category):
            continue
        found.append(Occurrence(case.agency_id, f"online_missing:case:{case.pk}",
                                f"{case.decision_no} 未经网上流转（导入的案件，罚款 {case.fine_amount or 0} 元）",
                                case.get_absolute_url(), case.pk))
    return found


def documents_missing(evaluation, unit_ids, now):
    handled = HandledCase.objects.filter(
        case__in=cases_in_scope(evaluation, unit_ids), procedure=Procedure.GENERAL,
        step__in=(FlowStep.DECIDED, FlowStep.EXECUTING, FlowStep.CLOSED)).select_related("case").prefetch_related("files")
    found = []
    for h in handled:
        present = {f.kind for f in h.files.all()}
        missing = [FileKind(k).label for k in REQUIRED_FILES if k not in present]
        if missing:
            found.append(Occurrence(h.agency_id, f"documents_missing:handled:{h.pk}",
                                    f"{h.case.decision_no} 缺少：{'、'.join(missing)}", h.get_absolute_url(), h.case_id,
                                    h.handler_id))
    return found


def _remedies(evaluation, unit_ids, kinds, results):
    remedies = Remedy.objects.filter(case__agency_id__in=unit_ids, kind__in=kinds, result__in=results,
                                     decided_on__gte=evaluation.period_start, decided_on__lte=evaluation.period_end)
    if evaluation.theme:
        remedies = remedies.filter(case__violation_type__icontains=evaluation.theme)
    remedies = list(remedies.select_related("case"))
    handlers = _handlers([r.case_id for r in remedies])
    return [Occurrence(r.case.agency_id, f"remedy:{r.pk}",
                       f"{r.case.decision_no}：{r.get_kind_display()}{r.get_result_display()}（{r.decided_on}"
                       f"{'，' + r.document_no if r.document_no else ''}）", r.case.get_absolute_url(), r.case_id,
                       handlers.get(r.case_id)) for r in remedies]


def remedy_overturned(evaluation, unit_ids, now):
    return _remedies(evaluation, unit_ids, (RemedyKind.RECONSIDERATION, RemedyKind.LITIGATION),
                     [r for r in OVERTURNED if r not in (RemedyResult.CORRECTED, RemedyResult.RECOMMENDATION)])


def procuratorial(evaluation, unit_ids, now):
    """检察 corrections recorded on a case, and 检察意见/检察建议 the organ adopted (supervision's record)."""
    found = _remedies(evaluation, unit_ids, (RemedyKind.PROCURATORIAL,),
                      (RemedyResult.CORRECTED, RemedyResult.RECOMMENDATION))
    start, end = _bounds(evaluation)
    opinions = Opinion.objects.filter(agency_id__in=unit_ids, replied_at__gte=start, replied_at__lte=end).filter(
        Q(adopted=True) | Q(result__in=(ReplyResult.TRANSFERRED, ReplyResult.ADOPTED)))
    found += [Occurrence(o.agency_id, f"opinion:{o.pk}", f"{o.get_kind_display()} {o.document_no}：{o.get_result_display()}",
                         o.get_absolute_url(), o.case_id) for o in opinions]
    return found


def clue_confirmed(evaluation, unit_ids, now):
    """应移未移: clues the organ confirmed (建议移送 or 已移送) on cases it had decided with a penalty in the period."""
    clues = Clue.objects.filter(agency_id__in=unit_ids, status__in=(ClueStatus.SUGGESTED, ClueStatus.TRANSFERRED),
                                case__in=cases_in_scope(evaluation, unit_ids)).select_related("case")
    handlers = _handlers([c.case_id for c in clues])
    return [Occurrence(c.agency_id, f"clue:{c.pk}", f"{c.case.decision_no}：涉嫌{c.crime_name}，线索{c.get_status_display()}",
                       reverse("clue_detail", args=[c.pk]), c.case_id,
                       handlers.get(c.case_id)) for c in clues]


SOURCES = {
    Source.DEADLINE_MISSED: deadline_missed, Source.REVIEW_MISSING: review_missing,
    Source.ONLINE_MISSING: online_missing, Source.DOCUMENTS_MISSING: documents_missing,
    Source.REMEDY_OVERTURNED: remedy_overturned, Source.PROCURATORIAL: procuratorial,
    Source.CLUE_CONFIRMED: clue_confirmed, Source.TRANSFER_LATE: transfer_late,
}
