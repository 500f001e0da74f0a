"""record_audit / verify_chain: every service function writes its row here."""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from liangfa.core.bulk import allocate_ids, insert_rows
from liangfa.core.integrity import CONTENT_CHECKS, read_checkpoints
from liangfa.core.models import AuditEntry, AuditHead

GENESIS = "0" * 64


def _json_default(value):
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def to_jsonable(data):
    """Dates and Decimals as strings, so before/after round-trip through JSONField unchanged."""
    if data is None:
        return None
    return json.loads(json.dumps(data, default=_json_default, ensure_ascii=False))


CHAIN_FIELDS = ["time", "actor_id", "actor_name", "agency_id", "action", "object_type", "object_id",
                "object_repr", "owner_agency_id", "before", "after", "reason"]


def _digest(prev_hash: str, values: dict) -> str:
    """Hash of the previous hash and this row's content; any later edit changes it."""
    payload = [prev_hash, values["time"].astimezone(UTC).isoformat(timespec="microseconds")]
    payload += [values[name] for name in CHAIN_FIELDS[1:]]
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=_json_default)
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class AuditEvent:
    action: str
    object_type: str = ""
    object_id: str = ""
    object_repr: str = ""
    owner_agency_id: int | None = None
    before: dict | None = None
    after: dict | None = None
    reason: str = ""


def record_audit_many(events: list[AuditEvent], *, actor=None, now: datetime | None = None) -> list[int]:
    """Append rows for several events in one go (imports write thousands); returns their ids."""
    if not events:
        return []
    now = now or timezone.now()
    actor_name = getattr(actor, "display_name", "") or (actor.get_username() if actor else "系统")
    actor_id = actor.pk if actor is not None and actor.pk else None
    agency_id = getattr(actor, "agency_id", None)
    with transaction.atomic():
        AuditHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS})
        head = AuditHead.objects.select_for_update().get(pk=1)
        ids = allocate_ids(AuditEntry, len(events))
        prev = head.last_hash
        rows = []
        for entry_id, event in zip(ids, events, strict=True):
            values = {
                "time": now, "actor_id": actor_id, "actor_name": actor_name, "agency_id": agency_id,
                "action": event.action, "object_type": event.object_type, "object_id": str(event.object_id),
                "object_repr": event.object_repr[:300], "owner_agency_id": event.owner_agency_id,
                "before": to_jsonable(event.before), "after": to_jsonable(event.after), "reason": event.reason,
            }
            digest = _digest(prev, values)
            rows.append([entry_id, *(values[name] for name in CHAIN_FIELDS), prev, digest])
            prev = digest
        insert_rows(AuditEntry, ["id", *CHAIN_FIELDS, "prev_hash", "hash"], rows)
        AuditHead.objects.filter(pk=1).update(last_hash=prev, count=head.count + len(rows))
    return ids


def record_audit(action: str, *, actor=None, now=None, obj=None, owner_agency_id=None, before=None,
                 after=None, reason: str = "", object_type: str = "", object_id: str = "",
                 object_repr: str = "") -> AuditEntry:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
    event = AuditEvent(action, object_type, object_id, object_repr, owner_agency_id, before, after, reason)
    return AuditEntry.objects.get(pk=record_audit_many([event], actor=actor, now=now)[0])


@dataclass
class ChainReport:
    checked: int
    broken_at: int | None = None
    problem: str = ""
    checkpoints: int = 0
    content_checked: int = 0
    content_problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.broken_at is None and not self.content_problems


def verify_chain(batch_size: int = 5000, *, contents: bool = True) -> ChainReport:
    """Walk the chain in id order; report the first row whose link or content does not match, a signed
    checkpoint the chain no longer reaches, and rows changed outside the services (content digests)."""
    checkpoints, bad_signatures = read_checkpoints()
    if bad_signatures:
        return ChainReport(0, 0, bad_signatures[0])
    expected = {cp["last_id"]: cp for cp in checkpoints if cp["last_id"]}
    report = _walk(batch_size, expected)
    report.checkpoints = len(checkpoints)
    if report.ok and contents:
        for check in CONTENT_CHECKS:
            content = check()
            report.content_checked += content.checked
            report.content_problems += content.mismatched
    return report


def _walk(batch_size: int, expected: dict) -> ChainReport:
    prev = GENESIS
    checked = 0
    last_id = 0
    while True:
        batch = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        for entry in batch:
            if entry.prev_hash != prev:
                return ChainReport(checked, entry.id, f"第 {entry.id} 条的前序哈希与第 {last_id} 条不符（记录被删除或插入）")
            if _digest(prev, {name: getattr(entry, name) for name in CHAIN_FIELDS}) != entry.hash:
                return ChainReport(checked, entry.id, f"第 {entry.id} 条的内容与其哈希不符（记录被修改）")
            prev = entry.hash
            last_id = entry.id
            checked += 1
            anchor = expected.pop(entry.id, None)
            if anchor and (anchor["last_hash"] != entry.hash or anchor["count"] != checked):
                return ChainReport(checked, entry.id, f"第 {entry.id} 条与 {anchor['time']} 的签名检查点不符（链被改写）")
    if expected:
        anchor = min(expected.values(), key=lambda cp: cp["last_id"])
        return ChainReport(checked, last_id + 1,
                           f"{anchor['time']} 的签名检查点记录的第 {anchor['last_id']} 条已不在链中（记录被删除）")
    head = AuditHead.objects.filter(pk=1).first()
    if head and head.last_hash != prev:
        return ChainReport(checked, last_id + 1, f"链尾哈希与记录不符：第 {last_id} 条之后的记录被删除")
    return ChainReport(checked)
