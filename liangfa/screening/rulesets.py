"""Loading a version of the 立案追诉标准 as data: the one service that writes RuleSet rows."""

import hashlib
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from liangfa.core.audit import record_audit
from liangfa.core.errors import DomainError
from liangfa.screening.models import RuleSet
from liangfa.screening.rules import RuleBook


@transaction.atomic
def activate_rule_set(text: str, *, effective: date, actor=None, source: str = "命令行",
                      now: datetime | None = None) -> RuleSet:
    """A new version: acts done from `effective` on are judged by it (older acts keep theirs)."""
    now = now or timezone.now()
    try:
        RuleBook(text)
    except Exception as exc:  # noqa: BLE001 — any parse problem is the file's, reported as such
        raise DomainError(f"规则文件无法读取：{exc}") from exc
    version = f"v{RuleSet.objects.count() + 1}-{effective:%Y%m%d}"
    rule_set = RuleSet.objects.create(
        version=version, text=text, sha256=hashlib.sha256(text.encode()).hexdigest(), effective_from=effective,
        active=True, loaded_at=now, loaded_by=getattr(actor, "display_name", "") or source)
    record_audit("ruleset.activate", actor=actor, now=now, obj=rule_set,
                 after={"version": version, "effective_from": effective, "sha256": rule_set.sha256, "source": source})
    return rule_set
