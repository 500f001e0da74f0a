"""The forward and reverse transfer steps of a case, for the case page's timeline (cases/timeline.py)."""

from django.urls import reverse

from liangfa.transfers.models import TransferEvent, shown_note


def transfer_steps(case) -> list[dict]:
    steps = TransferEvent.objects.filter(transfer__case=case).select_related("agency")
    return [{"time": e.time, "what": f"移送：{e.label}", "actor": f"{e.agency.name if e.agency else ''} {e.actor_name}",
             "changes": [], "note": shown_note(e.note), "url": reverse("transfer_detail", args=[e.transfer_id])} for e in steps]
