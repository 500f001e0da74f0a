from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from liangfa.agencies.choices import AgencyKind
from liangfa.agencies.models import Agency
from liangfa.cases.services import get_case_for_user
from liangfa.clock.services import deadlines_for
from liangfa.cooperation import services
from liangfa.cooperation.choices import AssistanceKind, ConsultationTopic
from liangfa.core.errors import DomainError
from liangfa.core.http import id_param, safe_next


def _case(request):
    return get_case_for_user(request.user, id_param(request.POST["case"])) if request.POST.get("case") else None


@login_required
def index(request):
    user = request.user
    return render(request, "cooperation/index.html", {
        "consultations": services.visible_consultations(user)[:100],
        "interventions": services.visible_interventions(user)[:100],
        "assistance": services.visible_assistance(user)[:100],
        "threads": services.visible_threads(user)[:100],
        "counterparts": Agency.objects.exclude(pk=user.agency_id).order_by("kind", "name"),
        "helpers": Agency.objects.filter(kind__in=[AgencyKind.POLICE, AgencyKind.PROCURATORATE]),
        "police": Agency.objects.filter(kind=AgencyKind.POLICE),
        "topics": ConsultationTopic.choices, "assistance_kinds": AssistanceKind.choices,
    })


def _run(request, action, ok: str):
    try:
        action()
        messages.success(request, ok)
    except (DomainError, ValueError, KeyError, Http404) as exc:
        messages.error(request, str(exc) or "提交的内容有误")
    return redirect(safe_next(request, "cooperation_index"))


@login_required
@require_POST
def consult(request):
    return _run(request, lambda: services.ask(
        actor=request.user, to_agency=get_object_or_404(Agency, pk=id_param(request.POST.get("to_agency"))),
        topic=request.POST.get("topic", ""), question=request.POST.get("question", ""), case=_case(request)), "已提出咨询")


@login_required
@require_POST
def consult_answer(request, pk: int):
    item = get_object_or_404(services.visible_consultations(request.user), pk=pk)
    return _run(request, lambda: services.answer(item, actor=request.user, text=request.POST.get("answer", "")), "已答复")


@login_required
@require_POST
def intervene(request):
    return _run(request, lambda: services.request_intervention(
        get_case_for_user(request.user, int(request.POST["case"])), actor=request.user,
        police=get_object_or_404(Agency, pk=id_param(request.POST.get("police"))), reason=request.POST.get("reason", "")),
        "已申请提前介入")


@login_required
@require_POST
def intervene_decide(request, pk: int):
    item = get_object_or_404(services.visible_interventions(request.user), pk=pk)
    return _run(request, lambda: services.decide_intervention(
        item, actor=request.user, accept=request.POST.get("accept") == "1", reason=request.POST.get("reason", "")),
        "已答复")


@login_required
@require_POST
def assist(request):
    return _run(request, lambda: services.request_assistance(
        actor=request.user, to_agency=get_object_or_404(Agency, pk=id_param(request.POST.get("to_agency"))),
        kind=request.POST.get("kind", ""), subject=request.POST.get("subject", ""),
        due_date=date.fromisoformat(request.POST.get("due_date", "")), case=_case(request)), "已提出协作请求")


@login_required
@require_POST
def assist_finish(request, pk: int):
    item = get_object_or_404(services.visible_assistance(request.user), pk=pk)
    return _run(request, lambda: services.finish_assistance(
        item, actor=request.user, done=request.POST.get("done") == "1", result=request.POST.get("result", "")), "已办结")


@login_required
def thread(request, pk: int):
    item = get_object_or_404(services.visible_threads(request.user), pk=pk)
    if request.method == "POST":
        try:
            services.post_message(actor=request.user, thread=item, text=request.POST.get("text", ""))
        except DomainError as exc:
            messages.error(request, str(exc))
        return redirect("cooperation_thread", pk=item.pk)
    services.mark_read(item, request.user)
    return render(request, "cooperation/thread.html", {"thread": item, "messages_list": item.messages.select_related("agency")})


@login_required
@require_POST
def thread_new(request):
    try:
        message = services.post_message(actor=request.user, text=request.POST.get("text", ""),
                                        counterpart=get_object_or_404(Agency, pk=id_param(request.POST.get("counterpart"))),
                                        case=_case(request), title=request.POST.get("title", ""))
        return redirect("cooperation_thread", pk=message.thread_id)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("cooperation_index")


@login_required
def consultation_deadlines(request, pk: int):
    item = get_object_or_404(services.visible_consultations(request.user), pk=pk)
    return render(request, "clock/_deadlines.html", {"deadlines": deadlines_for(item)})


