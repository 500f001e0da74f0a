"""执法质量考评: create, compute the automatic deductions, draw and score 评查 samples, hear 异议, finish with
scores and rankings, and corrective tasks (纠错). Each write checks the person, keeps its audit row."""

import random
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from liangfa.agencies.access import ALL, visible_agency_ids
from liangfa.agencies.permissions import (
    may_finish_correction,
    may_manage_evaluation,
    may_object_to_sample,
    may_run_evaluation,
    may_score_sample,
    require,
)
from liangfa.clock.services import cancel_deadlines, complete_deadlines, open_deadline, start_deadline
from liangfa.core.audit import record_audit
from liangfa.core.errors import DomainError
from liangfa.evaluation import scoring
from liangfa.evaluation.catalogue import current_catalogue
from liangfa.evaluation.choices import (
    EVALUATION_TRANSITIONS,
    CorrectionStatus,
    EvaluationKind,
    EvaluationStatus,
    ObjectionResult,
    SampleStatus,
    SamplingMethod,
    Source,
)
from liangfa.evaluation.models import Correction, Deduction, Evaluation, Objection, Sample, Score
from liangfa.evaluation.sources import SOURCES, cases_in_scope

ES = EvaluationStatus


def visible_evaluations(user):
    """Evaluations the user's organ runs, or in which it is evaluated."""
    if visible_agency_ids(user) is ALL:
        return Evaluation.objects.all()
    return Evaluation.objects.filter(organizer_id=user.agency_id) | Evaluation.objects.filter(units=user.agency_id)


def _move(evaluation: Evaluation, to: str, *, actor, now) -> None:
    if to not in EVALUATION_TRANSITIONS[evaluation.status]:
        raise DomainError(f"考评当前为“{evaluation.get_status_display()}”，不能转为“{EvaluationStatus(to).label}”")
    old = evaluation.status
    evaluation.status = to
    evaluation.save(update_fields=["status", "objections_open_at", "finished_at"])
    record_audit("evaluation.status", actor=actor, now=now, obj=evaluation, owner_agency_id=evaluation.organizer_id,
                 before={"status": old}, after={"status": to})


@transaction.atomic
def create_evaluation(*, actor, title: str, kind: str, period_start: date, period_end: date, units, theme: str = "",
                      weights: dict | None = None, now=None) -> Evaluation:
    now = now or timezone.now()
    require(may_run_evaluation(actor), "只有法制部门的考评人员可以组织执法质量考评")
    if kind not in EvaluationKind.values:
        raise DomainError(f"考评类型应为 {'、'.join(EvaluationKind.labels)} 之一")
    if period_end < period_start:
        raise DomainError("考评期间的截止日早于起始日")
    if not title.strip():
        raise DomainError("请填写考评名称")
    if kind == EvaluationKind.SPECIAL and not theme.strip():
        raise DomainError("专项考评须写明主题（违法行为类型包含的词，如“食品”）")
    units = list(units)
    if not units:
        raise DomainError("请选择被考评单位")
    visible = visible_agency_ids(actor)
    outside = [u.name for u in units if visible is not ALL and u.pk not in (visible or set())]
    if outside:
        raise DomainError(f"不能考评本机关监督范围以外的单位：{'、'.join(outside)}")
    for key, value in (weights or {}).items():
        if not isinstance(value, int | float | Decimal) or value < 0:
            raise DomainError(f"权重“{key}”应为不小于0的数")
    evaluation = Evaluation.objects.create(
        organizer_id=actor.agency_id, title=title.strip()[:200], kind=kind, period_start=period_start,
        period_end=period_end, theme=theme.strip()[:100], catalogue=current_catalogue(), weights=weights or {},
        created_at=now, created_by=actor)
    evaluation.units.set(units)
    record_audit("evaluation.create", actor=actor, now=now, obj=evaluation, owner_agency_id=actor.agency_id,
                 after={"title": evaluation.title, "kind": kind, "period": [period_start, period_end],
                        "units": [u.pk for u in units], "catalogue": evaluation.catalogue.version})
    return evaluation


def _open(evaluation: Evaluation, actor) -> None:
    require(may_manage_evaluation(actor, evaluation), "只有组织考评的机关可以办理本考评")
    if evaluation.status in (ES.OBJECTIONS, ES.FINISHED):
        raise DomainError(f"考评已{evaluation.get_status_display()}，扣分和评查结果不能再改")


@transaction.atomic
def compute_deductions(evaluation: Evaluation, *, actor, now=None) -> int:
    """Read every automatic indicator's source afresh; manual deductions stay. Returns the automatic count."""
    now = now or timezone.now()
    _open(evaluation, actor)
    units = list(evaluation.units.values_list("pk", flat=True))
    evaluation.deductions.exclude(source=Source.MANUAL).delete()
    rows = []
    for indicator in evaluation.catalogue.indicators.exclude(source=Source.MANUAL):
        if evaluation.kind not in indicator.kinds:
            continue
        for found in SOURCES[indicator.source](evaluation, units, now):
            rows.append(Deduction(evaluation=evaluation, unit_id=found.unit_id, officer_id=found.officer_id,
                                  case_id=found.case_id, indicator=indicator.code, description=indicator.description,
                                  points=indicator.points, evidence=found.evidence[:500], evidence_url=found.url[:200],
                                  key=found.key[:80], source=indicator.source, created_at=now))
    Deduction.objects.bulk_create(rows, ignore_conflicts=True)
    evaluation.computed_at = now
    evaluation.save(update_fields=["computed_at"])
    record_audit("evaluation.compute", actor=actor, now=now, obj=evaluation, owner_agency_id=evaluation.organizer_id,
                 after={"deductions": len(rows)})
    return len(rows)


@transaction.atomic
def add_manual_deduction(evaluation: Evaluation, *, actor, unit, code: str, evidence: str, case=None,
                         now=None) -> Deduction:
    now = now or timezone.now()
    _open(evaluation, actor)
    indicator = evaluation.catalogue.indicators.filter(code=code, source=Source.MANUAL).first()
    if indicator is None:
        raise DomainError(f"指标“{code}”不是本考评所用版本的人工指标")
    if not evaluation.units.filter(pk=unit.pk).exists():
        raise DomainError(f"{unit.name}不是本考评的被考评单位")
    if not evidence.strip():
        raise DomainError("人工扣分须写明依据的事实和材料")
    handler = getattr(getattr(case, "handling", None), "handler_id", None) if case else None
    deduction = Deduction.objects.create(
        evaluation=evaluation, unit=unit, case=case, officer_id=handler, indicator=code, description=indicator.description,
        points=indicator.points, evidence=evidence.strip()[:500], evidence_url=case.get_absolute_url() if case else "",
        key=f"manual:{evaluation.deductions.count() + 1}:{now.timestamp()}"[:80], source=Source.MANUAL, created_at=now,
        created_by=actor)
    record_audit("evaluation.deduct", actor=actor, now=now, obj=evaluation, owner_agency_id=unit.pk,
                 after={"indicator": code, "points": indicator.points, "evidence": evidence})
    return deduction


# ---- 网上案件评查 ---------------------------------------------------------------------------------------------

def _draw(cases: list, method: str, per_unit: int, rng: random.Random) -> list:
    if method == SamplingMethod.ALL:
        return cases
    if method == SamplingMethod.STRATIFIED:
        strata: dict[str, list] = {}
        for case in cases:
            strata.setdefault(case.violation_type, []).append(case)
        picked, layers = [], [rng.sample(v, len(v)) for _, v in sorted(strata.items())]
        while len(picked) < per_unit and any(layers):  # one from each type in turn
            for layer in layers:
                if layer and len(picked) < per_unit:
                    picked.append(layer.pop())
        return picked
    return rng.sample(cases, min(per_unit, len(cases)))


@transaction.atomic
def draw_samples(evaluation: Evaluation, *, actor, method: str, reviewers: list, per_unit: int = 3,
                 kind_contains: str = "", seed: int | None = None, now=None) -> list[Sample]:
    """Draw cases of each unit (random, one per 违法行为类型 in turn, or all of a kind) and assign reviewers in turn.
    The seed is kept in the audit row, so the draw can be repeated and checked."""
    now = now or timezone.now()
    _open(evaluation, actor)
    if method not in SamplingMethod.values:
        raise DomainError(f"抽取方式应为 {'、'.join(SamplingMethod.labels)} 之一")
    if not reviewers:
        raise DomainError("请指定评查人员")
    if method == SamplingMethod.ALL and not kind_contains.strip():
        raise DomainError("“全部”须写明哪类案件（违法行为类型包含的词）")
    if per_unit < 1:
        raise DomainError("每个单位至少抽取1件")
    seed = seed if seed is not None else random.SystemRandom().randrange(1, 10**9)
    rng = random.Random(seed)
    taken = set(evaluation.samples.values_list("case_id", flat=True))
    samples = []
    for unit in evaluation.units.order_by("pk"):
        cases = cases_in_scope(evaluation, [unit.pk]).exclude(pk__in=taken).order_by("pk")
        if kind_contains.strip():
            cases = cases.filter(violation_type__icontains=kind_contains.strip())
        for case in _draw(list(cases), method, per_unit, rng):
            reviewer = reviewers[len(samples) % len(reviewers)]
            samples.append(Sample(evaluation=evaluation, case=case, unit=unit, method=method, reviewer=reviewer))
    Sample.objects.bulk_create(samples)
    if evaluation.status == ES.DRAFT:
        _move(evaluation, ES.REVIEWING, actor=actor, now=now)
    record_audit("evaluation.sample", actor=actor, now=now, obj=evaluation, owner_agency_id=evaluation.organizer_id,
                 after={"method": method, "per_unit": per_unit, "seed": seed, "kind": kind_contains,
                        "cases": [s.case_id for s in samples]})
    return samples


def _lost(checklist: list[dict], lost: dict) -> dict:
    cleaned = {}
    for item in checklist:
        raw = str(lost.get(item["code"], "") or "0").strip()
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise DomainError(f"“{item['label']}”的扣分应为数字，填写的是“{raw}”") from None
        if value < 0 or value > Decimal(str(item["points"])):
            raise DomainError(f"“{item['label']}”的扣分应在 0–{item['points']} 分之间（该项满分 {item['points']} 分）")
        cleaned[item["code"]] = str(value)
    return cleaned


@transaction.atomic
def score_sample(sample: Sample, *, actor, lost: dict, notes: dict, now=None) -> Sample:
    """The assigned reviewer scores the case on the checklist: 100 less the points lost item by item."""
    now = now or timezone.now()
    require(may_score_sample(actor, sample), "只有分配到本案的评查人员可以评分")
    if sample.evaluation.status != ES.REVIEWING:
        raise DomainError(f"考评当前为“{sample.evaluation.get_status_display()}”，不能评分")
    checklist = sample.evaluation.catalogue.checklist
    cleaned = _lost(checklist, lost)
    for item in checklist:
        if Decimal(cleaned[item["code"]]) > 0 and not (notes.get(item["code"]) or "").strip():
            raise DomainError(f"“{item['label']}”扣了分，请写明问题")
    sample.lost, sample.notes = cleaned, {k: v.strip() for k, v in notes.items() if (v or "").strip()}
    sample.score = scoring.q(scoring.HUNDRED - sum(Decimal(v) for v in cleaned.values()))
    sample.status, sample.scored_at = SampleStatus.SCORED, now
    sample.save(update_fields=["lost", "notes", "score", "status", "scored_at"])
    record_audit("evaluation.score", actor=actor, now=now, obj=sample.evaluation, owner_agency_id=sample.unit_id,
                 after={"case": sample.case_id, "score": sample.score, "lost": cleaned})
    return sample


@transaction.atomic
def open_objections(evaluation: Evaluation, *, actor, now=None) -> Evaluation:
    """Results go to the units: each scored sample gets the 异议 period of the rule data."""
    now = now or timezone.now()
    require(may_manage_evaluation(actor, evaluation), "只有组织考评的机关可以反馈考评结果")
    waiting = evaluation.samples.filter(status=SampleStatus.ASSIGNED).count()
    if waiting:
        raise DomainError(f"还有 {waiting} 件评查案件未评分")
    if evaluation.computed_at is None:
        raise DomainError("请先计算自动扣分")
    evaluation.objections_open_at = now
    _move(evaluation, ES.OBJECTIONS, actor=actor, now=now)
    for sample in evaluation.samples.all():
        start_deadline("EVAL_OBJECTION", subject=sample, holder_agency=sample.unit, start_event="评查结果反馈",
                       started_at=now, case=sample.case)
    return evaluation


@transaction.atomic
def file_objection(sample: Sample, *, actor, reasons: str, now=None) -> Objection:
    now = now or timezone.now()
    require(may_object_to_sample(actor, sample), "只有被评查单位的人员可以提出异议")
    if sample.evaluation.status != ES.OBJECTIONS or sample.status != SampleStatus.SCORED:
        raise DomainError("本案不在异议期内，或已提出过异议")
    period = open_deadline(sample, "EVAL_OBJECTION")
    if period is None or (period.due_at and now > period.due_at):
        raise DomainError(f"异议期已过（{period.citation if period else '评查异议期限'}）")
    if not reasons.strip():
        raise DomainError("请写明异议理由")
    objection = Objection.objects.create(sample=sample, filed_by=actor, filed_at=now, reasons=reasons.strip(),
                                         old_score=sample.score)
    sample.status = SampleStatus.OBJECTED
    sample.save(update_fields=["status"])
    complete_deadlines(sample, "EVAL_OBJECTION", now=now, by="已提出异议")
    start_deadline("EVAL_OBJECTION_ANSWER", subject=objection, holder_agency=sample.evaluation.organizer,
                   start_event="收到异议", started_at=now, case=sample.case)
    record_audit("evaluation.objection", actor=actor, now=now, obj=sample.evaluation, owner_agency_id=sample.unit_id,
                 after={"case": sample.case_id, "reasons": reasons})
    return objection


@transaction.atomic
def answer_objection(objection: Objection, *, actor, result: str, answer: str, lost: dict | None = None,
                     notes: dict | None = None, now=None) -> Objection:
    """The organizer answers: accepted (the score is changed, item by item) or rejected (kept), with reasons."""
    now = now or timezone.now()
    sample = objection.sample
    require(may_manage_evaluation(actor, sample.evaluation), "只有组织考评的机关可以处理异议")
    if objection.result:
        raise DomainError("该异议已处理")
    if result not in ObjectionResult.values or not answer.strip():
        raise DomainError("请选择处理结果并写明答复理由")
    if result == ObjectionResult.ACCEPTED:
        cleaned = _lost(sample.evaluation.catalogue.checklist, lost or {})
        sample.lost, sample.notes = cleaned, {**sample.notes, **(notes or {})}
        sample.score = scoring.q(scoring.HUNDRED - sum(Decimal(v) for v in cleaned.values()))
    sample.status = SampleStatus.FINAL
    sample.save(update_fields=["lost", "notes", "score", "status"])
    objection.result, objection.answer, objection.answered_by, objection.answered_at = result, answer.strip(), actor, now
    objection.save(update_fields=["result", "answer", "answered_by", "answered_at"])
    complete_deadlines(objection, "EVAL_OBJECTION_ANSWER", now=now, by=ObjectionResult(result).label)
    record_audit("evaluation.objection_answer", actor=actor, now=now, obj=sample.evaluation,
                 owner_agency_id=sample.unit_id, before={"score": objection.old_score},
                 after={"score": sample.score, "result": result})
    return objection


@transaction.atomic
def finish_evaluation(evaluation: Evaluation, *, actor, now=None) -> list[Score]:
    """Fix the scores and rankings once every 异议 is answered; the remaining 异议 periods close."""
    now = now or timezone.now()
    require(may_manage_evaluation(actor, evaluation), "只有组织考评的机关可以完成考评")
    pending = Objection.objects.filter(sample__evaluation=evaluation, result="").count()
    if pending:
        raise DomainError(f"还有 {pending} 件异议未处理")
    evaluation.finished_at = now
    _move(evaluation, ES.FINISHED, actor=actor, now=now)
    for sample in evaluation.samples.filter(status=SampleStatus.SCORED):
        cancel_deadlines(sample, "EVAL_OBJECTION", now=now, by="考评完成")
    evaluation.samples.filter(status=SampleStatus.SCORED).update(status=SampleStatus.FINAL)
    rows = [(r, None) for r in scoring.unit_scores(evaluation)] + [(r, r["officer_id"]) for r in scoring.officer_scores(evaluation)]
    scores = Score.objects.bulk_create([
        Score(evaluation=evaluation, unit_id=r["unit_id"], officer_id=officer, deducted=r["deducted"],
              sample_score=r["sample_score"], total=r["total"], rank=r["rank"],
              parts={k: str(v) if v is not None else None for k, v in r["parts"].items()}) for r, officer in rows])
    record_audit("evaluation.finish", actor=actor, now=now, obj=evaluation, owner_agency_id=evaluation.organizer_id,
                 after={"units": {r["name"]: str(r["total"]) for r, officer in rows if officer is None}})
    return scores


# ---- 纠错 ---------------------------------------------------------------------------------------------------

@transaction.atomic
def create_correction(evaluation: Evaluation, *, actor, unit, owner, task: str, due: date | None = None,
                      deduction=None, now=None) -> Correction:
    """A corrective task with its owner and deadline (EVAL_CORRECT, or the date the organizer sets); it shows in the
    owner's 待办 until done."""
    now = now or timezone.now()
    require(may_manage_evaluation(actor, evaluation), "只有组织考评的机关可以下达整改任务")
    if owner.agency_id != unit.pk:
        raise DomainError(f"责任人须是{unit.name}的人员")
    if not task.strip():
        raise DomainError("请写明整改事项")
    if due is not None and due <= timezone.localdate(now):
        raise DomainError("整改期限须晚于今天")
    correction = Correction.objects.create(evaluation=evaluation, deduction=deduction, unit=unit, owner=owner,
                                           task=task.strip(), created_at=now)
    start_deadline("EVAL_CORRECT", subject=correction, holder_agency=unit, start_event="下达整改任务", started_at=now,
                   due_date=due, case=deduction.case if deduction else None)
    record_audit("evaluation.correction", actor=actor, now=now, obj=correction, owner_agency_id=unit.pk,
                 after={"owner": owner.display_name, "task": task, "due": due})
    return correction


@transaction.atomic
def finish_correction(correction: Correction, *, actor, result: str, now=None) -> Correction:
    now = now or timezone.now()
    require(may_finish_correction(actor, correction), "只有整改责任人或本单位负责人可以报告整改完成")
    if correction.status == CorrectionStatus.DONE:
        raise DomainError("该整改任务已完成")
    if not result.strip():
        raise DomainError("请写明整改情况")
    correction.status, correction.result, correction.done_at = CorrectionStatus.DONE, result.strip(), now
    correction.save(update_fields=["status", "result", "done_at"])
    complete_deadlines(correction, "EVAL_CORRECT", now=now, by="整改完成")
    record_audit("evaluation.correction_done", actor=actor, now=now, obj=correction, owner_agency_id=correction.unit_id,
                 after={"result": result})
    return correction


def trend(unit_ids: list[int], organizer_id: int) -> dict:
    """Each unit's totals over its finished evaluations, oldest first (the trend chart)."""
    rows = Score.objects.filter(unit_id__in=unit_ids, officer__isnull=True, evaluation__organizer_id=organizer_id,
                                evaluation__status=ES.FINISHED).select_related("evaluation", "unit").order_by(
        "evaluation__period_end", "evaluation_id")
    labels, series = [], {}
    for score in rows:
        if score.evaluation.title not in labels:
            labels.append(score.evaluation.title)
        series.setdefault(score.unit.name, {})[score.evaluation.title] = float(score.total)
    return {"labels": labels, "series": {name: [points.get(label) for label in labels] for name, points in series.items()}}


def results(evaluation: Evaluation) -> tuple[list[dict], list[dict]]:
    """Stored scores once finished; otherwise computed now from the deductions and samples so far."""
    if evaluation.status != EvaluationStatus.FINISHED:
        return scoring.unit_scores(evaluation), scoring.officer_scores(evaluation)
    stored = evaluation.scores.select_related("unit", "officer")
    rows = [{"unit_id": s.unit_id, "officer_id": s.officer_id, "name": s.officer.display_name if s.officer else s.unit.name,
             "deducted": s.deducted, "sample_score": s.sample_score, "total": s.total, "rank": s.rank, "parts": s.parts}
            for s in stored]
    return (sorted([r for r in rows if not r["officer_id"]], key=lambda r: r["rank"]),
            sorted([r for r in rows if r["officer_id"]], key=lambda r: r["rank"]))
