"""One shape for every timeline row (case, transfer, clue, supervision, cooperation).

Who, from which organ, when, which step — by code — from which status to which, and a note. Statistics
count codes and statuses; the Chinese a person reads is the code's label in the app's `TextChoices`,
so renaming a label changes no figure (as pretix keys its log entries by action type).
"""

from django.conf import settings
from django.db import models


class Event(models.Model):
    time = models.DateTimeField("时间")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name="办理人")
    actor_name = models.CharField("办理人姓名", max_length=150, blank=True)
    agency = models.ForeignKey("agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name="机关")
    code = models.CharField("事项", max_length=40)  # each timeline narrows it to its own steps' choices
    from_status = models.CharField("原状态", max_length=32, blank=True)
    to_status = models.CharField("新状态", max_length=32, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        abstract = True
        ordering = ["time", "id"]

    def __str__(self):
        return f"{self.time:%Y-%m-%d %H:%M} {self.label}"

    @property
    def label(self) -> str:
        return self.get_code_display()


def actor_fields(actor) -> dict:
    """The who of an event row: a person (and their organ), or the system."""
    if actor is None:
        return {"actor": None, "actor_name": "系统", "agency": None}
    return {"actor": actor, "actor_name": actor.display_name, "agency_id": actor.agency_id}
