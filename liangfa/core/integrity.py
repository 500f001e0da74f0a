"""What protects the audit trail beyond its hash chain.

- A key the database does not hold (AUDIT_KEY_FILE, default var/audit_checkpoint_key, made by `make`).
- Signed checkpoints of the chain's head (count, last id, last hash, time; HMAC-SHA256 with that key),
  appended to a file outside the database (AUDIT_CHECKPOINT_FILE, default var/audit_checkpoints.jsonl):
  rewriting the chain from a row onward, or cutting its tail, no longer matches an earlier checkpoint.
- Keyed content digests of rows that services write (cases): a row changed outside the services no
  longer matches its digest, and nobody without the key can compute the matching one.
"""

import hashlib
import hmac
import json
import os
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from operator import itemgetter
from pathlib import Path

from django.conf import settings

_maintenance = False


def maintenance_flag() -> int:
    return 1 if _maintenance else 0


@contextmanager
def audit_maintenance():
    """Lets this process remove audit rows on SQLite (the test runner's flush, a restore); never in a view."""
    global _maintenance
    previous, _maintenance = _maintenance, True
    try:
        yield
    finally:
        _maintenance = previous


@cache
def audit_key() -> bytes:
    """The key file; without one, a key derived from SECRET_KEY (also kept outside the database)."""
    path = Path(settings.AUDIT_KEY_FILE)
    if path.exists():
        return path.read_bytes().strip()
    return hmac.new(settings.SECRET_KEY.encode(), b"liangfa.audit", hashlib.sha256).digest()


def _canonical(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value else "0"
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def content_digest(named: Iterable[tuple[str, object]]) -> str:
    """Keyed digest of a row's audited values, by name; empty values are left out, so a field added later
    (empty on every existing row) changes no stored digest."""
    parts = sorted(f"{name}\x1e{_canonical(value)}" for name, value in named if value is not None and value != "")
    return hmac.digest(audit_key(), "\x1f".join(parts).encode(), "sha256").hex()


def digester(names: Sequence[str]) -> Callable[[Sequence], str]:
    """content_digest for many rows whose values come in the order of `names` (imports): the same digest,
    with the sorting done once. Each part starts with its own name and \x1e, lower than any character of a
    name, so the parts sort as the names followed by \x1e do, whatever the values."""
    ordered = sorted((f"{name}\x1e", i) for i, name in enumerate(names))
    if len({prefix for prefix, _ in ordered}) != len(ordered):
        raise ValueError("digest field names must be distinct")
    prefixes = [prefix for prefix, _ in ordered]
    indexes = [i for _, i in ordered]
    pick = itemgetter(*indexes) if len(indexes) > 1 else lambda values: (values[indexes[0]],)

    def digest(values: Sequence) -> str:
        parts = [prefix + (value if type(value) is str else _canonical(value))
                 for prefix, value in zip(prefixes, pick(values), strict=True) if value is not None and value != ""]
        return hmac.digest(audit_key(), "\x1f".join(parts).encode(), "sha256").hex()
    return digest


def _sign(body: dict) -> str:
    text = json.dumps(body, ensure_ascii=False, sort_keys=True)
    return hmac.new(audit_key(), text.encode(), hashlib.sha256).hexdigest()


def write_checkpoint(*, now: datetime | None = None) -> dict:
    """Append the chain's current head, signed, to the checkpoint file."""
    from liangfa.core.models import AuditEntry

    last = AuditEntry.objects.order_by("-id").values("id", "hash").first()
    body = {"count": AuditEntry.objects.count(), "last_id": last["id"] if last else 0,
            "last_hash": last["hash"] if last else "", "time": (now or datetime.now(UTC)).isoformat()}
    line = {**body, "hmac": _sign(body)}
    path = Path(settings.AUDIT_CHECKPOINT_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        out.flush()
        os.fsync(out.fileno())
    return line


def read_checkpoints() -> tuple[list[dict], list[str]]:
    """The checkpoints whose signature holds, and a problem for each that does not."""
    path = Path(settings.AUDIT_CHECKPOINT_FILE)
    if not path.exists():
        return [], []
    good, problems = [], []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            line = json.loads(text)
            body = {k: line[k] for k in ("count", "last_id", "last_hash", "time")}
            signed = hmac.compare_digest(_sign(body), line["hmac"])
        except (ValueError, KeyError, TypeError):
            signed = False
        if signed:
            good.append(body)
        else:
            problems.append(f"检查点文件第 {number} 行的签名不符（检查点被改动或密钥不对）")
    return good, problems


@dataclass
class ContentReport:
    checked: int = 0
    mismatched: list[str] = field(default_factory=list)


CONTENT_CHECKS: list[Callable[[], ContentReport]] = []


def register_content_check(check: Callable[[], ContentReport]) -> None:
    """Apps whose rows carry a content digest register how to check them (cases does, in its ready())."""
    if check not in CONTENT_CHECKS:
        CONTENT_CHECKS.append(check)
