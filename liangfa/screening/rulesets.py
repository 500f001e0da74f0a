"""Which rules run, and whether the packaged thresholds.yaml is newer than them.

The engine runs the active RuleSet rows (an administrator's copies of a rules file), or the packaged
file when there are none. A new release may bring a revised packaged file: the running set does not
change by itself (a new rule changes clues, so it is back-tested and activated by a person), but the
difference is never silent — the rules page and the clue list say which version runs and warn."""

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from liangfa.screening.models import RuleSet
from liangfa.screening.rules import default_rules_text

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
        return (f"随程序发布的立案追诉标准规则文件{revised}比正在运行的规则集新，内容不同（sha256 {self.packaged_sha[:12]}）。"
                "请管理员用 liangfa screen --rules liangfa/data/thresholds.yaml --dry-run 回测，"
                "再以 --activate --effective 日期 启用。")


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
