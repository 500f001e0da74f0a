"""One helper to write a meeting-app timeline row (meetings, 研讨, standards, training, library)."""

from django.contrib.contenttypes.models import ContentType

from liangfa.core.events import actor_fields
from liangfa.meetings.models import MeetingEvent


def note(item, step: str, *, actor, now, text: str = "", case=None, transfer=None, to_status: str = "",
         from_status: str = "") -> MeetingEvent:
    return MeetingEvent.objects.create(content_type=ContentType.objects.get_for_model(item), object_id=item.pk,
                                       case=case, transfer=transfer, time=now, code=step, note=text,
                                       from_status=from_status, to_status=to_status, **actor_fields(actor))


def history(item):
    return MeetingEvent.objects.filter(content_type=ContentType.objects.get_for_model(item),
                                       object_id=item.pk).select_related("agency")
