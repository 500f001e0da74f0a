"""The online-flow steps of a case, for the case page's timeline (cases/timeline.py)."""

from django.urls import reverse

from liangfa.review.models import FlowEvent


def flow_steps(case) -> list[dict]:
    steps = FlowEvent.objects.filter(handled__case=case)
    return [{"time": e.time, "what": f"网上办案：{e.label}", "actor": e.actor_name, "changes": [], "note": e.note,
             "url": reverse("handled_detail", args=[e.handled_id])} for e in steps]
