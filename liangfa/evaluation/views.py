from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from liangfa.agencies.access import ALL, visible_agency_ids
from liangfa.agencies.choices import AgencyKind
from liangfa.agencies.models import Agency, User
from liangfa.agencies.permissions import (
    may_edit_indicators,
    may_manage_evaluation,
    may_object_to_sample,
    may_run_evaluation,
    may_score_sample,
)
from liangfa.cases.models import PenaltyCase
from liangfa.clock.services import deadlines_for
from liangfa.core.audit import record_audit
from liangfa.core.downloads import download
from liangfa.core.errors import DomainError
from liangfa.evaluation import services
from liangfa.evaluation.catalogue import current_catalogue, revise_indicator
from liangfa.evaluation.choices import EvaluationKind, EvaluationStatus, ObjectionResult, SamplingMethod
from liangfa.evaluation.exports import evaluation_docx, evaluation_xlsx
from liangfa.evaluation.models import Correction, Evaluation, Sample
from liangfa.evaluation.services import visible_evaluations
from liangfa.review.actions import day


def _evaluation(user, pk: int) -> Evaluation:
    found = visible_evaluations(user).filter(pk=pk).distinct().first()
    if found is None:
        raise Http404("考评不存在或无权查看")
    return found


def _evaluable(user):
    ids = visible_agency_ids(user)
    units = Agency.objects.filter(kind__in=(AgencyKind.ADMINISTRATIVE, AgencyKind.POLICE), is_active=True)
    return units if ids is ALL else units.filter(pk__in=ids or [])


@login_required
def evaluation_list(request):
    user = request.user
    if request.method == "POST":
        try:
            post = request.POST
            weights = {k: int(post[f"w_{k}"]) for k in ("auto", "sample", "self", "daily", "stage", "special")
                       if post.get(f"w_{k}", "").strip().isdigit()}
            evaluation = services.create_evaluation(
                actor=user, title=post.get("title", ""), kind=post.get("kind", ""),
                period_start=day(post.get("period_start"), "考评期间起"), period_end=day(post.get("period_end"), "考评期间止"),
                units=_evaluable(user).filter(pk__in=post.getlist("units")), theme=post.get("theme", ""), weights=weights)
            messages.success(request, "已创建考评")
            return redirect("evaluation_detail", pk=evaluation.pk)
        except DomainError as exc:
            messages.error(request, str(exc))
    return render(request, "evaluation/list.html", {
        "evaluations": visible_evaluations(user).distinct().select_related("organizer")[:200],
        "may_run": may_run_evaluation(user), "kinds": EvaluationKind.choices, "units": _evaluable(user),
        "my_samples": Sample.objects.filter(reviewer=user).exclude(status="final").select_related("case", "evaluation"),
    })


@login_required
def evaluation_detail(request, pk: int):
    evaluation = _evaluation(request.user, pk)
    units, officers = services.results(evaluation)
    manage = may_manage_evaluation(request.user, evaluation)
    own = None if manage else request.user.agency_id  # a unit sees its own deductions and samples
    deductions = evaluation.deductions.select_related("unit", "officer")
    samples = evaluation.samples.select_related("case", "unit", "reviewer")
    corrections = evaluation.corrections.select_related("unit", "owner")
    if own:
        deductions, samples, corrections = (deductions.filter(unit_id=own), samples.filter(unit_id=own),
                                            corrections.filter(unit_id=own))
    chart = {"units": [r["name"] for r in units], "totals": [float(r["total"]) for r in units],
             "trend": services.trend([r["unit_id"] for r in units], evaluation.organizer_id)}
    staff = User.objects.filter(agency_id=evaluation.organizer_id, is_active=True)
    return render(request, "evaluation/detail.html", {
        "e": evaluation, "units": units, "officers": officers, "deductions": deductions, "samples": samples,
        "corrections": corrections, "manage": manage, "S": EvaluationStatus, "chart": chart,
        "methods": SamplingMethod.choices, "staff": staff,
        "manual": evaluation.catalogue.indicators.filter(source="manual"),
        "unit_staff": User.objects.filter(agency__in=evaluation.units.all(), is_active=True).select_related("agency"),
        "indicators": evaluation.catalogue.indicators.all(),
    })


def _case_of(evaluation, text: str):
    text = (text or "").strip()
    if not text:
        return None
    case = PenaltyCase.objects.filter(agency__in=evaluation.units.all(), decision_no=text).first()
    if case is None:
        raise DomainError(f"被考评单位没有文号为“{text}”的案件")
    return case


def _unit(e, post):
    return e.units.filter(pk=post.get("unit") or 0).first() or _missing("单位")


def _missing(label: str):
    raise DomainError(f"请选择{label}")


def _deduct(e, actor, post) -> str:
    services.add_manual_deduction(e, actor=actor, unit=_unit(e, post), code=post.get("indicator", ""),
                                  evidence=post.get("evidence", ""), case=_case_of(e, post.get("case")))
    return "已登记人工扣分"


def _draw(e, actor, post) -> str:
    per_unit = post.get("per_unit", "").strip()
    reviewers = list(User.objects.filter(pk__in=post.getlist("reviewers"), agency_id=e.organizer_id))
    drawn = services.draw_samples(e, actor=actor, method=post.get("method", ""), reviewers=reviewers,
                                  per_unit=int(per_unit) if per_unit.isdigit() else 0,
                                  kind_contains=post.get("kind_contains", ""))
    return f"已抽取 {len(drawn)} 件评查案件"


def _correction(e, actor, post) -> str:
    owner = User.objects.filter(pk=post.get("owner") or 0).first() or _missing("责任人")
    services.create_correction(e, actor=actor, unit=_unit(e, post), owner=owner, task=post.get("task", ""),
                               due=day(post["due"], "整改期限") if post.get("due") else None)
    return "已下达整改任务"


def _open_objections(e, actor, post) -> str:
    services.open_objections(e, actor=actor)
    return "已向被考评单位反馈结果，异议期开始"


def _finish(e, actor, post) -> str:
    services.finish_evaluation(e, actor=actor)
    return "考评已完成，得分和名次已确定"


EVALUATION_ACTIONS = {
    "compute": lambda e, a, p: f"已计算自动扣分 {services.compute_deductions(e, actor=a)} 项",
    "deduct": _deduct, "sample": _draw, "open_objections": _open_objections, "finish": _finish,
    "correction": _correction,
}


@login_required
@require_POST
def evaluation_act(request, pk: int, action: str):
    evaluation = _evaluation(request.user, pk)
    try:
        if action not in EVALUATION_ACTIONS:
            raise DomainError(f"未知的操作“{action}”")
        messages.success(request, EVALUATION_ACTIONS[action](evaluation, request.user, request.POST))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("evaluation_detail", pk=pk)


@login_required
def evaluation_export(request, pk: int, fmt: str):
    evaluation = _evaluation(request.user, pk)
    if fmt not in ("xlsx", "docx"):
        raise Http404("格式应为 xlsx 或 docx")
    units, officers = services.results(evaluation)
    now = timezone.now()
    data = evaluation_xlsx(evaluation, units, officers) if fmt == "xlsx" else evaluation_docx(evaluation, units, now)
    record_audit("evaluation.export", actor=request.user, now=now, obj=evaluation,
                 owner_agency_id=evaluation.organizer_id, after={"format": fmt})
    return download(data, f"{evaluation.title}.{fmt}")


def _sample(user, pk: int) -> Sample:
    sample = Sample.objects.select_related("evaluation", "case", "unit", "reviewer").filter(pk=pk).first()
    if sample is None or not (may_score_sample(user, sample) or may_manage_evaluation(user, sample.evaluation)
                              or may_object_to_sample(user, sample)):
        raise Http404("评查案件不存在或无权查看")
    return sample


@login_required
def sample_detail(request, pk: int):
    sample = _sample(request.user, pk)
    objection = getattr(sample, "objection", None)
    checklist = [{**item, "lost": sample.lost.get(item["code"], ""), "note": sample.notes.get(item["code"], "")}
                 for item in sample.evaluation.catalogue.checklist]
    deadlines = list(deadlines_for(sample)) + (list(deadlines_for(objection)) if objection else [])
    return render(request, "evaluation/sample.html", {
        "s": sample, "objection": objection, "checklist": checklist, "deadlines": deadlines, "now": timezone.now(),
        "may_score": may_score_sample(request.user, sample) and sample.evaluation.status == EvaluationStatus.REVIEWING,
        "may_object": may_object_to_sample(request.user, sample) and sample.evaluation.status == EvaluationStatus.OBJECTIONS
        and sample.status == "scored",
        "may_answer": may_manage_evaluation(request.user, sample.evaluation) and objection and not objection.result,
        "results": ObjectionResult.choices})


def _items(post, prefix: str) -> dict:
    return {k[len(prefix):]: v for k, v in post.items() if k.startswith(prefix)}


@login_required
@require_POST
def sample_act(request, pk: int, action: str):
    sample = _sample(request.user, pk)
    post = request.POST
    try:
        if action == "score":
            services.score_sample(sample, actor=request.user, lost=_items(post, "lost_"), notes=_items(post, "note_"))
            messages.success(request, "已评分")
        elif action == "object":
            services.file_objection(sample, actor=request.user, reasons=post.get("reasons", ""))
            messages.success(request, "已提出异议")
        elif action == "answer":
            services.answer_objection(sample.objection, actor=request.user, result=post.get("result", ""),
                                      answer=post.get("answer", ""), lost=_items(post, "lost_"), notes=_items(post, "note_"))
            messages.success(request, "已答复异议")
        else:
            raise DomainError(f"未知的操作“{action}”")
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("sample_detail", pk=pk)


@login_required
def indicators(request):
    if request.method == "POST":
        try:
            post = request.POST
            catalogue = revise_indicator(actor=request.user, code=post.get("code", ""), description=post.get("description", ""),
                                         points=post.get("points"), cap=post.get("cap"), basis=post.get("basis", ""),
                                         kinds=post.getlist("kinds"), note=post.get("note", ""))
            messages.success(request, f"已保存为第{catalogue.version}版")
            return redirect("evaluation_indicators")
        except DomainError as exc:
            messages.error(request, str(exc))
    catalogue = current_catalogue()
    return render(request, "evaluation/indicators.html", {
        "catalogue": catalogue, "indicators": catalogue.indicators.all(), "may_edit": may_edit_indicators(request.user),
        "kinds": EvaluationKind.choices, "versions": type(catalogue).objects.all()[:20]})


@login_required
def correction_list(request):
    tasks = Correction.objects.filter(owner=request.user) | Correction.objects.filter(unit_id=request.user.agency_id)
    tasks = tasks.distinct().select_related("evaluation", "unit", "owner")
    rows = [(t, next(iter(deadlines_for(t)), None)) for t in tasks]
    return render(request, "evaluation/corrections.html", {"rows": rows, "now": timezone.now()})


@login_required
@require_POST
def correction_done(request, pk: int):
    task = Correction.objects.filter(pk=pk).first()
    if task is None:
        raise Http404("整改任务不存在")
    try:
        services.finish_correction(task, actor=request.user, result=request.POST.get("result", ""))
        messages.success(request, "已报告整改完成")
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("correction_list")
