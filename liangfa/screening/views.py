import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from liangfa.agencies.permissions import (
    is_admin,
    may_change_rules,
    may_handle_clue,
    may_record_tax_notice,
    reads_region,
)
from liangfa.cases.services import get_case_for_user
from liangfa.clock.rules import get_rule
from liangfa.core.errors import DomainError
from liangfa.core.receipts import Read, record_reads
from liangfa.screening import networks, services
from liangfa.screening.choices import NETWORK_OPEN, OPEN, ClueStatus, NetworkClueStatus
from liangfa.screening.lists import CHECK_RULE, OPEN_STATES, OVERDUE, ClueFilterForm, clue_page, overdue
from liangfa.screening.models import CatalogueEntry, NetworkClue, TaxNotice
from liangfa.screening.rulesets import rules_status
from liangfa.screening.tax import GATE_CITATION, TaxNoticeForm


@login_required
def clue_list(request):
    """Clues this person may see, filtered and paged; the procuratorate opens on 应移未移."""
    now = timezone.now()
    clues = services.visible_clues(request.user)
    region = reads_region(request.user)
    form = ClueFilterForm(request.GET, user=request.user, clues=clues, default_state=OVERDUE if region else OPEN_STATES)
    counts = dict(clues.values_list("status").annotate(n=Count("*")))  # COUNT(*): read off an index alone
    overdue_count, open_count = overdue(clues, now).count(), sum(counts.get(s, 0) for s in OPEN)
    page = clue_page(form.apply(clues, now), request.GET.get("page"), now,
                     count=form.counted(counts, open_count, overdue_count))
    params = request.GET.copy()
    params.pop("page", None)
    record_reads(request.user, [Read(c.agency_id, "screening.clue", str(c.pk), c.case.decision_no)
                                for c in page.object_list], what="涉罪线索列表", via="页面")
    return render(request, "screening/list.html", {
        "form": form, "page": page, "clues": page.object_list, "params": params.urlencode(), "counts": counts,
        "overdue_count": overdue_count, "open_count": open_count,
        "title": "应移未移线索" if region else "线索", "rules": rules_status(),
        "check_period": get_rule(CHECK_RULE).period_text,
    })


TAX_RULE = "taoshui"  # the rule whose clues wait for the 追缴通知 (thresholds.yaml `gate`)


@login_required
def clue_detail(request, pk: int):
    clue = services.listed_for(request.user, [get_object_or_404(services.visible_clues(request.user), pk=pk)])[0]
    return render(request, "screening/detail.html", {
        "clue": clue, "events": clue.events.all(), "can_act": may_handle_clue(request.user, clue),
        "S": ClueStatus, "tax_gate": clue.rule_key == TAX_RULE and may_record_tax_notice(request.user, clue.case),
    })


@login_required
@require_POST
def clue_act(request, pk: int, to: str):
    clue = get_object_or_404(services.visible_clues(request.user), pk=pk)
    try:
        services.move_clue(clue, to, actor=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, f"线索已改为“{ClueStatus(to).label}”")
        if to == ClueStatus.SUGGESTED:
            return redirect(f"/transfers/new/{clue.case_id}/?crime={clue.crime_name}")
    except (DomainError, ValueError) as exc:
        messages.error(request, str(exc))
    return redirect("clue_detail", pk=clue.pk)


@login_required
def rules(request):
    if not (is_admin(request.user) or reads_region(request.user)):
        raise HttpForbidden("只有管理员和监督机关可以查看规则集")
    books = services.rulebooks()
    names = {key: entry.crime_name for _, book in books for key, entry in book.entries.items()}
    catalogue = list(CatalogueEntry.objects.all())
    for entry in catalogue:  # the catalogue names rules by key; a page names their crimes
        entry.crime_names = "、".join(dict.fromkeys(names.get(k, k) for k in re.split(r"[、,，\s]+", entry.crimes) if k))
    return render(request, "screening/rules.html", {"books": books, "catalogue": catalogue, "rules": rules_status(),
                                                    "may_change": may_change_rules(request.user)})


@login_required
def tax_notice(request, case_pk: int):
    """The 追缴通知 of a tax case and its payment (the 逃税 gate): recorded by the case's own agency."""
    case = get_case_for_user(request.user, case_pk)
    if not may_record_tax_notice(request.user, case):
        raise HttpForbidden("只有本案所属税务机关的执法人员可以记录追缴通知")
    notice = TaxNotice.objects.filter(case=case).first()
    initial = {"document_no": notice.document_no, "issued_on": notice.issued_on,
               "payment": "complied" if notice.complied else "unpaid"} if notice else {}
    form = TaxNoticeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_tax_notice(case, actor=request.user, issued_on=data["issued_on"],
                                       document_no=data["document_no"], complied=data["payment"] == "complied")
            messages.success(request, "已记录追缴通知及缴纳情况，线索已按此重新判断")
            return redirect("tax_notice", case_pk=case.pk)
        except DomainError as exc:
            form.add_error(None, str(exc))
    clues = services.visible_clues(request.user).filter(case=case)
    return render(request, "screening/tax_notice.html", {"case": case, "form": form, "notice": notice,
                                                         "clues": clues, "citation": GATE_CITATION})


NETWORK_PAGE = 50


@login_required
def network_clue_list(request):
    """关联当事人合计线索 (需人工判断): those whose every case this person may see, by status and crime, 50 a
    page; each read of another organ's case is receipted; who may decide one records the outcome here."""
    clues = networks.seen_network_clues(request.user)
    state = request.GET.get("state", "open")
    crime = request.GET.get("crime", "")
    raw = dict(clues.order_by().values_list("status").annotate(n=Count("id")))
    counts = {s: raw.get(s, 0) for s in NetworkClueStatus.values}
    crimes = sorted(set(clues.order_by().values_list("crime_name", flat=True).distinct()))
    if state == "open":
        clues = clues.filter(status__in=NETWORK_OPEN)
    elif state:
        clues = clues.filter(status=state)
    if crime:
        clues = clues.filter(crime_name=crime)
    page = Paginator(networks.with_history(clues.order_by("-updated_at", "-id")), NETWORK_PAGE).get_page(
        request.GET.get("page"))
    shown = networks.read_network_clues(request.user, networks.checked_network_clues(request.user, list(page)),
                                        via="页面")
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "screening/network_list.html", {
        "page": page, "clues": shown, "params": params.urlencode(), "state": state, "crime": crime,
        "crimes": crimes, "counts": counts, "open_count": sum(counts[s] for s in NETWORK_OPEN),
        "states": [("open", "未结"), ("", "全部"), *NetworkClueStatus.choices], "NS": NetworkClueStatus,
        "basis": networks.BASIS,
    })


@login_required
def network_clue_detail(request, pk: int):
    """One 关联当事人合计线索 (a link from 待办, the party page or the list), on the list's terms: every case seen."""
    clues = networks.with_history(networks.seen_network_clues(request.user).filter(pk=pk))
    shown = networks.read_network_clues(request.user, networks.checked_network_clues(request.user, list(clues)),
                                        via="页面")
    if not shown:
        raise Http404("没有这条关联当事人合计线索，或您无权查看其全部案件")
    return render(request, "screening/network_detail.html", {"clues": shown, "NS": NetworkClueStatus,
                                                             "basis": networks.BASIS})


@login_required
@require_POST
def network_clue_decide(request, pk: int):
    visible = networks.visible_network_clues(request.user, NetworkClue.objects.filter(pk=pk))
    if not visible:
        raise Http404("没有这条关联当事人合计线索，或您无权查看其全部案件")
    to = request.POST.get("to", "")
    try:
        clue = networks.decide_network_clue(visible[0], to, actor=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, f"关联当事人合计线索已改为“{clue.get_status_display()}”")
    except (DomainError, ValueError) as exc:
        messages.error(request, str(exc))
    return redirect(reverse("network_clue_detail", args=[pk]))
