"""The case's 咨询, 提前介入 and 协作请求 steps, for the case page's timeline (cases/timeline.py)."""

from django.urls import reverse

from liangfa.cooperation.models import CooperationEvent


def cooperation_steps(case) -> list[dict]:
    steps = CooperationEvent.objects.filter(case=case).select_related("agency")
    return [{"time": e.time, "what": f"协作：{e.label}", "actor": f"{e.agency.name if e.agency else ''} {e.actor_name}",
             "changes": [], "note": e.note, "url": reverse("cooperation_index")} for e in steps]
