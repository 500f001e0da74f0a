"""Read the 违法事实 of existing cases again, as a background job with progress (cases.FactsReread).

For cases loaded before the reader existed, or after it learnt more: each case's values read from its texts
are worked out anew (a column the agency filled still wins; a value a person confirmed stays while its texts
are unchanged), the changes written with a timeline row each, then the cases screened again.
"""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from liangfa.agencies.permissions import may_reread_facts, require
from liangfa.cases.choices import EventKind, ExportStatus
from liangfa.cases.digest import digest_case
from liangfa.cases.models import CaseEvent, FactsReread, PenaltyCase
from liangfa.cases.signals import cases_reread
from liangfa.cases.textvalues import FIELDS, WHOLE, keep_confirmed, text_values
from liangfa.core.audit import record_audit, to_jsonable
from liangfa.core.errors import DomainError

CHUNK = 2000
SCREEN_CHUNK = 5000


def start_reread(user, agency=None, *, now=None) -> FactsReread:
    """管理员 for one agency or all; an agency's 负责人 for its own."""
    now = now or timezone.now()
    require(may_reread_facts(user, agency), "只有管理员或本机关负责人可以重新识别违法事实")
    if FactsReread.objects.filter(agency=agency, status__in=(ExportStatus.QUEUED, ExportStatus.RUNNING)).exists():
        raise DomainError("该范围的重新识别正在进行，请等待完成")
    cases = PenaltyCase.objects.filter(agency=agency) if agency else PenaltyCase.objects.all()
    job = FactsReread.objects.create(user=user, agency=agency, total=cases.count(), created_at=now)
    record_audit("case.facts_reread.queue", actor=user, now=now, obj=job, owner_agency_id=agency.pk if agency else None,
                 after={"total": job.total})
    transaction.on_commit(lambda: run_reread.enqueue(job.pk))
    return job


def rereads_for(user):
    return FactsReread.objects.filter(user=user).select_related("agency")


@task()
def run_reread(job_id: int) -> int:
    job = FactsReread.objects.select_related("user", "agency").get(pk=job_id)
    FactsReread.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING)
    cases = PenaltyCase.objects.filter(agency=job.agency) if job.agency else PenaltyCase.objects.all()
    now = timezone.now()
    done = changed = screened = 0
    try:
        last = 0
        while True:
            chunk = list(cases.filter(pk__gt=last).order_by("pk")[:CHUNK])
            if not chunk:
                break
            last = chunk[-1].pk
            with transaction.atomic():
                changed += _reread(chunk, job, now)
            done += len(chunk)
            FactsReread.objects.filter(pk=job.pk).update(done=done, changed=changed)
        ids = list(cases.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), SCREEN_CHUNK):
            cases_reread.send(sender=FactsReread, case_ids=ids[start:start + SCREEN_CHUNK], now=now)
            screened += len(ids[start:start + SCREEN_CHUNK])
            FactsReread.objects.filter(pk=job.pk).update(screened=screened)
    except Exception:
        FactsReread.objects.filter(pk=job.pk).update(status=ExportStatus.FAILED, finished_at=timezone.now(),
                                                     message="识别中断，请稍后重试或联系管理员查看日志")
        raise
    FactsReread.objects.filter(pk=job.pk).update(status=ExportStatus.DONE, finished_at=timezone.now(),
                                                 message=f"数值有变化 {changed} 件，已全部重新筛查")
    record_audit("case.facts_reread", actor=job.user, object_type="cases.factsreread", object_id=str(job.pk),
                 object_repr=str(job), owner_agency_id=job.agency_id, after={"total": done, "changed": changed})
    return changed


def _reread(chunk: list[PenaltyCase], job: FactsReread, now) -> int:
    updates, events = [], []
    for case in chunk:
        old_marker = case.text_values or {}
        from_text = set(old_marker.get("values", {}))
        given = {name: getattr(case, name) for name in FIELDS if name not in from_text}
        marker, fill = text_values(case.facts, case.penalty_content, given)
        values = {"facts": case.facts, "penalty_content": case.penalty_content, **given, **fill,
                  "text_values": marker}
        old = {"facts": case.facts, "penalty_content": case.penalty_content,
               **{name: getattr(case, name) for name in FIELDS}}
        keep_confirmed(old_marker or None, old, values)
        changes = {}
        for name in FIELDS:
            new = values.get(name)
            new = int(new) if new is not None and name in WHOLE else new
            if getattr(case, name) != new:
                changes[name] = [getattr(case, name), new]
                setattr(case, name, new)
        if not changes and (case.text_values or None) == (values["text_values"] or None):
            continue
        case.text_values = values["text_values"]
        if changes:
            case.updated_at = now
            case.content_digest = digest_case(case)
            events.append(CaseEvent(case=case, time=now, actor=job.user, actor_name=job.user.display_name,
                                    code=EventKind.UPDATED, changes=to_jsonable(changes),
                                    note="重新识别违法事实中的数值"))
        updates.append(case)
    if updates:
        PenaltyCase.objects.bulk_update(updates, [*FIELDS, "text_values", "updated_at", "content_digest"])
        CaseEvent.objects.bulk_create(events)
    return len(events)
