from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from liangfa.parties.services import party_for_user, party_history
from liangfa.screening.services import visible_clues


@login_required
def party_detail(request, pk: int):
    party = party_for_user(request.user, pk)
    if party is None:
        raise Http404("当事人不存在或无权查看")
    cases = party_history(request.user, party)
    agencies = sorted({c.agency.name for c in cases})
    clues = visible_clues(request.user).filter(party=party).order_by("-updated_at")[:200]
    return render(request, "parties/detail.html", {"party": party, "cases": cases, "agencies": agencies,
                                                   "other_ids": party.other_ids.all(), "clues": clues})
