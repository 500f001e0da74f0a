"""Changing what screening judges by: a new 立案追诉标准 rule set or a new violation → crime catalogue.

A 管理员 proposes the change (a rules file, or the catalogue edited on the page), the worker back-tests it
against every case on file (hits per rule and agency, and which open clues it would raise or let lapse),
and only a back-tested change whose baseline is still the running one may be activated. Activation writes
the version and its audit row, then the worker screens the affected cases again, its progress on the page.
"""

import hashlib
import json
import re
from collections import Counter
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from liangfa.agencies.permissions import is_admin, require
from liangfa.cases.models import PenaltyCase
from liangfa.core.audit import record_audit
from liangfa.core.errors import DomainError
from liangfa.screening import kinds
from liangfa.screening.choices import OPEN
from liangfa.screening.models import CatalogueEntry, Clue, RuleChange, RuleSet
from liangfa.screening.rules import Catalogue, CatalogueLine, RuleBook
from liangfa.screening.rulesets import activate_rule_set

Status = RuleChange.Status
SAMPLE = 20  # clues listed by name in the back-test's difference; the rest are counted
ARROW = "→"
SEP = "；"


# ---- the catalogue as the page writes it -------------------------------------------------------------------

def crime_names() -> dict[str, str]:
    """Rule key → crime name, from the newest running rule set (the page names crimes, never keys)."""
    from liangfa.screening.services import rulebooks  # services imports this module's neighbours

    return {key: entry.crime_name for key, entry in rulebooks()[-1][1].entries.items()}


def catalogue_text(cat: Catalogue) -> str:
    """One line per entry: 关键词；关键词 → 罪名；罪名 ｜ 排除：词 ｜ 依据：词 (；between words: names and
    keywords themselves contain 、)."""
    names = crime_names()
    lines = []
    for line in cat.lines:
        text = f"{SEP.join(line.keywords)} {ARROW} {SEP.join(names.get(k, k) for k in line.crimes)}"
        if line.exclude:
            text += f" ｜ 排除：{SEP.join(line.exclude)}"
        if line.basis:
            text += f" ｜ 依据：{SEP.join(line.basis)}"
        lines.append(text)
    return "\n".join(lines) + "\n"


def parse_catalogue(text: str) -> Catalogue:
    """The page's lines back into a catalogue; a line that does not read is refused with its number."""
    keys = {name: key for key, name in crime_names().items()}
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        raw = raw.strip()
        if not raw:
            continue
        if ARROW not in raw and "->" not in raw:
            raise DomainError(f"目录第{number}行：缺少“{ARROW}”（写法：关键词、关键词 {ARROW} 罪名）")
        words, rest = re.split(rf"{ARROW}|->", raw, maxsplit=1)
        parts = [p.strip() for p in re.split(r"[｜|]", rest)]
        crimes, exclude, basis = parts[0], "", ""
        for part in parts[1:]:
            label, _, value = part.partition("：")
            if label == "排除":
                exclude = value
            elif label == "依据":
                basis = value
            else:
                raise DomainError(f"目录第{number}行：“{part}”无法识别，只能写“排除：…”或“依据：…”")
        unknown = [c for c in _words(crimes) if c not in keys]
        if unknown:
            raise DomainError(f"目录第{number}行：罪名“{'、'.join(unknown)}”不在立案追诉标准规则集中")
        if not _words(crimes):
            raise DomainError(f"目录第{number}行：须写明至少一个罪名（多个罪名以“；”分隔）")
        if not (_words(words) or _words(basis)):
            raise DomainError(f"目录第{number}行：须写明违法行为类型关键词或处罚依据关键词")
        lines.append(CatalogueLine(tuple(_words(words)), tuple(keys[c] for c in _words(crimes)),
                                   tuple(_words(exclude)), tuple(_words(basis))))
    if not lines:
        raise DomainError("目录为空：至少须有一行")
    return Catalogue(lines)


def _words(text: str) -> list[str]:
    return [w.strip() for w in re.split(r"[；;]", text) if w.strip()]


# ---- proposing, back-testing, activating ----------------------------------------------------------------------

def baseline() -> str:
    """What runs now (rule versions and catalogue): a back-test is valid only against the same."""
    rules = list(RuleSet.objects.filter(active=True).order_by("id").values_list("sha256", "effective_from"))
    lines = list(CatalogueEntry.objects.order_by("id").values_list("keywords", "exclude", "basis", "crimes"))
    return hashlib.sha256(json.dumps([rules, lines], default=str).encode()).hexdigest()


@transaction.atomic
def propose_change(kind: str, text: str, *, note: str, actor, effective: date | None = None,
                   now: datetime | None = None) -> RuleChange:
    now = now or timezone.now()
    require(is_admin(actor), "只有管理员可以修改规则和目录")
    if kind not in RuleChange.Kind.values:
        raise DomainError("类型：只能是立案追诉标准规则集或违法行为→罪名目录")
    if not note.strip():
        raise DomainError("修改说明：必填，写明改了什么、为什么")
    if kind == RuleChange.Kind.RULES:
        if effective is None:
            raise DomainError("施行日期：新规则集必须写明从哪一天起的行为适用")
        try:
            RuleBook(text)
        except Exception as exc:  # noqa: BLE001 — any parse problem is the file's, reported as such
            raise DomainError(f"规则文件无法读取：{exc}") from exc
    else:
        parse_catalogue(text)
    change = RuleChange.objects.create(kind=kind, text=text, sha256=hashlib.sha256(text.encode()).hexdigest(),
                                       note=note.strip()[:300], effective_from=effective, created_by=actor,
                                       created_at=now, status=Status.TESTING, total=PenaltyCase.objects.count())
    record_audit("rule_change.propose", actor=actor, now=now, obj=change,
                 after={"kind": kind, "sha256": change.sha256, "effective_from": effective, "note": change.note})
    transaction.on_commit(lambda: backtest_change.enqueue(change.pk))
    return change


@transaction.atomic
def retest_change(change: RuleChange, *, actor, now: datetime | None = None) -> RuleChange:
    """Back-test again (the running rules changed since, or the back-test failed)."""
    now = now or timezone.now()
    require(is_admin(actor), "只有管理员可以回测规则和目录")
    change = RuleChange.objects.select_for_update().get(pk=change.pk)
    if change.status not in (Status.TESTED, Status.FAILED) or change.activated_at:
        raise DomainError(f"该修改当前为“{change.get_status_display()}”，不能重新回测")
    change.status, change.done, change.message = Status.TESTING, 0, ""
    change.total = PenaltyCase.objects.count()
    change.save()
    record_audit("rule_change.retest", actor=actor, now=now, obj=change, after={"sha256": change.sha256})
    transaction.on_commit(lambda: backtest_change.enqueue(change.pk))
    return change


def _candidate(change: RuleChange):
    """The rules and catalogue screening would run with this change in force."""
    from liangfa.screening.services import Rules, catalogue, rulebooks

    books = list(rulebooks())
    cat = catalogue()
    if change.kind == RuleChange.Kind.RULES:
        books = sorted([*[b for b in books if b[0] != change.effective_from],
                        (change.effective_from, RuleBook(change.text, "候选"))], key=lambda b: b[0])
    else:
        cat = parse_catalogue(change.text)
    return Rules(books), cat


def run_backtest(change_id: int) -> dict:
    """Hits per rule and agency now and with the change, and the open clues it would raise or let lapse."""
    from liangfa.screening.services import screen_all

    change = RuleChange.objects.get(pk=change_id)
    RuleChange.objects.filter(pk=change.pk).update(done=0)
    base = baseline()
    try:
        rules, cat = _candidate(change)
        names = crime_names()
        agencies = dict(PenaltyCase.objects.values_list("agency_id", "agency__name").distinct())
        current = Counter()
        for case, finding in screen_all(write=False):
            current[(finding.rule_key, case.agency_id)] += 1
        trial, raised = Counter(), set()
        step = _progress(change)
        for case, finding in screen_all(rules=rules, with_catalogue=cat, write=False, progress=step):
            trial[(finding.rule_key, case.agency_id)] += 1
            raised.add((case.id, finding.rule_key))
        open_now = set(Clue.objects.filter(status__in=OPEN).values_list("case_id", "rule_key"))
        rows = [{"crime": names.get(key, key), "agency": agencies.get(agency, ""), "current": current[(key, agency)],
                 "candidate": trial[(key, agency)], "difference": trial[(key, agency)] - current[(key, agency)]}
                for key, agency in sorted(set(current) | set(trial), key=lambda k: (names.get(k[0], k[0]), k[1]))]
        result = {"rows": rows, "current": sum(current.values()), "candidate": sum(trial.values()),
                  "new": _listed(raised - open_now, names), "lapsed": _listed(open_now - raised, names),
                  "new_count": len(raised - open_now), "lapsed_count": len(open_now - raised)}
    except Exception as exc:  # noqa: BLE001 — the page says the back-test failed and why; nothing changed
        RuleChange.objects.filter(pk=change.pk).update(status=Status.FAILED, message=f"回测失败：{exc}"[:300])
        raise
    RuleChange.objects.filter(pk=change.pk).update(status=Status.TESTED, backtest=result, baseline=base,
                                                   tested_at=timezone.now(), done=change.total)
    return result


def _listed(pairs: set, names: dict) -> list[dict]:
    chosen = sorted(pairs)[:SAMPLE]
    numbers = dict(PenaltyCase.objects.filter(pk__in=[c for c, _ in chosen]).values_list("id", "decision_no"))
    return [{"case_id": c, "decision_no": numbers.get(c, ""), "crime": names.get(k, k)} for c, k in chosen]


def _progress(change: RuleChange):
    seen = [0]

    def step(n: int) -> None:
        seen[0] += n
        RuleChange.objects.filter(pk=change.pk).update(done=min(seen[0], change.total))
    return step


@transaction.atomic
def activate_change(change: RuleChange, *, actor, now: datetime | None = None) -> RuleChange:
    """The back-tested change takes effect: a rules version from its date, or the catalogue now. The worker
    then screens again the cases it touches."""
    now = now or timezone.now()
    require(is_admin(actor), "只有管理员可以启用规则和目录")
    change = RuleChange.objects.select_for_update().get(pk=change.pk)
    if change.status != Status.TESTED:
        raise DomainError(f"该修改当前为“{change.get_status_display()}”：须先回测，回测完成后才能启用")
    if change.baseline != baseline():
        raise DomainError("回测之后规则或目录已有其他修改：请重新回测，再启用")
    if change.kind == RuleChange.Kind.RULES:
        rule_set = activate_rule_set(change.text, effective=change.effective_from, actor=actor, source="页面",
                                     now=now)
        change.version = rule_set.version
    else:
        cat = parse_catalogue(change.text)
        CatalogueEntry.objects.all().delete()
        CatalogueEntry.objects.bulk_create([CatalogueEntry(keywords="、".join(line.keywords), exclude="、".join(line.exclude),
                                                           basis="、".join(line.basis), crimes="、".join(line.crimes))
                                            for line in cat.lines])
        number = RuleChange.objects.filter(kind=RuleChange.Kind.CATALOGUE, activated_at__isnull=False).count() + 1
        change.version = f"目录第{number}版"
    from liangfa.screening.services import forget_rules

    forget_rules()
    change.status, change.activated_by, change.activated_at = Status.ACTIVATING, actor, now
    change.done, change.total = 0, 0
    change.save()
    record_audit("rule_change.activate", actor=actor, now=now, obj=change,
                 after={"kind": change.kind, "version": change.version, "sha256": change.sha256,
                        "effective_from": change.effective_from, "backtest": {k: change.backtest.get(k) for k in
                                                                               ("current", "candidate", "new_count", "lapsed_count")}})
    transaction.on_commit(lambda: rescreen_change.enqueue(change.pk))
    return change


def affected_cases(change: RuleChange) -> list[int]:
    """Cases whose crimes the change touches: those with a clue of such a crime, and those of the case kinds
    the (new) catalogue maps to it."""
    from liangfa.screening.services import synced_catalogue

    keys = {row["crime"] for row in change.backtest.get("rows", [])}
    by_name = {name: key for key, name in crime_names().items()}
    rule_keys = {by_name.get(name, name) for name in keys}
    rule_keys |= {key for key in crime_names() if key in change.text}  # a rules file names its keys
    cat = synced_catalogue()
    kind_ids = {kind for key in rule_keys for kind in kinds.crime_kinds(cat, key)}
    ids = set(Clue.objects.filter(rule_key__in=rule_keys).values_list("case_id", flat=True))
    ids |= set(PenaltyCase.objects.filter(kind_id__in=kind_ids).values_list("id", flat=True))
    return sorted(ids)


def run_rescreen(change_id: int) -> int:
    from liangfa.screening.services import screen_cases

    change = RuleChange.objects.get(pk=change_id)
    try:
        ids = affected_cases(change) if change.kind == RuleChange.Kind.CATALOGUE or change.backtest else []
        RuleChange.objects.filter(pk=change.pk).update(total=len(ids), done=0)
        for start in range(0, len(ids), 2000):
            screen_cases(ids[start:start + 2000])
            RuleChange.objects.filter(pk=change.pk).update(done=min(start + 2000, len(ids)))
    except Exception as exc:  # noqa: BLE001 — the page says so; the version stays active, a person reruns it
        RuleChange.objects.filter(pk=change.pk).update(status=Status.FAILED, message=f"重新筛查失败：{exc}"[:300])
        raise
    RuleChange.objects.filter(pk=change.pk).update(status=Status.ACTIVE, message=f"已重新筛查 {len(ids)} 件案件")
    return len(ids)


@task()
def backtest_change(change_id: int) -> None:
    run_backtest(change_id)


@task()
def rescreen_change(change_id: int) -> int:
    return run_rescreen(change_id)
