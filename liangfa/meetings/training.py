"""相互培训 and 专题研讨: a session with its material, attendance and a short test."""

from django.db import transaction
from django.utils import timezone

from liangfa.agencies.models import User
from liangfa.agencies.permissions import may_hold_training, require
from liangfa.core.audit import record_audit
from liangfa.core.errors import DomainError, PermissionDenied
from liangfa.meetings.choices import MeetingStep, TrainingKind
from liangfa.meetings.events import note
from liangfa.meetings.models import TrainingAttendance, TrainingQuestion, TrainingSession


def parse_questions(text: str) -> list[dict]:
    """One question a line: 题目｜选项A｜选项B｜…｜正确选项序号(1起), as the form takes them."""
    questions = []
    for n, line in enumerate((text or "").splitlines(), 1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.replace("|", "｜").split("｜")]
        if len(parts) < 4 or not parts[-1].isdigit() or not 1 <= int(parts[-1]) <= len(parts) - 2:
            raise DomainError(f"测试题第{n}行格式应为：题目｜选项A｜选项B｜…｜正确选项序号（从1起）")
        questions.append({"text": parts[0], "options": parts[1:-1], "answer": int(parts[-1]) - 1})
    return questions


@transaction.atomic
def hold_training(*, actor, kind: str, title: str, held_on, attendees: list[User], speaker: str = "",
                  summary: str = "", material=None, questions: list[dict] = (), now=None) -> TrainingSession:
    now = now or timezone.now()
    require(actor.agency is not None and may_hold_training(actor, actor.agency), "无权登记培训：须为主办机关工作人员")
    if kind not in TrainingKind.values or not title.strip():
        raise DomainError("请选择类别并填写主题")
    if held_on is None or held_on > timezone.localdate(now):
        raise DomainError("举办日期不能晚于今天：培训办完后登记")
    if not attendees:
        raise DomainError("请登记参训人员")
    session = TrainingSession.objects.create(organizer=actor.agency, kind=kind, title=title.strip(), held_on=held_on,
                                             speaker=speaker.strip(), summary=summary.strip(), created_by=actor,
                                             created_at=now, **({"material": material} if material else {}))
    TrainingAttendance.objects.bulk_create([TrainingAttendance(session=session, user=u, agency_id=u.agency_id)
                                            for u in attendees if u.agency_id])
    TrainingQuestion.objects.bulk_create([TrainingQuestion(session=session, **q) for q in questions])
    agencies = len({u.agency_id for u in attendees})
    note(session, MeetingStep.TRAINING_HOLD, actor=actor, now=now,
         text=f"{session.get_kind_display()}：{session.title}，{len(attendees)}人（{agencies}个单位）参加")
    record_audit("training.hold", actor=actor, now=now, obj=session, owner_agency_id=actor.agency_id,
                 after={"title": session.title, "attendees": [u.pk for u in attendees]})
    return session


@transaction.atomic
def take_test(session: TrainingSession, *, actor, answers: list[int | None], now=None) -> TrainingAttendance:
    """An attendee answers the session's questions once; the score (percent) is kept."""
    now = now or timezone.now()
    row = TrainingAttendance.objects.select_for_update().filter(session=session, user=actor).first()
    if row is None:
        raise PermissionDenied("只有参训人员可以参加测试")
    if row.tested_at:
        raise DomainError(f"已于 {timezone.localtime(row.tested_at):%Y-%m-%d %H:%M} 完成测试，得分 {row.score}")
    questions = list(session.questions.all())
    if not questions:
        raise DomainError("本次培训没有测试题")
    if len(answers) != len(questions) or any(a is None for a in answers):
        raise DomainError("请回答全部测试题")
    right = sum(1 for q, a in zip(questions, answers, strict=True) if q.answer == a)
    row.score, row.tested_at = round(100 * right / len(questions)), now
    row.save(update_fields=["score", "tested_at"])
    note(session, MeetingStep.TRAINING_TEST, actor=actor, now=now, text=f"得分 {row.score}")
    record_audit("training.test", actor=actor, now=now, obj=session, owner_agency_id=session.organizer_id,
                 after={"score": row.score})
    return row


def year_figures(agency_id: int, year: int) -> dict:
    held = TrainingSession.objects.filter(organizer_id=agency_id, held_on__year=year)
    attended = TrainingAttendance.objects.filter(agency_id=agency_id, session__held_on__year=year)
    tested = attended.exclude(score__isnull=True)
    scores = list(tested.values_list("score", flat=True))
    return {"held": held.count(), "seminars": held.filter(kind=TrainingKind.SEMINAR).count(),
            "attendances": attended.count(), "sessions_joined": attended.values("session").distinct().count(),
            "tested": len(scores), "average": round(sum(scores) / len(scores)) if scores else None}
