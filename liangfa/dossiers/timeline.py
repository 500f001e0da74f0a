"""The case's 调阅 steps, for the case page's timeline (cases/timeline.py)."""

from django.urls import reverse

from liangfa.dossiers.models import DossierEvent


def dossier_steps(case) -> list[dict]:
    steps = DossierEvent.objects.filter(request__case=case).select_related("agency")
    return [{"time": e.time, "what": f"调阅案卷：{e.label}",
             "actor": f"{e.agency.name if e.agency else ''} {e.actor_name}", "changes": [], "note": e.note,
             "url": reverse("dossier_detail", args=[e.request_id])} for e in steps]
