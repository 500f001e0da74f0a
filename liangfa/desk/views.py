from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from liangfa.agencies.access import ALL, scope_by_agency, visible_agency_ids
from liangfa.agencies.models import Agency
from liangfa.cases.models import ImportBatch
from liangfa.cases.services import party_for_user, visible_cases
from liangfa.cases.sharing import shared_with
from liangfa.core.receipts import case_reads, receipts_for, record_reads
from liangfa.core.sql import InArray
from liangfa.desk import tally
from liangfa.desk.network import network_view
from liangfa.desk.worklist import worklist
from liangfa.parties.links import group_members
from liangfa.screening.networks import network_clues_of
from liangfa.screening.services import visible_clues

PARTY_PAGE = 50  # cases a page on the party page
RECEIPTS_PAGE = 50  # receipts a page: the home page and 期限看板 fill the list quickly
CLUES_SHOWN = 50  # the party's most recent clues; the count covers the rest


@login_required
def home(request):
    """One page per role: what this person's agency holds and what to do next."""
    user = request.user
    cases = visible_cases(user)
    counted_at, by_agency = None, []
    ids = visible_agency_ids(user)
    if ids is ALL:  # every organ's cases: counted from the cache (tally.py)
        figures = tally.region_figures()
        totals, by_agency, counted_at = figures["totals"], figures["by_agency"], figures["counted_at"]
    elif user.agency_id:  # the organ's own (and those below it) from the cache, the cases shared with it now
        figures = tally.agencies_figures(ids, cases.filter(InArray("pk", shared_with(ids))).exclude(agency_id__in=ids))
        totals, counted_at = figures["totals"], figures["counted_at"]
    else:
        totals = cases.aggregate(n=Count("id"), fines=Sum("fine_amount"))
    recent = list(cases.select_related("agency").order_by("-decision_date", "-id")[:10])
    # the latest decisions of other organs (the procuratorate's, the police's received ones, a city bureau's
    # county bureaus): one 查阅回执 per owning organ for the page, naming the decisions shown
    record_reads(user, case_reads(recent), what="首页最近的处罚决定", via="页面")
    context = {
        "todo": worklist(user, now=timezone.now()),
        "totals": totals,
        "by_agency": by_agency,
        "counted_at": counted_at,
        "tally_minutes": tally.TALLY_SECONDS // 60,
        "recent_cases": recent,
        "recent_imports": scope_by_agency(ImportBatch.objects.select_related("agency"), user)[:5],
        "reads_of_ours": receipts_for(user.agency_id).count(),
        "agency_count": Agency.objects.count(),
    }
    return render(request, "desk/home.html", context)


@login_required
def read_receipts(request):
    """Who in other agencies opened our case files (read receipts)."""
    reads = receipts_for(request.user.agency_id)
    readers = Agency.objects.filter(pk__in=reads.values("agency_id")).order_by("code")
    reader = request.GET.get("reader", "")
    if reader.isdigit():
        reads = reads.filter(agency_id=int(reader))
    page = Paginator(reads.select_related("agency"), RECEIPTS_PAGE).get_page(request.GET.get("page"))
    return render(request, "desk/read_receipts.html", {"reads": page.object_list, "page": page, "readers": readers,
                                                       "reader": reader})


@login_required
def party_detail(request, pk: int):
    party = party_for_user(request.user, pk)
    if party is None:
        raise Http404("当事人不存在或无权查看")
    # paged: a party with thousands of penalties must not render (or log as read) all of them at once
    # with the parties a person confirmed to be the same (issue 15), as far as the reader may see
    history = visible_cases(request.user).filter(party_id__in=group_members(party.pk))
    page = Paginator(history.select_related("agency", "party").order_by("-decision_date", "-id"), PARTY_PAGE).get_page(
        request.GET.get("page"))
    cases = list(page.object_list)
    record_reads(request.user, case_reads(cases), what="当事人的案件", via="页面")
    agencies = sorted(set(history.values_list("agency__name", flat=True).distinct()))
    party_clues = visible_clues(request.user).filter(party=party)
    clues = list(party_clues.select_related("case", "agency", "party").order_by("-updated_at")[:CLUES_SHOWN])
    clue_count = len(clues) if len(clues) < CLUES_SHOWN else party_clues.count()
    return render(request, "desk/party.html", {"party": party, "cases": cases, "page": page, "agencies": agencies,
                                               "other_ids": party.other_ids.all(), "clues": clues,
                                               "clue_count": clue_count, "clues_shown": CLUES_SHOWN,
                                               "network": network_view(request.user, party),
                                               "network_clues": network_clues_of(request.user, party)})
