"""Pages of 培训 and 专题研讨: the list, a session with its attendance and its test."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from liangfa.agencies.models import User
from liangfa.meetings import training
from liangfa.meetings.choices import TrainingKind
from liangfa.meetings.models import TrainingSession
from liangfa.meetings.views import parse_day, run


@login_required
def index(request):
    sessions = TrainingSession.objects.select_related("organizer")
    year = request.GET.get("year", "")
    if year.isdigit():
        sessions = sessions.filter(held_on__year=int(year))
    return render(request, "meetings/training.html", {
        "sessions": sessions[:200], "kinds": TrainingKind.choices, "year": year,
        "people": User.objects.filter(is_active=True, agency__isnull=False).select_related("agency").order_by(
            "agency__kind", "agency__code", "username")})


@login_required
@require_POST
def hold(request):
    post = request.POST

    def action():
        training.hold_training(
            actor=request.user, kind=post.get("kind", ""), title=post.get("title", ""),
            held_on=parse_day(post.get("held_on", ""), "举办日期"),
            attendees=list(User.objects.filter(pk__in=post.getlist("attendees"))), speaker=post.get("speaker", ""),
            summary=post.get("summary", ""), material=request.FILES.get("material"),
            questions=training.parse_questions(post.get("questions", "")))
    return run(request, action, "已登记培训", "training_index")


@login_required
def detail(request, pk: int):
    session = get_object_or_404(TrainingSession.objects.select_related("organizer"), pk=pk)
    mine = session.attendance.filter(user=request.user).first()
    return render(request, "meetings/training_detail.html", {
        "session": session, "attendance": session.attendance.select_related("user", "agency"),
        "questions": session.questions.all(), "mine": mine})


@login_required
@require_POST
def test(request, pk: int):
    session = get_object_or_404(TrainingSession, pk=pk)

    def action():
        answers = []
        for q in session.questions.all():
            value = request.POST.get(f"q{q.pk}", "")
            answers.append(int(value) if value.isdigit() else None)
        training.take_test(session, actor=request.user, answers=answers)
    return run(request, action, "已提交测试", session.get_absolute_url())

