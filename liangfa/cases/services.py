"""Writes and audited reads of penalty cases. Views, API, CLI and import all come through here."""

import logging

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django_tasks import task

from liangfa.agencies.access import ALL, scope_by_agency, visible_agency_ids
from liangfa.agencies.permissions import may_change_case, may_confirm_text_value, require
from liangfa.cases.choices import CASE_TRANSITIONS, CaseStatus, EventKind, ExportStatus, ImportStatus
from liangfa.cases.digest import digest_case
from liangfa.cases.export import EXPORT_LIMIT, cases_xlsx
from liangfa.cases.filters import CaseFilter
from liangfa.cases.importer import ImportResult, check_can_import, import_cases
from liangfa.cases.models import CaseEvent, CaseExport, ImportBatch, PenaltyCase
from liangfa.cases.reader import open_sheet, sheet_from_records
from liangfa.cases.sharing import shared_with
from liangfa.cases.signals import cases_imported, text_value_checked
from liangfa.cases.textvalues import FIELDS as TEXT_FIELDS
from liangfa.cases.textvalues import WHOLE, to_column
from liangfa.core.amounts import AmountError, parse_quantity
from liangfa.core.audit import record_audit, to_jsonable
from liangfa.core.errors import DomainError
from liangfa.core.events import actor_fields
from liangfa.core.receipts import case_reads, record_reads
from liangfa.core.sql import InArray
from liangfa.parties.links import group_members
from liangfa.parties.models import Party

logger = logging.getLogger(__name__)


def start_export(user, case_filter: CaseFilter, *, now=None) -> CaseExport:
    """The list as `case_filter` narrows what the user may see, queued for the worker to write as Excel
    (export.py); the page shows its progress. Refused at once beyond export.EXPORT_LIMIT rows."""
    now = now or timezone.now()
    count = _export_query(user, case_filter).count()
    if count > EXPORT_LIMIT:
        raise DomainError(f"筛选结果共 {count:,} 件，超过单次导出上限 {EXPORT_LIMIT:,} 件，请缩小筛选范围（如按机关或日期）")
    job = CaseExport.objects.create(user=user, filters=case_filter.model_dump(mode="json", exclude_defaults=True),
                                    total=count,
                                    created_at=now, filename=f"行政处罚案件-{timezone.localdate(now):%Y%m%d}.xlsx")
    transaction.on_commit(lambda: run_case_export.enqueue(job.pk))
    return job


def _export_query(user, case_filter):
    return case_filter.apply(visible_cases(user)).order_by("-decision_date", "-id")


@task()
def run_case_export(export_id: int) -> int:
    """The worker writes the file, telling the page every 2,000 rows; an audit row records that a file of
    many parties' records left the platform."""
    job = CaseExport.objects.select_related("user").get(pk=export_id)
    CaseExport.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING)
    case_filter = CaseFilter(**job.filters)
    try:
        data = cases_xlsx(_export_query(job.user, case_filter),
                          progress=lambda n: CaseExport.objects.filter(pk=job.pk).update(done=n))
    except Exception:
        CaseExport.objects.filter(pk=job.pk).update(status=ExportStatus.FAILED, finished_at=timezone.now(),
                                                    message="生成文件时出错，请稍后重试或缩小筛选范围")
        raise
    job.file.save(f"{job.pk}.xlsx", ContentFile(data), save=False)
    CaseExport.objects.filter(pk=job.pk).update(file=job.file.name, status=ExportStatus.DONE, done=job.total,
                                                finished_at=timezone.now())
    record_audit("case.export", actor=job.user, object_type="cases.penaltycase", object_id="",
                 object_repr=f"导出案件 {job.total} 件", owner_agency_id=job.user.agency_id,
                 after={"count": job.total, "filters": job.filters})
    # each owning organ is told that its records left the platform in this file (查阅回执)
    record_reads(job.user, case_reads(_export_query(job.user, case_filter).values("id", "agency_id", "decision_no")),
                 what="导出案件", via="导出")
    return job.total


def export_for_user(user, pk: int) -> CaseExport:
    """An export is its requester's alone."""
    job = CaseExport.objects.filter(pk=pk, user=user).first()
    if job is None:
        raise Http404("导出任务不存在或无权查看")
    return job


def visible_cases(user, *, token_agency=None):
    """Every case list starts here: the cases this user's agency (or this API token's agency) may see:
    its own and those below it, and the files other organs share with it (cases/sharing.py)."""
    if token_agency is not None:
        return PenaltyCase.objects.filter(agency=token_agency)
    ids = visible_agency_ids(user)
    if ids is ALL or not getattr(user, "agency_id", None):
        return scope_by_agency(PenaltyCase.objects.all(), user)
    return PenaltyCase.objects.filter(Q(agency_id__in=ids) | InArray("pk", shared_with(ids)))


def party_history(user, party: Party):
    """Every case of the party, and of the parties a person confirmed to be the same, across all agencies the
    user may see, newest first."""
    return list(visible_cases(user).filter(party_id__in=group_members(party.pk)).select_related("agency", "party")
                .order_by("-decision_date", "-id"))


def party_for_user(user, party_id: int) -> Party | None:
    """A party is visible when the user may see at least one of its cases."""
    party = Party.objects.filter(pk=party_id).first()
    if party is None or not visible_cases(user).filter(party=party).exists():
        return None
    return party


def get_case_for_user(user, pk: int) -> PenaltyCase:
    case = visible_cases(user).select_related("agency", "party").filter(pk=pk).first()
    if case is None:
        raise Http404("案件不存在或无权查看")
    return case


def read_case(user, pk: int, *, now=None, via: str = "页面") -> PenaltyCase:
    """Open a case file. A read by another agency (e.g. the procuratorate) is logged for the owner."""
    case = get_case_for_user(user, pk)
    record_reads(user, case_reads([case]), what="案件", via=via, now=now)
    return case


@transaction.atomic
def change_case_status(case: PenaltyCase, new_status: str, *, actor, now=None, note: str = "") -> PenaltyCase:
    now = now or timezone.now()
    require(may_change_case(actor, case), "只有本机关的执法人员、法制审核员或负责人可以变更案件状态")
    case = PenaltyCase.objects.select_for_update().get(pk=case.pk)
    if new_status not in CASE_TRANSITIONS[case.status]:
        allowed = "、".join(CaseStatus(s).label for s in CASE_TRANSITIONS[case.status]) or "无（已结案）"
        raise DomainError(
            f"案件当前为“{case.get_status_display()}”，不能改为“{CaseStatus(new_status).label}”；可改为：{allowed}"
        )
    old = case.status
    case.status = new_status
    case.updated_at = now
    case.content_digest = digest_case(case)
    case.save(update_fields=["status", "updated_at", "content_digest"])
    CaseEvent.objects.create(case=case, time=now, **actor_fields(actor), code=EventKind.STATUS,
                             from_status=old, to_status=new_status, note=note)
    record_audit("case.status", actor=actor, now=now, obj=case, owner_agency_id=case.agency_id,
                 before={"status": old}, after={"status": new_status}, reason=note)
    return case


def start_file_import(*, agency, actor, uploaded_file, dry_run=False, skip_invalid=False, now=None) -> ImportBatch:
    """Web upload: keep the file, queue the import for the worker and return the batch to watch."""
    check_can_import(actor, agency)
    batch = ImportBatch.objects.create(
        agency=agency, uploaded_by=actor, created_at=now or timezone.now(), source="web",
        filename=uploaded_file.name[:255], dry_run=dry_run, skip_invalid=skip_invalid,
    )
    batch.file.save(f"{batch.pk}-{uploaded_file.name[-80:]}", uploaded_file, save=True)
    record_audit("import.queue", actor=actor, now=now, obj=batch, owner_agency_id=agency.id,
                 after={"filename": batch.filename, "dry_run": dry_run, "skip_invalid": skip_invalid})
    transaction.on_commit(lambda: run_import_batch.enqueue(batch.pk))
    return batch


@task()
def run_import_batch(batch_id: int) -> dict:
    """The worker's half of a web upload (django-tasks; `liangfa worker` runs it)."""
    batch = ImportBatch.objects.select_related("agency", "uploaded_by").get(pk=batch_id)
    return run_batch(batch).as_dict()


def run_batch(batch: ImportBatch) -> ImportResult:
    """Run a queued file import (called by the worker)."""
    path = batch.file.path
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.RUNNING)

    def progress(done: int, total: int) -> None:
        # The import is one transaction, invisible to the page until it commits: progress goes via the cache.
        cache.set(progress_key(batch.pk), (done, total), 3600)

    try:
        result = import_cases(lambda: open_sheet(path, batch.filename), agency=batch.agency, actor=batch.uploaded_by,
                              dry_run=batch.dry_run, skip_invalid=batch.skip_invalid, batch=batch, progress=progress)
    except Exception as exc:  # whatever stopped it, the batch ends as failed with the reason, never 'running'
        logger.exception("import batch %s failed", batch.pk)
        reason = str(exc) if isinstance(exc, DomainError) else f"导入中断（{type(exc).__name__}），请联系管理员查看日志"
        result = ImportResult(dry_run=batch.dry_run, batch_id=batch.pk, message=reason)
        result.rejected = [{"row": 0, "column": "", "value": "", "error": reason}]
    _finish_batch(batch, result)
    return result


def progress_key(batch_id: int) -> str:
    return f"import-progress-{batch_id}"


def batch_progress(batch: ImportBatch) -> tuple[int, int] | None:
    return cache.get(progress_key(batch.pk))


def import_file(path, *, agency, actor=None, dry_run=False, skip_invalid=False, source="cli", now=None) -> ImportResult:
    """CLI: import a file now, recording the batch."""
    check_can_import(actor, agency)
    now = now or timezone.now()
    batch = ImportBatch.objects.create(agency=agency, uploaded_by=actor, created_at=now, source=source,
                                       filename=str(path).rsplit("/", 1)[-1][:255], dry_run=dry_run,
                                       skip_invalid=skip_invalid, status=ImportStatus.RUNNING)
    result = import_cases(lambda: open_sheet(path), agency=agency, actor=actor, now=now, dry_run=dry_run,
                          skip_invalid=skip_invalid, batch=batch)
    _finish_batch(batch, result)
    return result


def import_records(records: list[dict], *, agency, actor=None, dry_run=False, skip_invalid=False,
                   source="api", now=None) -> ImportResult:
    """API and demo: the same rows as JSON objects keyed by the template's Chinese headers."""
    check_can_import(actor, agency)
    now = now or timezone.now()
    batch = ImportBatch.objects.create(agency=agency, uploaded_by=actor, created_at=now, source=source,
                                       dry_run=dry_run, skip_invalid=skip_invalid, status=ImportStatus.RUNNING)
    result = import_cases(lambda: sheet_from_records(records), agency=agency, actor=actor, now=now,
                          dry_run=dry_run, skip_invalid=skip_invalid, batch=batch)
    _finish_batch(batch, result)
    return result


ANALYZE_AFTER_ROWS = 10_000


def _refresh_statistics(result: ImportResult) -> None:
    """COPY does not update the planner's statistics at once; a big load would leave the case list
    planning on empty-table estimates until autovacuum gets round to it (if it runs at all: some
    servers have it off). VACUUM also marks the new pages all-visible, which lets screening count a
    party's earlier penalties from the case_party_history index without reading the table. Inside a
    caller's transaction VACUUM cannot run: statistics only."""
    if connection.vendor == "postgresql" and result.accepted + result.updated >= ANALYZE_AFTER_ROWS:
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            cursor.execute(f"{command} {PenaltyCase._meta.db_table}, parties_party")


def _finish_batch(batch: ImportBatch, result: ImportResult) -> None:
    result.batch_id = batch.pk
    if result.committed:
        _refresh_statistics(result)
        cases_imported.send(sender=ImportBatch, case_ids=result.case_ids, batch_id=batch.pk,
                            many=result.many_changed, now=batch.created_at)
    failed_file = result.rejected and result.rejected[0]["row"] == 0
    status = (ImportStatus.FAILED if failed_file else ImportStatus.DONE if result.committed or batch.dry_run
              else ImportStatus.REJECTED)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=status, finished_at=timezone.now(), total_rows=result.total_rows, processed_rows=result.total_rows,
        accepted=result.accepted, updated=result.updated, unchanged=result.unchanged,
        rejected_count=len({r["row"] for r in result.rejected}), rejected=result.rejected[:2000],
        message=result.message,
    )
    if not result.committed:
        # Nothing landed, so no per-case audit rows: record the attempt itself.
        record_audit("import.reject" if not batch.dry_run else "import.dry_run", actor=batch.uploaded_by,
                     object_type="cases.importbatch", object_id=str(batch.pk), object_repr=str(batch),
                     owner_agency_id=batch.agency_id, after={"message": result.message})
    else:
        record_audit("import.done", actor=batch.uploaded_by, object_type="cases.importbatch",
                     object_id=str(batch.pk), object_repr=str(batch), owner_agency_id=batch.agency_id,
                     after={k: getattr(result, k) for k in ("accepted", "updated", "unchanged")})


# ---- values read from the 违法事实 ---------------------------------------------------------------------------

@transaction.atomic
def check_text_value(case: PenaltyCase, field: str, *, actor, value: str | None = None, note: str = "",
                     now=None) -> PenaltyCase:
    """Confirm a value read from the texts as it was read (`value` None), or correct it (a figure, or "" for
    "the case has no such amount"). A figure that could not be told (ambiguous) is settled the same way.
    Audited, on the timeline, and the case is screened again."""
    now = now or timezone.now()
    require(may_confirm_text_value(actor, case), "只有本机关的执法人员、法制审核员或负责人可以核实从违法事实中识别的数值")
    case = PenaltyCase.objects.select_for_update().get(pk=case.pk)
    if field not in TEXT_FIELDS:
        raise DomainError("请选择要核实的指标")
    label = str(PenaltyCase._meta.get_field(field).verbose_name)
    marker = case.text_values or {"values": {}, "ambiguous": []}
    entry = marker["values"].get(field)
    pending = [a for a in marker.get("ambiguous", []) if a.get("field") in (field, "")]
    if entry is None and getattr(case, field) is not None:
        raise DomainError(f"{label}来自导入的数据列，不是从违法事实中识别的，请在本机关系统中更正后重新导入")
    if entry is None and not pending:
        raise DomainError(f"违法事实中没有识别出{label}，无可核实")
    note = (note or "").strip()
    old = getattr(case, field)
    if value is None:
        if entry is None:
            raise DomainError(f"{label}在违法事实中未能确定，请填写核实后的数值")
        new, status = old, "confirmed"
    else:
        if not note:
            raise DomainError("更正数值必须写明依据（如决定书、鉴定意见）" if str(value).strip() else
                              "请填写核实后的数值和依据（如决定书、鉴定意见）；数值留空并写明依据，表示本案没有此数额")
        new, status = _corrected(value, field, label), "corrected"
    entry = dict(entry or {"name": label.split("（")[0], "unit": _unit(label), "how": "", "approx": "",
                           "where": "违法事实", "quote": "", "sources": [s for a in pending for s in a["sources"]]})
    entry.setdefault("read", entry.get("value"))
    entry.update(value=None if new is None else _plain_number(new), status=status, by=actor.display_name,
                 at=now.isoformat(), note=note)
    marker["values"][field] = entry
    marker["ambiguous"] = [a for a in marker.get("ambiguous", []) if a.get("field") != field]
    case.text_values = marker
    setattr(case, field, new)
    case.updated_at = now
    case.content_digest = digest_case(case)
    case.save(update_fields=[field, "text_values", "updated_at", "content_digest"])
    what = "确认" if status == "confirmed" else "更正"
    changes = {field: [old, new]} if old != new else {}
    CaseEvent.objects.create(case=case, time=now, **actor_fields(actor), code=EventKind.UPDATED,
                             changes=to_jsonable(changes), note=f"{what}从违法事实中识别的{label}" + (f"：{note}" if note else ""))
    record_audit(f"case.text_value.{status}", actor=actor, now=now, obj=case, owner_agency_id=case.agency_id,
                 before={field: old}, after={field: new}, reason=note)
    text_value_checked.send(sender=PenaltyCase, case_id=case.pk, now=now)
    return case


def _corrected(value: str, field: str, label: str):
    text = (value or "").strip()
    if not text:
        return None  # the case has no such amount
    try:
        number = parse_quantity(text, label=label)
    except AmountError as exc:
        raise DomainError(f"{label}：{exc}") from None
    if number is None or number < 0:
        raise DomainError(f"{label}：应为不小于零的数")
    if field in WHOLE:
        if number != number.to_integral_value():
            raise DomainError(f"{label}：应为整数")
        return int(number)
    return to_column(field, number)


def _unit(label: str) -> str:
    return label.rsplit("（", 1)[-1].rstrip("）") if "（" in label else ""


def _plain_number(value) -> str:
    from decimal import Decimal

    value = Decimal(value)
    return format(value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize(), "f")
