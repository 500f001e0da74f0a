"""Which rules run, whether the packaged thresholds.yaml is newer than them, and loading a new version
(the one service that writes RuleSet rows).

The engine runs the active RuleSet rows (an administrator's copies of a rules file), or the packaged
file when there are none. A new release may bring a revised packaged file: the running set does not
change by itself (a new rule changes clues, so it is back-tested and activated by a person), but the
difference is never silent — the rules page and the clue list say which version runs and warn."""

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from django.db import transaction
from django.utils import timezone

from liangfa.core.audit import record_audit
from liangfa.core.errors import DomainError
from liangfa.screening.models import RuleSet
from liangfa.screening.rules import RuleBook, default_rules_text

REVISED = re.compile(r"^revised:\s*(\d{4}-\d{2}-\d{2})", re.MULTILINE)


@dataclass
class Running:
    version: str
    sha256: str
    effective_from: date
    revised: date | None  # the file's own revision date


@dataclass
class RulesStatus:
    running: list[Running]
    packaged_sha: str
    packaged_revised: date | None
    packaged_runs: bool  # the packaged file is (one of) the running set(s)
    packaged_newer: bool  # revised later than every running set: a 管理员 should back-test and activate it

    @property
    def warning(self) -> str:
        if not self.packaged_newer:
            return ""
        revised = f"（修订于 {self.packaged_revised:%Y-%m-%d}）" if self.packaged_revised else ""
        return (f"随程序发布的立案追诉标准规则文件{revised}比正在运行的规则集新，内容不同。"
                "请管理员先回测（比较新旧规则在各机关的命中），再确定施行日期启用。")


@cache
def _packaged() -> tuple[str, date | None]:
    text = default_rules_text()
    return hashlib.sha256(text.encode()).hexdigest(), _revised(text)


def rules_status() -> RulesStatus:
    sha, revised = _packaged()
    rows = RuleSet.objects.filter(active=True).order_by("effective_from", "id").values_list(
        "version", "sha256", "effective_from", "text")
    running = [Running(version, digest, effective, _revised(body)) for version, digest, effective, body in rows]
    if not running:
        return RulesStatus([Running("内置", sha, date(2000, 1, 1), revised)], sha, revised, True, False)
    runs = any(r.sha256 == sha for r in running)
    newest = max((r.revised for r in running if r.revised), default=None)
    newer = not runs and revised is not None and (newest is None or revised > newest)
    return RulesStatus(running, sha, revised, runs, newer)


def _revised(text: str) -> date | None:
    """The file's `revised:` line (read without parsing the whole file: the clue list shows it)."""
    match = REVISED.search(text)
    return date.fromisoformat(match.group(1)) if match else None


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
