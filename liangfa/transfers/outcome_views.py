"""刑事诉讼结果: the transfers that reached 逮捕, 起诉 or 判决, as each organ may see them (the court: those
brought to it), with the judgment and its 折抵."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from liangfa.transfers import outcomes, services

STATES = [("", "全部"), ("awaiting_judgment", "已起诉，待判决"), ("awaiting_effect", "已判决，尚未生效"),
          ("effective", "判决已生效")]


def docket(user, state: str = "") -> list[dict]:
    transfers = services.visible_transfers(user).filter(stages__isnull=False).distinct()
    rows = []
    for t in transfers.prefetch_related("stages")[:500]:
        judgment = outcomes.current_judgment(t)
        court = outcomes.court_of(t)
        key = ("effective" if judgment and judgment.effective_on else "awaiting_effect" if judgment
               else "awaiting_judgment" if court else "")
        if state and key != state:
            continue
        rows.append({"t": t, "state": outcomes.state_of(t) or "侦查中", "court": court, "judgment": judgment,
                     "text": outcomes.sentence_text(judgment) if judgment else "",
                     "offset": outcomes.offset_of(judgment) if judgment else None})
    return rows


@login_required
def outcome_list(request):
    state = request.GET.get("state", "")
    if state not in dict(STATES):
        state = ""
    return render(request, "transfers/outcomes.html", {"rows": docket(request.user, state), "states": STATES,
                                                       "state": state})
