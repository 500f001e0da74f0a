from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from liangfa.clock.rules import period
from liangfa.clock.services import deadlines_for
from liangfa.clock.subjects import mark_overdue
from liangfa.cooperation import services
from liangfa.cooperation.forms import FORMS, blank_forms
from liangfa.core.errors import DomainError


def _page(request, forms: dict | None = None, status: int = 200):
    user = request.user
    return render(request, "cooperation/index.html", {
        "consultations": mark_overdue(services.visible_consultations(user)[:100], timezone.now()),
        "reply_period": period("COOP_CONSULT_REPLY"),
        "interventions": services.visible_interventions(user)[:100],
        "assistance": services.visible_assistance(user)[:100],
        "threads": services.visible_threads(user)[:100],
        "forms": {**blank_forms(user), **(forms or {})}, "today": timezone.localdate(),
    }, status=status)


@login_required
def index(request):
    return _page(request)


def _submit(request, name: str, action, ok: str):
    """Validate the named form and run the service; on any refusal the page comes back with the form as
    typed and the reason beside it."""
    form = FORMS[name](request.POST, user=request.user, auto_id=f"{name}-%s")
    if form.is_valid():
        try:
            result = action(form.cleaned_data)
            messages.success(request, ok)
            return result if isinstance(result, HttpResponse) else redirect("cooperation_index")
        except DomainError as exc:
            form.add_error(None, str(exc))
    return _page(request, {name: form}, status=400)


@login_required
@require_POST
def consult(request):
    return _submit(request, "consult", lambda d: services.ask(
        actor=request.user, to_agency=d["to_agency"], topic=d["topic"], question=d["question"], case=d["case"]),
        "已提出咨询")


@login_required
@require_POST
def intervene(request):
    return _submit(request, "intervene", lambda d: services.request_intervention(
        d["case"], actor=request.user, police=d["police"], reason=d["reason"]), "已申请提前介入")


@login_required
@require_POST
def assist(request):
    return _submit(request, "assist", lambda d: services.request_assistance(
        actor=request.user, to_agency=d["counterpart"], kind=d["kind"], subject=d["subject"], due_date=d["due_date"],
        case=d["case"]), "已提出协作请求")


@login_required
@require_POST
def thread_new(request):
    def start(d):
        message = services.post_message(actor=request.user, text=d["text"], counterpart=d["counterpart"],
                                        case=d["case"], title=d["title"])
        return redirect("cooperation_thread", pk=message.thread_id)

    return _submit(request, "thread", start, "已发起会话")


def _answer(request, action, ok: str):
    """The short answer boxes in the lists: a refusal comes back as a message in Chinese."""
    try:
        action()
        messages.success(request, ok)
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("cooperation_index")


@login_required
@require_POST
def consult_answer(request, pk: int):
    item = get_object_or_404(services.visible_consultations(request.user), pk=pk)
    return _answer(request, lambda: services.answer(item, actor=request.user, text=request.POST.get("answer", "")),
                   "已答复")


@login_required
@require_POST
def intervene_decide(request, pk: int):
    item = get_object_or_404(services.visible_interventions(request.user), pk=pk)
    return _answer(request, lambda: services.decide_intervention(
        item, actor=request.user, accept=request.POST.get("accept") == "1", reason=request.POST.get("reason", "")),
        "已答复")


@login_required
@require_POST
def assist_finish(request, pk: int):
    item = get_object_or_404(services.visible_assistance(request.user), pk=pk)
    return _answer(request, lambda: services.finish_assistance(
        item, actor=request.user, done=request.POST.get("done") == "1", result=request.POST.get("result", "")),
        "已办结")


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
def consultation_deadlines(request, pk: int):
    item = get_object_or_404(services.visible_consultations(request.user), pk=pk)
    return render(request, "clock/_deadlines.html", {"deadlines": deadlines_for(item)})


