from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from liangfa.agencies.models import User
from liangfa.cases.services import get_case_for_user
from liangfa.clock.services import deadlines_for
from liangfa.decisions import rules, services
from liangfa.decisions.choices import Position
from liangfa.decisions.models import DecisionCatalogue, LegalAdviser
from liangfa.meetings.views import parse_day, run

SPEECH_ROWS = 6


@login_required
def index(request):
    user = request.user
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else timezone.localdate().year
    decisions = services.visible_decisions(user).filter(catalogue__year=year)
    catalogue = DecisionCatalogue.objects.filter(agency_id=user.agency_id, year=year).first()
    return render(request, "decisions/index.html", {"decisions": decisions, "year": year, "catalogue": catalogue})


@login_required
@require_POST
def add(request):
    post = request.POST
    return run(request, lambda: services.add_to_catalogue(
        actor=request.user, year=int(post.get("year") or 0), title=post.get("title", ""),
        summary=post.get("summary", "")), "已列入目录", f"/decisions/?year={post.get('year', '')}")


@login_required
@require_POST
def publish_catalogue(request, pk: int):
    catalogue = get_object_or_404(DecisionCatalogue, pk=pk, agency_id=request.user.agency_id)
    return run(request, lambda: services.publish_catalogue(catalogue, actor=request.user), "目录已公布",
               f"/decisions/?year={catalogue.year}")


def _decision(request, pk):
    return get_object_or_404(services.visible_decisions(request.user), pk=pk)


@login_required
def detail(request, pk: int):
    decision = _decision(request, pk)
    return render(request, "decisions/detail.html", {
        "d": decision, "steps": rules.data()["steps"], "cite": {k: rules.cite(k) for k in rules.data()["steps"]},
        "review_cite": rules.cite("legality", "review_time"), "missing": services.missing_before_review(decision),
        "earliest_due": services.earliest_review_due(timezone.now()), "positions": Position.choices,
        "advisers": LegalAdviser.objects.filter(agency_id=decision.agency_id, user__isnull=False),
        "speeches": decision.speeches.all(), "events": decision.events.select_related("agency"),
        "deadlines": deadlines_for(decision), "speech_rows": range(1, SPEECH_ROWS + 1),
        "opinions": decision.adviser_opinions.select_related("adviser"),
        "my_adviser": services.advisers_of(request.user).filter(agency_id=decision.agency_id).first(),
    })


def _speeches(post) -> list[dict]:
    rows = []
    for n in range(1, SPEECH_ROWS + 1):
        if post.get(f"speaker_{n}", "").strip():
            rows.append({"speaker": post[f"speaker_{n}"], "position": post.get(f"position_{n}", ""),
                         "text": post.get(f"text_{n}", ""), "is_head": post.get("head") == str(n)})
    return rows


@login_required
@require_POST
def act(request, pk: int, step: str):
    d, user, post = _decision(request, pk), request.user, request.POST

    def day(name, label):
        return parse_day(post[name], label) if post.get(name) else None

    adviser_id = post.get("adviser")
    steps = {
        "consultation": lambda: services.record_consultation(
            d, actor=user, start=day("start", "开始日期"), end=day("end", "截止日期"), result=post.get("result", ""),
            short_reason=post.get("short_reason", ""), not_applicable=post.get("na", "")),
        "expert": lambda: services.record_expert(d, actor=user, result=post.get("result", ""),
                                                 not_applicable=post.get("na", "")),
        "risk": lambda: services.record_risk(d, actor=user, result=post.get("result", ""),
                                             not_applicable=post.get("na", "")),
        "send": lambda: services.send_for_review(
            d, actor=user, due=day("due", "审查期满日"),
            adviser=get_object_or_404(LegalAdviser, pk=adviser_id) if adviser_id else None),
        "review": lambda: services.review_legality(d, actor=user, passed=post.get("passed") == "1",
                                                   opinion=post.get("opinion", "")),
        "decide": lambda: services.decide(d, actor=user, meeting=post.get("meeting", ""), speeches=_speeches(post),
                                          adopt=post.get("adopt") == "1", head_reason=post.get("head_reason", "")),
        "publish": lambda: services.publish(d, actor=user, channel=post.get("channel", "")),
        "archive": lambda: services.archive(d, actor=user, archive_no=post.get("archive_no", "")),
        "evaluate": lambda: services.evaluate(d, actor=user, result=post.get("result", "")),
        "opinion": lambda: services.record_adviser_opinion(
            get_object_or_404(services.advisers_of(user), agency_id=d.agency_id), actor=user, decision=d,
            text=post.get("text", "")),
    }
    if step not in steps:
        raise Http404
    return run(request, steps[step], "已登记", d.get_absolute_url())


@login_required
def advisers(request):
    user = request.user
    return render(request, "decisions/advisers.html", {
        "advisers": LegalAdviser.objects.filter(agency_id=user.agency_id).prefetch_related("opinions"),
        "mine": services.advisers_of(user),
        "accounts": User.objects.filter(roles__icontains="legal_adviser"), "today": timezone.localdate()})


@login_required
@require_POST
def engage(request):
    post = request.POST
    return run(request, lambda: services.engage_adviser(
        actor=request.user, name=post.get("name", ""), firm=post.get("firm", ""),
        contract_no=post.get("contract_no", ""), start=parse_day(post.get("start", ""), "合同起始日"),
        end=parse_day(post.get("end", ""), "合同终止日"),
        user=User.objects.filter(pk=post.get("user") or 0).first(),
        contract_file=request.FILES.get("contract_file")), "已登记法律顾问", "advisers")


@login_required
@require_POST
def case_opinion(request):
    post = request.POST

    def action():
        adviser = get_object_or_404(services.advisers_of(request.user), pk=post.get("adviser") or 0)
        case = get_case_for_user(request.user, int(post.get("case") or 0))
        services.record_adviser_opinion(adviser, actor=request.user, case=case, text=post.get("text", ""))
    return run(request, action, "已出具法律意见", "advisers")
