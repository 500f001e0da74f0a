from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from liangfa.agencies.access import scope_by_agency
from liangfa.agencies.models import Agency
from liangfa.agencies.permissions import (
    is_prosecutor,
    may_change_case,
    may_confirm_text_value,
    may_draft_transfer,
    may_grant_read,
)
from liangfa.cases.batches import batch_cases, rejected_xlsx
from liangfa.cases.choices import CASE_TRANSITIONS, CaseStatus, ExportStatus, ImportStatus
from liangfa.cases.filters import open_clue_counts, page, text_match
from liangfa.cases.forms import CaseFilterForm, ImportForm, StatusForm
from liangfa.cases.models import ImportBatch
from liangfa.cases.services import (
    batch_progress,
    change_case_status,
    check_text_value,
    export_for_user,
    get_case_for_user,
    party_history,
    read_case,
    start_export,
    start_file_import,
    visible_cases,
)
from liangfa.cases.sharing import grant_read
from liangfa.cases.template import template_xlsx
from liangfa.cases.textvalues import FIELDS as TEXT_FIELDS
from liangfa.cases.textvalues import field_choices, highlighted, page_rows
from liangfa.cases.timeline import case_timeline
from liangfa.core.downloads import CONTENT_TYPES, download
from liangfa.core.errors import DomainError
from liangfa.core.receipts import Read, case_reads, record_reads


def _filtered(request):
    """The list form and its filter, as the case list and its export both read them."""
    form = CaseFilterForm(request.GET or None, user=request.user)
    return form, form.to_filter()


@login_required
def case_list(request):
    form, case_filter = _filtered(request)
    queryset = case_filter.apply(visible_cases(request.user)).select_related("agency")
    rows, next_cursor = page(queryset, request.GET.get("cursor", ""))
    record_reads(request.user, case_reads(rows), what="案件列表", via="页面")
    params = request.GET.copy()
    params.pop("cursor", None)
    return render(request, "cases/list.html", {
        "form": form, "cases": rows, "next_cursor": next_cursor, "params": params.urlencode(),
        "clue_counts": open_clue_counts(rows),
        "is_first_page": not request.GET.get("cursor"),
    })


@login_required
def case_lookup(request):
    """Search as you type: the first cases whose 文号, party or code hold the typed words (a datalist)."""
    text = request.GET.get("q") or next((v for k, v in request.GET.items() if v), "")
    cases = (visible_cases(request.user).filter(text_match(text)).select_related("agency")
             .order_by("-decision_date", "-id")[:15]) if len(text.strip()) >= 2 else []
    return render(request, "cases/_lookup.html", {"cases": cases})


@login_required
@require_POST
def case_export(request):
    """The list as filtered, written to Excel (the import template's columns) by the worker."""
    form = CaseFilterForm(request.POST, user=request.user)
    try:
        if not form.is_valid():  # never "everything" for a filter that did not read
            raise DomainError("筛选条件有误，请先在列表中改正后再导出")
        job = start_export(request.user, form.to_filter())
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect(f"{reverse('case_list')}?{request.POST.get('params', '')}")
    return redirect("case_export_status", pk=job.pk)


@login_required
def case_export_status(request, pk: int):
    job = export_for_user(request.user, pk)
    running = job.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)
    template = "cases/_export.html" if request.headers.get("HX-Request") else "cases/export.html"
    return render(request, template, {"job": job, "running": running})


@login_required
def case_export_download(request, pk: int):
    job = export_for_user(request.user, pk)
    if job.status != ExportStatus.DONE:
        raise Http404("文件尚未生成")
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename,
                        content_type=CONTENT_TYPES["xlsx"])


@login_required
def case_detail(request, pk: int):
    case = read_case(request.user, pk)
    history = [c for c in party_history(request.user, case.party) if c.pk != case.pk]
    allowed = [CaseStatus(s) for s in CASE_TRANSITIONS[case.status]]
    can_change = may_change_case(request.user, case) and allowed
    text_rows, text_ambiguous = page_rows(case)
    return render(request, "cases/detail.html", {
        "facts_pieces": highlighted(case.facts, "facts", case.text_values),
        "columns_given": any(getattr(case, name) is not None for name in TEXT_FIELDS),
        "penalty_pieces": highlighted(case.penalty_content, "penalty", case.text_values),
        "text_rows": text_rows, "text_ambiguous": text_ambiguous, "text_fields": field_choices(),
        "from_text": {r["field"]: r for r in text_rows},
        "can_check_values": may_confirm_text_value(request.user, case),
        "case": case, "history": history, "events": case_timeline(case), "transfers": case.transfers.all(),
        "can_transfer": may_draft_transfer(request.user, case), "can_grant": may_grant_read(request.user, case),
        "grant_agencies": Agency.objects.exclude(pk=case.agency_id).order_by("kind", "name"),
        "is_prosecutor": is_prosecutor(request.user),
        "status_form": StatusForm(initial={"status": allowed[0].value}) if can_change else None,
        "allowed": allowed,
    })


@login_required
@require_POST
def case_status(request, pk: int):
    case = get_case_for_user(request.user, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            change_case_status(case, form.cleaned_data["status"], actor=request.user, note=form.cleaned_data["note"])
            messages.success(request, "案件状态已更新")
        except DomainError as exc:
            messages.error(request, str(exc))
    return redirect("case_detail", pk=case.pk)


@login_required
@require_POST
def case_text_value(request, pk: int):
    """Confirm (as read) or correct a value read from the 违法事实."""
    case = get_case_for_user(request.user, pk)
    confirm = request.POST.get("action") == "confirm"
    try:
        check_text_value(case, request.POST.get("field", ""), actor=request.user,
                         value=None if confirm else request.POST.get("value", ""), note=request.POST.get("note", ""))
        messages.success(request, "已确认，并据此重新筛查本案" if confirm else "已更正，并据此重新筛查本案")
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect(f"{reverse('case_detail', args=[case.pk])}#text-values")


@login_required
def reread_page(request):
    """重新识别违法事实: 管理员 (one agency or all) or an agency's 负责人 (its own) starts the job; its list."""
    from liangfa.agencies.permissions import is_admin, may_reread_facts
    from liangfa.cases.reread import rereads_for, start_reread

    admin = is_admin(request.user)
    if not may_reread_facts(request.user, request.user.agency):
        raise Http404("只有管理员或机关负责人可以重新识别违法事实")
    if request.method == "POST":
        chosen = request.POST.get("agency") or ""
        agency = request.user.agency if not admin else (
            Agency.objects.filter(pk=chosen).first() if chosen.isdigit() else None)
        try:
            if admin and chosen and agency is None:
                raise DomainError("机关：请从列表中选择")
            job = start_reread(request.user, agency)
        except DomainError as exc:
            messages.error(request, str(exc))
            return redirect("reread_page")
        return redirect("reread_status", pk=job.pk)
    agencies = Agency.objects.filter(kind="administrative").order_by("name") if admin else []
    return render(request, "cases/reread.html", {"jobs": rereads_for(request.user)[:20], "agencies": agencies,
                                                 "admin": admin})


@login_required
def reread_status(request, pk: int):
    from liangfa.cases.reread import rereads_for

    job = get_object_or_404(rereads_for(request.user), pk=pk)
    running = job.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)
    template = "cases/_reread.html" if request.headers.get("HX-Request") else "cases/reread_status.html"
    return render(request, template, {"job": job, "running": running})


@login_required
@require_POST
def case_grant(request, pk: int):
    """授权查阅: the owner lends this case file to another organ for some days."""
    case = get_case_for_user(request.user, pk)
    try:
        grantee = get_object_or_404(Agency, pk=request.POST.get("grantee") or 0)
        grant_read(case, actor=request.user, grantee=grantee, reason=request.POST.get("reason", ""),
                   days=int(request.POST.get("days") or 0))
        messages.success(request, f"已授权{grantee.name}查阅本案卷")
    except (DomainError, ValueError) as exc:
        messages.error(request, str(exc) if isinstance(exc, DomainError) else "授权期限应为1至90的天数")
    return redirect("case_detail", pk=case.pk)


@login_required
def import_page(request):
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            batch = start_file_import(agency=form.cleaned_data["agency"], actor=request.user,
                                      uploaded_file=form.cleaned_data["file"],
                                      dry_run=form.cleaned_data["dry_run"],
                                      skip_invalid=form.cleaned_data["skip_invalid"])
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            return redirect("import_batch", pk=batch.pk)
    batches = scope_by_agency(ImportBatch.objects.select_related("agency", "uploaded_by"), request.user)[:20]
    return render(request, "cases/import.html", {"form": form, "batches": batches})


def _batch(request, pk: int) -> ImportBatch:
    return get_object_or_404(scope_by_agency(ImportBatch.objects.select_related("agency"), request.user), pk=pk)


@login_required
def import_batch(request, pk: int):
    batch = _batch(request, pk)
    running = batch.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)
    template = "cases/_batch.html" if request.headers.get("HX-Request") else "cases/batch.html"
    progress = batch_progress(batch) if running else None
    outcome = batch_cases(batch) if not running and not batch.dry_run else {}
    if not running:  # another organ's batch (a city bureau's county bureau, a supervising body) is receipted
        shown = {case.pk: case for case in outcome.get("cases", [])} | {
            clue.case_id: clue.case for clue in outcome.get("clues", [])}
        reads = case_reads(shown.values()) or [
            Read(batch.agency_id, "cases.importbatch", str(batch.pk), batch.filename or f"第{batch.pk}批导入")]
        record_reads(request.user, reads, what="导入批次", via="页面")
    return render(request, template, {"batch": batch, "running": running, "progress": progress, **outcome})


@login_required
def import_rejected(request, pk: int):
    """The rejected rows as an Excel file, to correct and load again."""
    batch = _batch(request, pk)
    record_reads(request.user, [Read(batch.agency_id, "cases.importbatch", str(batch.pk),
                                     batch.filename or f"第{batch.pk}批导入")], what="导入错误行", via="下载")
    stem = (batch.filename.rsplit(".", 1)[0] if batch.filename else f"{batch.agency.name}{batch.created_at:%Y%m%d}")
    return download(rejected_xlsx(batch), f"导入错误行-{stem}.xlsx")


@login_required
def import_file(request, pk: int):
    """The delivered file, under the name it was uploaded with."""
    batch = _batch(request, pk)
    if not batch.file:
        raise Http404("该批次没有保存原文件")
    record_reads(request.user, [Read(batch.agency_id, "cases.importbatch", str(batch.pk),
                                     batch.filename or f"第{batch.pk}批导入")], what="导入原文件", via="下载")
    return FileResponse(batch.file.open("rb"), as_attachment=True, filename=batch.filename or "导入文件")


@login_required
def import_template_download(request):
    return download(template_xlsx(), "行政处罚导入模板.xlsx")
