"""Pages of 重大案件研讨, the evidence-standards library and the 典型案例库."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from liangfa.agencies.models import Agency
from liangfa.agencies.permissions import may_edit_evidence_standards
from liangfa.cases.services import get_case_for_user
from liangfa.meetings import conference, evidence, library
from liangfa.meetings.choices import ConferenceTopic, EvidenceStage
from liangfa.meetings.events import history
from liangfa.meetings.models import EvidenceStandard
from liangfa.meetings.views import run
from liangfa.transfers.choices import EvidenceKind
from liangfa.transfers.services import visible_transfers


@login_required
def conferences(request):
    return render(request, "meetings/conferences.html", {
        "items": conference.visible_conferences(request.user)[:200], "topics": ConferenceTopic.choices,
        "organs": Agency.objects.filter(kind__in=conference.THREE_ORGANS).exclude(pk=request.user.agency_id).order_by(
            "kind", "code"),
        "case_id": request.GET.get("case", ""), "transfer_id": request.GET.get("transfer", ""),
    })


@login_required
@require_POST
def conference_new(request):
    post = request.POST

    def action():
        transfer = get_object_or_404(visible_transfers(request.user), pk=post["transfer"]) \
            if post.get("transfer") else None
        case = get_case_for_user(request.user, int(post["case"])) if post.get("case") and not transfer else None
        conference.request_conference(actor=request.user, topic=post.get("topic", ""),
                                      question=post.get("question", ""), case=case, transfer=transfer,
                                      participants=list(Agency.objects.filter(pk__in=post.getlist("participants"))))
    return run(request, action, "已提请研讨", "conferences")


@login_required
def conference_detail(request, pk: int):
    item = get_object_or_404(conference.visible_conferences(request.user), pk=pk)
    return render(request, "meetings/conference.html", {
        "item": item, "opinions": item.opinions.select_related("agency", "author"),
        "participants": item.participants.all(), "history": history(item)})


@login_required
@require_POST
def conference_act(request, pk: int, step: str):
    item = get_object_or_404(conference.visible_conferences(request.user), pk=pk)
    text = request.POST.get("text", "")
    if step == "opinion":
        action, ok = (lambda: conference.give_opinion(item, actor=request.user, text=text)), "已发表意见"
    else:
        agreed = request.POST.get("agreed") == "1"
        action, ok = (lambda: conference.conclude(item, actor=request.user, agreed=agreed, text=text)), "研讨已结束"
    return run(request, action, ok, item.get_absolute_url())


@login_required
def standards(request):
    crime = request.GET.get("crime", "")
    rows = EvidenceStandard.objects.filter(active=True)
    if crime:
        rows = rows.filter(crime_key=evidence.crime_key(crime) or crime)
    names = evidence.crimes()
    table = [(names.get(s.crime_key, s.crime_key), evidence.requirement_of(s), s) for s in rows]
    return render(request, "meetings/standards.html", {
        "table": table, "crime": crime, "crimes": sorted(names.items(), key=lambda kv: kv[1]),
        "stages": EvidenceStage.choices, "kinds": EvidenceKind.choices,
        "may_edit": may_edit_evidence_standards(request.user)})


@login_required
@require_POST
def standard_add(request):
    post = request.POST
    return run(request, lambda: evidence.add_standard(
        actor=request.user, crime_key=post.get("crime_key", ""), stage=post.get("stage", ""),
        evidence=post.get("evidence", ""), form=post.get("form", ""), kind=post.get("kind", ""),
        basis=post.get("basis", ""), conversion=post.get("conversion", "")), "已新增证据标准", "standards")


@login_required
@require_POST
def standard_retire(request, pk: int):
    std = get_object_or_404(EvidenceStandard, pk=pk)
    return run(request, lambda: evidence.retire_standard(std, actor=request.user, reason=request.POST.get("reason", "")),
               "已停用", "standards")


@login_required
def case_library(request):
    crime, q = request.GET.get("crime", ""), request.GET.get("q", "")
    return render(request, "meetings/library.html", {
        "items": library.search(crime=crime, q=q)[:200], "crime": crime, "q": q,
        "crimes": sorted(evidence.crimes().items(), key=lambda kv: kv[1])})


@login_required
@require_POST
def library_add(request):
    post = request.POST

    def action():
        transfer = get_object_or_404(visible_transfers(request.user), pk=int(post.get("transfer") or 0))
        library.add_typical_case(transfer, actor=request.user, title=post.get("title", ""),
                                 lesson=post.get("lesson", ""))
    return run(request, action, "已收入典型案例库", "case_library")
