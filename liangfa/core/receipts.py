"""查阅回执: every read of another organ's records lands on the owner's receipt list.

One path for every page, list, export and API endpoint that returns another organ's records: it writes
one audit row per owning organ per read (naming the records), so the owner sees who read what, when and how.
An organ's own reads are not receipted.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from liangfa.core.audit import AuditEvent, record_audit_many
from liangfa.core.models import AuditEntry

LISTED = 20  # records named in one receipt; the count covers the rest


@dataclass(frozen=True)
class Read:
    """One record read: whose it is, what it is."""

    owner_agency_id: int
    object_type: str  # e.g. cases.penaltycase
    object_id: str
    label: str  # what the owner recognises it by (决定书文号)


def record_reads(reader, reads: Iterable[Read], *, what: str, via: str, now=None) -> int:
    """Receipt the records of other organs among `reads` (what: 案件/线索/移送材料…; via: 页面/接口/导出…)."""
    own = getattr(reader, "agency_id", None)
    by_owner: dict[int, list[Read]] = defaultdict(list)
    for read in reads:
        if read.owner_agency_id is not None and read.owner_agency_id != own:
            by_owner[read.owner_agency_id].append(read)
    if not by_owner:
        return 0
    events = []
    for owner, items in by_owner.items():
        labels = "、".join(r.label for r in items[:LISTED]) + (f" 等 {len(items)} 件" if len(items) > LISTED else "")
        single = items[0] if len(items) == 1 else None
        events.append(AuditEvent(
            "case.read", object_type=single.object_type if single else items[0].object_type,
            object_id=single.object_id if single else "", object_repr=f"{what}：{labels}"[:300],
            owner_agency_id=owner, reason=f"跨机关查阅（{via}）",
            after=None if single else {"ids": [r.object_id for r in items[:200]], "count": len(items)}))
    record_audit_many(events, actor=reader, now=now)
    return len(events)


def case_reads(cases) -> list[Read]:
    """Reads of case records (model instances or .values() rows with id, agency_id, decision_no)."""
    out = []
    for case in cases:
        if isinstance(case, dict):
            agency_id, pk, label = case.get("agency_id"), case["id"], case.get("decision_no", "")
        else:
            agency_id, pk, label = case.agency_id, case.pk, case.decision_no
        out.append(Read(agency_id, "cases.penaltycase", str(pk), label))
    return out


def receipts_for(agency_id: int | None):
    """Reads of this organ's records by other organs, newest first."""
    if agency_id is None:
        return AuditEntry.objects.none()
    return (AuditEntry.objects.filter(owner_agency_id=agency_id, action="case.read").exclude(agency_id=agency_id)
            .order_by("-id"))
