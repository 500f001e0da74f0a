"""Who may open a deadline's subject (a transfer, a supervision, a consultation…). The apps that own the
subjects register their visibility in AppConfig.ready() (no import runs from clock up to them), so a list of
deadlines links a subject only for a person who may open it, and otherwise the case."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType

from liangfa.clock.choices import DeadlineState
from liangfa.clock.models import Deadline

_VISIBLE = {}  # model → function(user) → queryset of the subjects this person may open


def register(model, visible) -> None:
    _VISIBLE[model] = visible


def _openable(model, ids: set[int], user) -> set[int]:
    visible = _VISIBLE.get(model)
    return set(visible(user).filter(pk__in=ids).values_list("pk", flat=True)) if visible and ids else set(ids)


def with_links(deadlines, user) -> list:
    """Each deadline gets `link`: its subject's page if this person may open it, else its case's page if
    they may open that, else none. One query per kind of subject, one for the cases."""
    deadlines = list(deadlines)
    by_type = defaultdict(set)
    for deadline in deadlines:
        by_type[deadline.content_type_id].add(deadline.object_id)
    subjects = {(type_id, pk) for type_id, ids in by_type.items()
                for pk in _openable(ContentType.objects.get_for_id(type_id).model_class(), ids, user)}
    case_model = deadlines[0]._meta.get_field("case").related_model if deadlines else None
    cases = _openable(case_model, {d.case_id for d in deadlines if d.case_id}, user)
    for deadline in deadlines:
        url = deadline.subject_url if (deadline.content_type_id, deadline.object_id) in subjects else ""
        deadline.link = url or (deadline.case.get_absolute_url() if deadline.case_id in cases else "")
    return deadlines


def with_reply_deadline(items, rule_ids) -> list:
    """Each item gets `reply_deadline`: its latest deadline under these rules (待送达, or its due time), one query."""
    items = list(items)
    if not items:
        return items
    latest: dict = {}
    for deadline in Deadline.objects.filter(
            content_type=ContentType.objects.get_for_model(items[0]), object_id__in=[i.pk for i in items],
            rule_id__in=list(rule_ids)).order_by("object_id", "-id"):
        latest.setdefault(deadline.object_id, deadline)
    for item in items:
        item.reply_deadline = latest.get(item.pk)
    return items


def mark_overdue(items, now) -> list:
    """Each item gets `overdue`: one of its deadlines is still open past its due time (one query)."""
    items = list(items)
    if not items:
        return items
    late = set(Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(items[0]), object_id__in=[i.pk for i in items],
        state=DeadlineState.OPEN, due_at__lt=now).values_list("object_id", flat=True))
    for item in items:
        item.overdue = item.pk in late
    return items
