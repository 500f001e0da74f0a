"""Screening: build the facts, run the engine, keep the clues; the clue workflow."""

import hashlib
import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache, reduce
from operator import itemgetter, or_

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from liangfa.agencies.access import ALL, visible_agency_ids
from liangfa.agencies.choices import AgencyKind
from liangfa.agencies.permissions import may_handle_clue, may_record_tax_notice, of_kind, require
from liangfa.cases.models import CaseKind, PenaltyCase
from liangfa.cases.services import visible_cases
from liangfa.cases.sharing import shared_with, transferred_of
from liangfa.core.audit import record_audit
from liangfa.core.bulk import RawJSON, allocate_ids, insert_rows
from liangfa.core.errors import DomainError
from liangfa.core.events import actor_fields
from liangfa.core.overlap import BatchWriter
from liangfa.core.prepared import Prepared
from liangfa.core.receipts import Read, record_reads
from liangfa.parties.choices import LinkStatus
from liangfa.parties.links import group_members, linked_party_ids, party_groups, propose_links_for
from liangfa.parties.models import PartyLink
from liangfa.screening import kinds, prefilter
from liangfa.screening.choices import CLUE_TRANSITIONS, OPEN, ClueStatus, ClueStep
from liangfa.screening.engine import (
    UNHANDLED,
    UNHANDLED_STATUSES,
    Facts,
    Finding,
    History,
    assess,
    crimes_of,
    evaluate,
)
from liangfa.screening.facts import (
    FACT_COLUMNS,
    StoredHistory,
    build_facts,
    fact_rows,
    read_texts,
    tax_notices,
)
from liangfa.screening.models import CatalogueEntry, Clue, ClueEvent, RuleSet, TaxNotice, with_listings
from liangfa.screening.rules import (
    Catalogue,
    CatalogueLine,
    RuleBook,
    default_catalogue_text,
    default_rules_text,
)
from liangfa.screening.suggested import suggest_for

# ---- rules and catalogue -------------------------------------------------------------------------

@lru_cache(maxsize=16)
def _book(version: str, sha: str, text: str) -> RuleBook:
    return RuleBook(text, version)


RULES_CACHE_SECONDS = 30
_remembered: dict[str, tuple[float, object]] = {}


def _remember(name: str, load):
    """Rules and catalogue are read on every screening and change rarely: kept in the process for 30 s.
    A change in this process forgets them at once (apps.py); other processes see it within 30 s."""
    hit = _remembered.get(name)
    if hit is None or time.monotonic() - hit[0] >= RULES_CACHE_SECONDS:
        hit = _remembered[name] = (time.monotonic(), load())
    return hit[1]


def forget_rules(**_) -> None:
    _remembered.clear()


def rulebooks() -> list[tuple[date, RuleBook]]:
    """Active versions by effective date; the packaged thresholds.yaml when none is loaded."""
    return _remember("rulebooks", _load_rulebooks)


def _load_rulebooks() -> list[tuple[date, RuleBook]]:
    rows = RuleSet.objects.filter(active=True).order_by("effective_from", "id").values_list(
        "effective_from", "version", "sha256", "text")
    books = [(eff, _book(version, sha, text)) for eff, version, sha, text in rows]
    return books or [(date(2000, 1, 1), _book("内置", "", default_rules_text()))]


class Rules:
    """The active rule versions: a case is judged by the one in force on its conduct date."""

    def __init__(self, books: list[tuple[date, RuleBook]]):
        if not books:
            raise DomainError("没有启用的立案追诉标准规则集，请管理员导入")
        self.books = books

    def for_date(self, day: date) -> RuleBook:
        chosen = self.books[0][1]
        for effective_from, book in self.books:
            if effective_from <= day:
                chosen = book
        return chosen


def catalogue() -> Catalogue:
    """管理员's catalogue; the packaged default when it is empty."""
    return _remember("catalogue", _load_catalogue)


def synced_catalogue() -> Catalogue:
    """The catalogue, knowing every case kind there is now (kinds.py)."""
    cat = catalogue()
    kinds.sync(cat)
    return cat


def _load_catalogue() -> Catalogue:
    lines = [CatalogueLine(tuple(_split(e.keywords)), tuple(_split(e.crimes)), tuple(_split(e.exclude)),
                           tuple(_split(e.basis))) for e in CatalogueEntry.objects.all()]
    return Catalogue(lines) if lines else Catalogue.from_yaml(default_catalogue_text())


def _split(text: str) -> list[str]:
    return [t.strip() for t in text.replace(",", "、").replace("，", "、").split("、") if t.strip()]


# ---- screening -------------------------------------------------------------------------------------

def _fingerprint(finding: Finding) -> str:
    """What a dismissal covers: the same facts give the same fingerprint. The counts join the payload
    only when the clue lists fewer acts than it counts, so clues written before the counts existed keep
    their fingerprint (and their dismissal)."""
    payload = [finding.rule_key, finding.kind, finding.metric, str(finding.value), str(finding.threshold),
               [p.id for p in finding.priors], [a.id for a in finding.added_up], finding.crime_name]
    if finding.prior_count > len(finding.priors) or finding.added_count > len(finding.added_up):
        payload += [finding.prior_count, finding.added_count]
    if finding.from_text:  # a value read from the facts, then confirmed: the clue is written again
        payload.append(finding.from_text)
    return hashlib.sha256(json.dumps(payload).encode()).hexdigest()


def _listing(facts: list[Facts]) -> RawJSON:
    return RawJSON(f"[{', '.join([str(p.id) for p in facts])}]") if facts else NONE_LISTED


NONE_LISTED = RawJSON("[]")


class _Checks:
    """The checks lists of new clues as JSON text, each distinct list written once."""

    def __init__(self):
        self._texts: dict[tuple, RawJSON] = {}

    def __call__(self, checks: list[str]) -> RawJSON:
        key = tuple(checks)
        if key not in self._texts:
            self._texts[key] = RawJSON(json.dumps(checks, ensure_ascii=False))
        return self._texts[key]


def judge_slices(cases_by_group: dict[int, list[Facts]], rules: Rules, *, only: set[int] | None = None,
                 size: int | None = None, gaps: Counter | None = None, quick: bool = True):
    """Judge the cases of each party group against their group's history, `size` cases at a time (all
    at once without): (judged, [(case, finding)]). A party with a million penalties keeps one history
    in memory, not a million findings. `gaps` counts, per rule, the judged cases that raised nothing
    and lack data the rule reads. `quick`: crimes no amount of the case can flag are passed over
    (engine.assess); off, every crime is judged."""
    judged: list[Facts] = []
    results: list[tuple[Facts, Finding]] = []
    judging = [c for members in cases_by_group.values() for c in members if only is None or c.id in only]
    read_texts(judging, [book for _, book in rules.books])
    suggest_for(judging, [book for _, book in rules.books])
    today = timezone.localdate()
    for members in cases_by_group.values():
        history = None
        for case in members:
            if only is not None and case.id not in only:
                continue
            history = history or History(members)
            judged.append(case)
            findings, missing = assess(case, history, rules.for_date(case.act_date), today, gaps_wanted=gaps is not None,
                                     quick=quick)
            for finding in findings:
                results.append((case, finding))
            if gaps is not None:
                gaps.update(gap.rule_key for gap in missing if gap.missing)
            if size and len(judged) >= size:
                yield judged, results
                judged, results = [], []
    if judged:
        yield judged, results


def screen_groups(cases_by_group: dict[int, list[Facts]], rules: Rules, *, now: datetime,
                  only: set[int] | None = None, write: bool = True) -> list[tuple[Facts, Finding]]:
    """Evaluate the cases of each party group against their group's history; store the clues."""
    found = []
    for judged, results in judge_slices(cases_by_group, rules, only=only):
        if write:
            _store(clue_changes(judged, results), now=now, version=_version(rules))
        found += results
    return found


def _version(rules: Rules) -> str:
    return ",".join(b.version for _, b in rules.books)


def clues_by_case(party_ids) -> dict[int, list[tuple]]:
    """The parties' clues, by case: (rule_key, pk, fingerprint, status). Asked by party: thousands of
    case ids make slow queries."""
    found: dict[int, list[tuple]] = defaultdict(list)
    clues = Clue.objects.filter(party_id__in=party_ids).order_by().values_list(
        "case_id", "rule_key", "pk", "fingerprint", "status")
    for case_id, *clue in clues.iterator(chunk_size=20000):
        found[case_id].append(tuple(clue))
    return found


@dataclass
class ClueChanges:
    """What judging changed against the clues kept: findings new or changed (with their fingerprint and
    the clue they replace, if any) and open clues no longer found. Empty: nothing to write."""

    changed: list  # (case, finding, fingerprint, (pk, fingerprint, status) | None)
    stale: list  # (pk, status)

    def __bool__(self) -> bool:
        return bool(self.changed or self.stale)


def clue_changes(judged: list[Facts], results: list[tuple[Facts, Finding]],
                 known: dict[int, list[tuple]] | None = None) -> ClueChanges:
    """Compare findings with the judged cases' clues. `known`: clues_by_case of their parties, when the
    caller has already asked."""
    case_ids = {c.id for c in judged}
    if known is None and len(case_ids) <= FEW:
        known = {case_id: CASE_CLUES(case=case_id) for case_id in case_ids}
    elif known is None:
        known = clues_by_case({c.party_id for c in judged})
    existing = {(case_id, rule_key): (pk, fp, status) for case_id in case_ids
                for rule_key, pk, fp, status in known.get(case_id, ())}
    changed, seen = [], set()
    for case, f in results:
        key = (case.id, f.rule_key)
        seen.add(key)
        fp = _fingerprint(f)
        before = existing.get(key)
        if before is None or before[1] != fp:
            changed.append((case, f, fp, before))
    stale = [(pk, status) for key, (pk, _, status) in existing.items()
             if key not in seen and status in (ClueStatus.NEW, ClueStatus.CHECKING)]
    return ClueChanges(changed, stale)


def _store(changes: ClueChanges, *, now: datetime, version: str) -> None:
    """Keep the changes as clues: new ones appended in bulk (a batch writes tens of thousands), changed
    ones updated with an event, those no longer found marked 已不符合."""
    parties_of_new = {case.party_id for case, _, _, before in changes.changed if before is None}
    transferred = transferred_of(parties_of_new) if parties_of_new else set()  # only new clues ask
    creates, events = [], []
    checks_json = _Checks()
    ruleset = version[:40]
    for case, f, fp, before in changes.changed:
        if before is None:
            status = ClueStatus.TRANSFERRED if case.id in transferred else ClueStatus.NEW
            # a list in the table's column order, not a dict: a batch holds thousands
            creates.append(list(NEW_CLUE_ROW((
                None, case.id, case.agency_id, case.party_id, f.rule_key, f.crime_name[:200], f.article,
                f.standard[:300], f.confidence, f.kind, f.metric, f.metric_cn, f.unit, f.value, f.threshold,
                f.reduced, _listing(f.priors), f.prior_count, _listing(f.added_up), f.added_count, f.needs_review,
                checks_json(f.checks), f.reason, fp, ruleset, status, now, now, *NEW_CLUE_DEFAULTS))))
            continue
        fields = dict(rule_key=f.rule_key, crime_name=f.crime_name[:200], article=f.article, standard=f.standard[:300],
                      confidence=f.confidence, kind=f.kind, metric=f.metric, metric_cn=f.metric_cn, unit=f.unit,
                      value=f.value, threshold=f.threshold, reduced=f.reduced, prior_count=f.prior_count,
                      added_count=f.added_count, needs_review=f.needs_review, reason=f.reason, fingerprint=fp,
                      ruleset=ruleset)
        clue = Clue.objects.get(pk=before[0])
        old = clue.status
        for name, value in fields.items():
            setattr(clue, name, value)
        clue.priors, clue.added_up, clue.checks = [p.id for p in f.priors], [a.id for a in f.added_up], f.checks
        clue.updated_at = now
        if old in (ClueStatus.DISMISSED, ClueStatus.OBSOLETE):
            clue.status = ClueStatus.NEW  # new facts: the earlier dismissal does not cover them
        clue.save()
        events.append((clue.pk, old, clue.status, "事实变化，重新评估：" + f.reason))
    for row, pk in zip(creates, allocate_ids(Clue, len(creates)), strict=True):
        row[CLUE_ID] = pk
        events.append((pk, "", row[CLUE_STATUS], row[CLUE_REASON]))
    insert_rows(Clue, CLUE_COLUMNS, creates)
    if changes.stale:
        events += [(pk, status, ClueStatus.OBSOLETE, "按当前数据已不再符合标准") for pk, status in changes.stale]
        Clue.objects.filter(pk__in=[pk for pk, _ in changes.stale]).update(status=ClueStatus.OBSOLETE, updated_at=now)
    insert_rows(ClueEvent, ["id", "clue_id", "time", "actor_name", "from_status", "to_status", "note"],
                ((pk, clue, now, "系统筛查", old, new, note) for pk, (clue, old, new, note)
                 in zip(allocate_ids(ClueEvent, len(events)), events, strict=True)))


CLUE_COLUMNS = [f.attname for f in Clue._meta.concrete_fields]
CLUE_DEFAULTS = {f.attname: f.get_default() for f in Clue._meta.concrete_fields}
CLUE_ID, CLUE_STATUS, CLUE_REASON = (CLUE_COLUMNS.index(name) for name in ("id", "status", "reason"))
# what _store sets on a new clue, in the order it lists them; the other columns keep their defaults
NEW_CLUE_SET = ["id", "case_id", "agency_id", "party_id", "rule_key", "crime_name", "article", "standard", "confidence",
                "kind", "metric", "metric_cn", "unit", "value", "threshold", "reduced", "priors", "prior_count",
                "added_up", "added_count", "needs_review", "checks", "reason", "fingerprint", "ruleset", "status",
                "created_at", "updated_at"]
NEW_CLUE_DEFAULTS = tuple(CLUE_DEFAULTS[n] for n in CLUE_COLUMNS if n not in NEW_CLUE_SET)
NEW_CLUE_ROW = itemgetter(*(  # those values put in the table's column order
    (NEW_CLUE_SET + [n for n in CLUE_COLUMNS if n not in NEW_CLUE_SET]).index(n) for n in CLUE_COLUMNS))


def _load_groups(party_ids: set[int], cat: Catalogue, crimes: set[str] | None = None) -> dict[int, list[Facts]]:
    """The party groups' cases; with `crimes`, only the cases that can matter for those crimes."""
    members = set(party_ids)
    for pid in party_ids & linked_party_ids():
        members |= group_members(pid)
    groups = party_groups(members)
    cases = PenaltyCase.objects.filter(party_id__in=members)
    if crimes is not None:
        cases = cases.filter(kind_id__in={kind for key in crimes for kind in kinds.crime_kinds(cat, key)})
    rows = list(cases.values_list(*FACT_COLUMNS))
    facts = build_facts(rows, groups, cat, tax_notices(members))
    return _by_group(facts)


def _by_group(facts: list[Facts]) -> dict[int, list[Facts]]:
    by_group: dict[int, list[Facts]] = defaultdict(list)
    for fact in facts:
        by_group[fact.group].append(fact)
    return by_group


FEW = 20  # changed cases judged one by one against the database; more load their parties' history


def screen_cases(case_ids, *, now: datetime | None = None) -> int:
    """Incremental: judge these cases at once with their parties' whole history (across agencies).

    A few cases (an edit, a pushed record) are judged against counts and sums asked from the database
    (facts.StoredHistory), so a party with thousands of penalties costs a few queries; the other cases
    they count for (later acts of the same kind, unhandled acts they add up with) are judged again by
    the worker. More cases (an import) load their parties' history once and judge everything touched."""
    now = now or timezone.now()
    case_ids = set(case_ids)
    if not case_ids:
        return 0
    if len(case_ids) > FEW:
        return _screen_with_history(case_ids, now=now)
    cat = catalogue()
    rules = Rules(rulebooks())
    rows = [row for case_id in sorted(case_ids) for row in CHANGED_CASE(case=case_id)]
    facts, linked, open_acts, notices, known = {}, set(), set(), {}, defaultdict(list)
    texts = {}
    for row in rows:  # one row per clue the case already has
        facts[row[0]] = row[:CHANGED_FACTS]
        texts[row[0]], newest_kind, is_linked, has_open, complied, *clue = row[CHANGED_FACTS:]
        kinds.sync(cat, newest_kind)  # a kind added since (by this case, perhaps) is learnt first
        if is_linked:
            linked.add(row[3])
        if has_open:
            open_acts.add(row[3])
        if complied is not None:
            notices[row[0]] = "complied" if complied else "unpaid"
        if clue[0] is not None:
            known[row[0]].append(tuple(clue))
    results, judged = [], []
    for party_id in {r[3] for r in facts.values()}:
        members = group_members(party_id) if party_id in linked else {party_id}
        group = min(members)
        mine = [r for r in facts.values() if r[3] == party_id]
        judged_here = build_facts(mine, dict.fromkeys(members, group), cat, notices)
        read_texts(judged_here, [book for _, book in rules.books], texts=texts)
        suggest_for(judged_here, [book for _, book in rules.books], texts=texts)
        # a party with no act still open has nothing to add up: its history is not asked for them
        history = StoredHistory(members, group, cat, no_open_acts=party_id not in linked and party_id not in open_acts)
        for case in judged_here:
            results += [(case, f) for f in evaluate(case, history, rules.for_date(case.act_date))]
        judged += judged_here
    from liangfa.screening.tasks import screen_related  # tasks.py calls back into this module

    counting = [c.id for c in judged if c.crimes]
    changes = clue_changes(judged, results, known)
    if not changes:
        # the usual outcome of an edit: clues as they were. One statement, no transaction to open.
        if counting:
            screen_related.enqueue(counting)
        return len(results)
    with transaction.atomic():
        _store(changes, now=now, version=_version(rules))
        if counting:
            # queued in the same transaction (the database backend's row commits with the clues)
            screen_related.enqueue(counting)
    return len(results)


# One changed case in one query: its facts; the newest case kind (kinds.py learns those added since it
# last looked); whether its party is confirmed linked to another (then its
# group is asked); whether the party has any act still open (then they are asked); its 追缴通知; and its
# clues, one row each.
CHANGED_CASE = Prepared(lambda v: PenaltyCase.objects.filter(id=v.case).annotate(linked=Exists(
    PartyLink.objects.filter(Q(a_id=OuterRef("party_id")) | Q(b_id=OuterRef("party_id")), status=LinkStatus.CONFIRMED)))
    # one probe per open status: with `status IN (…)` the planner may walk all of a big party's cases
    .annotate(has_open=reduce(or_, (Exists(PenaltyCase.objects.filter(party_id=OuterRef("party_id"), status=status))
                                    for status in UNHANDLED_STATUSES)),
              newest_kind=Subquery(CaseKind.objects.order_by("-id").values("id")[:1]))
    .values_list(*FACT_COLUMNS, "facts", "newest_kind", "linked", "has_open", "tax_notice__complied", "clues__rule_key", "clues__pk", "clues__fingerprint",
                 "clues__status"), case=int)
CHANGED_FACTS = len(FACT_COLUMNS)
CASE_CLUES = Prepared(lambda v: Clue.objects.filter(case_id=v.case).order_by().values_list(
    "rule_key", "pk", "fingerprint", "status"), case=int)  # as clues_by_case lists them


def screen_related(changed_ids) -> int:
    """The worker's half of an incremental screening: the other cases of the same party group and
    kind that the changed ones can count for — later acts within the longest repeat window (5 years),
    and unhandled acts they add up with — judged again with the party's whole history."""
    cat = synced_catalogue()
    related: set[int] = set()
    rows = PenaltyCase.objects.filter(id__in=changed_ids).values_list(*FACT_COLUMNS)
    for case in build_facts(rows, {}, cat, {}):
        since = case.effective_date or case.decision_date
        until = since + timedelta(days=5 * 366)
        later = Q(conduct_date__range=(since, until)) | Q(conduct_date__isnull=True, decision_date__range=(since, until))
        counted = Q() if case.status in UNHANDLED else Q(status__in=UNHANDLED_STATUSES) | later
        history = StoredHistory(group_members(case.party_id), case.party_id, cat)
        for key in case.crimes:
            related |= set(history.cases_of(key).filter(counted).values_list("id", flat=True))
    ordered = sorted(related - set(changed_ids))
    # in slices: a party with thousands of cases must not make one query with thousands of parameters
    return sum(_screen_with_history(set(ordered[i:i + 5000]), now=timezone.now(), ripple=False)
               for i in range(0, len(ordered), 5000))


def _screen_with_history(case_ids: set[int], *, now: datetime, ripple: bool = True) -> int:
    cat = synced_catalogue()
    changed = PenaltyCase.objects.filter(id__in=case_ids).values_list("party_id", "violation_type", "legal_basis")
    party_ids, crimes = set(), set()
    for party_id, violation, basis in changed:
        party_ids.add(party_id)
        crimes |= set(crimes_of(cat, violation, basis))
    # Only the party's cases of the same kinds can count for or against the changed ones.
    by_group = _load_groups(party_ids, cat, crimes)
    # a changed case of no listed kind is still judged, so that its old clues lapse
    missing = case_ids - {c.id for members in by_group.values() for c in members}
    if missing:
        rows = list(PenaltyCase.objects.filter(id__in=missing).values_list(*FACT_COLUMNS))
        for fact in build_facts(rows, party_groups({r[3] for r in rows}), cat, tax_notices({r[3] for r in rows})):
            by_group[fact.group].append(fact)
    only = _affected(by_group, case_ids) if ripple else case_ids
    with transaction.atomic():
        results = screen_groups(by_group, Rules(rulebooks()), now=now, only=only)
    return len(results)


def _affected(by_group: dict[int, list[Facts]], changed: set[int]) -> set[int]:
    """The changed cases, and the cases of the same party and kind that they can count for: later acts
    within the longest repeat window (5 years), and unhandled acts they add up with."""
    affected = set(changed)
    for members in by_group.values():
        touched = [c for c in members if c.id in changed]
        for case in touched:
            since = case.effective_date or case.decision_date
            crimes = set(case.crimes)
            for other in members:
                if other.id in affected or not crimes & set(other.crimes):
                    continue
                if other.status in UNHANDLED or case.status in UNHANDLED:
                    affected.add(other.id)
                elif since <= other.act_date <= since + timedelta(days=5 * 366):
                    affected.add(other.id)
    return affected


def screen_all(*, since: date | None = None, rules: Rules | None = None, write: bool = True,
               now: datetime | None = None, progress=None, chunk: int = 2000, case_chunk: int = 20000,
               everything: bool = False, gaps: Counter | None = None, with_catalogue: Catalogue | None = None):
    """Batch: the cases that can raise a flag (prefilter.py asks the database), judged by the engine
    against their party group's history, batch by batch. `everything` judges every case instead (the
    check that the prefilter never drops a flag). `gaps` counts, per rule, the cases that raised
    nothing for lack of data (those the prefilter cleared are counted in the database)."""
    now = now or timezone.now()
    rules = rules or Rules(rulebooks())
    if with_catalogue is not None:  # a candidate catalogue being back-tested (changes.py)
        kinds.sync(with_catalogue)
    cat = with_catalogue or synced_catalogue()
    entries: dict[str, list] = defaultdict(list)
    for _, book in rules.books:
        for key, entry in book.versions():
            entries[key].append(entry)
    linked = linked_party_ids()
    wanted = PenaltyCase.objects.all()
    if since:
        wanted = wanted.filter(party_id__in=PenaltyCase.objects.filter(decision_date__gte=since).values("party_id"))
    if not everything:
        candidates = prefilter.candidates_q(cat, entries, linked)
        if gaps is not None:
            gaps.update(prefilter.cleared_gaps(cat, entries, wanted, candidates))
        wanted = wanted.filter(candidates)
    by_party: dict[int, list[int]] = defaultdict(list)
    for case_id, party_id in wanted.values_list("id", "party_id").iterator(chunk_size=10000):
        by_party[party_id].append(case_id)
    if progress:
        total = PenaltyCase.objects.filter(decision_date__gte=since).count() if since else PenaltyCase.objects.count()
        progress(total - sum(len(v) for v in by_party.values()))  # cleared without loading
    relevant = prefilter.relevant_q(cat)
    # Batches bounded by the number of cases to judge, not of parties: a few parties hold thousands.
    batches, batch, size = [], [], 0
    for party_id in sorted(set(by_party) - linked):
        batch.append(party_id)
        size += len(by_party[party_id])
        if size >= case_chunk or len(batch) >= chunk:
            batches.append(batch)
            batch, size = [], 0
    if batch:
        batches.append(batch)
    if set(by_party) & linked:
        batches.append(sorted(linked))
    version = _version(rules)
    writer = BatchWriter.here() if write else None  # batch k written while batch k+1 is judged
    try:
        for batch in batches:
            only = {case_id for party_id in batch for case_id in by_party.get(party_id, ())}
            if set(batch) & linked:
                by_group = _load_groups(set(batch), cat)
            else:
                by_group = _plain_groups(batch, cat, Q() if everything else relevant, only)
            known = clues_by_case(batch) if write else {}
            # judging everything checks the prefilter: the engine then takes no short cut of the same kind
            for judged, results in judge_slices(by_group, rules, only=only, size=case_chunk, gaps=gaps,
                                                quick=not everything):
                if writer:
                    writer.write(_store, clue_changes(judged, results, known), now=now, version=version)
                if progress:
                    progress(len(judged))
                yield from results
    finally:
        if writer:
            writer.close()


def _plain_groups(party_ids: list[int], cat: Catalogue, relevant: Q, judged: set[int]) -> dict[int, list[Facts]]:
    """Unlinked parties' cases of the kinds the catalogue knows (nothing else can count), and the cases
    to judge (one of another kind may carry a clue that must now lapse)."""
    notices = tax_notices(party_ids)
    # streamed into facts: a party with a million penalties must not also sit in memory as raw rows
    facts = build_facts(fact_rows(PenaltyCase.objects.filter(relevant, party_id__in=party_ids)), {}, cat, notices)
    missing = judged - {f.id for f in facts}
    if missing:
        facts += build_facts(PenaltyCase.objects.filter(id__in=missing).values_list(*FACT_COLUMNS), {}, cat, notices)
    return _by_group(facts)


# ---- clue workflow ------------------------------------------------------------------------------------

def visible_clues(user):
    """An agency's own clues (and those below it); supervising bodies every clue; the police only the clues
    of case files sent to them (the 应移未移 picture of the region is the procuratorate's)."""
    base = Clue.objects.select_related("case", "agency", "party")
    ids = visible_agency_ids(user)
    if ids is ALL:
        return base
    if of_kind(user, AgencyKind.POLICE):
        return base.filter(case_id__in=shared_with(ids))
    return base.filter(agency_id__in=ids)


def listed_for(user, clues: list[Clue]) -> list[Clue]:
    """The earlier penalties and added-up acts a clue lists, as far as this reader may see those cases;
    the others are only counted (`hidden_listed`). Each clue read is receipted to its agency."""
    with_listings(clues)
    listed = {pk for clue in clues for pk in (*clue.priors, *clue.added_up)}
    seen = set(visible_cases(user).filter(pk__in=listed).values_list("id", flat=True)) if listed else set()
    for clue in clues:
        shown = [e for e in clue.prior_listing if e["case_id"] in seen]
        added = [e for e in clue.added_listing if e["case_id"] in seen]
        clue.hidden_listed = len(clue.prior_listing) + len(clue.added_listing) - len(shown) - len(added)
        clue.__dict__["prior_listing"], clue.__dict__["added_listing"] = shown, added
    record_reads(user, [Read(c.agency_id, "screening.clue", str(c.pk), c.case.decision_no) for c in clues],
                 what="涉罪线索", via="页面")
    return clues


@transaction.atomic
def move_clue(clue: Clue, to: str, *, actor, reason: str = "", now: datetime | None = None) -> Clue:
    now = now or timezone.now()
    clue = Clue.objects.select_for_update().get(pk=clue.pk)
    require(may_handle_clue(actor, clue), "只有线索所属机关的执法人员、法制审核员或负责人可以处理该线索")
    if to not in ClueStatus.values:
        raise DomainError(f"未知的线索状态：{to}")
    if to not in CLUE_TRANSITIONS[clue.status]:
        raise DomainError(f"线索当前为“{clue.get_status_display()}”，不能改为“{ClueStatus(to).label}”")
    if to == ClueStatus.DISMISSED and not reason.strip():
        raise DomainError("排除线索必须写明理由")
    old = clue.status
    clue.status, clue.updated_at = to, now
    if to == ClueStatus.DISMISSED:
        clue.dismissed_reason = reason.strip()
    clue.save()
    ClueEvent.objects.create(clue=clue, time=now, **actor_fields(actor), code=ClueStep.MOVED, from_status=old,
                             to_status=to, note=reason.strip())
    record_audit(f"clue.{to}", actor=actor, now=now, obj=clue, owner_agency_id=clue.agency_id,
                 before={"status": old}, after={"status": to}, reason=reason.strip())
    return clue


def on_transfer_sent(*, case_id: int, now: datetime, **_) -> None:
    """A delivered transfer closes the case's open clues (cases.signals.case_transferred)."""
    for clue in Clue.objects.filter(case_id=case_id, status__in=OPEN):
        ClueEvent.objects.create(clue=clue, time=now, actor_name="系统", code=ClueStep.TRANSFERRED,
                                 from_status=clue.status, to_status=ClueStatus.TRANSFERRED, note="案件已移送公安机关")
        clue.status, clue.updated_at = ClueStatus.TRANSFERRED, now
        clue.save(update_fields=["status", "updated_at"])


@transaction.atomic
def record_tax_notice(case: PenaltyCase, *, actor, issued_on: date, document_no: str, complied: bool,
                      now: datetime | None = None) -> TaxNotice:
    now = now or timezone.now()
    require(may_record_tax_notice(actor, case), "只有本案税务机关人员可以记录追缴通知")
    if not document_no.strip():
        raise DomainError("请填写追缴通知书文号")
    if issued_on > timezone.localdate(now):
        raise DomainError(f"追缴通知下达日期：{issued_on:%Y-%m-%d} 晚于今天，只能记录已下达的追缴通知")
    notice, _ = TaxNotice.objects.update_or_create(case=case, defaults={
        "issued_on": issued_on, "document_no": document_no.strip(), "complied": complied, "recorded_by": actor,
        "recorded_at": now})
    record_audit("tax_notice.record", actor=actor, now=now, obj=case, owner_agency_id=case.agency_id,
                 after={"issued_on": issued_on, "document_no": document_no, "complied": complied})
    screen_cases([case.pk], now=now)
    return notice


def on_cases_imported(*, case_ids, batch_id: int, many: bool, now: datetime | None = None, **_) -> None:
    """New and changed cases are screened at once with their parties' history (a clue is raised when its
    case arrived); big files in the background."""
    from liangfa.screening.tasks import screen_import_batch  # tasks.py calls back into this module

    if many and batch_id:
        transaction.on_commit(lambda: screen_import_batch.enqueue(batch_id))
    elif case_ids:
        screen_cases(case_ids, now=now)


def on_cases_reread(*, case_ids, now: datetime, **_) -> None:
    """The texts of these cases were read again (cases/reread.py): judged again, with their parties' history."""
    screen_cases(case_ids, now=now)


def on_text_value_checked(*, case_id: int, now: datetime, **_) -> None:
    """A value read from the 违法事实 was confirmed or corrected (cases.signals.text_value_checked)."""
    screen_cases([case_id], now=now)
def on_cases_imported_link(*, case_ids, batch_id: int, many: bool, now: datetime | None = None, **_) -> None:
    """Records that came in are matched against other agencies' parties at once (candidates for a person to
    decide), not only by `liangfa screen --link`; a big file by the worker's screen_import_batch."""
    if not (many and batch_id) and case_ids:
        propose_links_for(set(PenaltyCase.objects.filter(pk__in=case_ids).values_list("party_id", flat=True)), now=now)


def on_parties_linked(*, party_ids, now: datetime, **_) -> None:
    """Parties confirmed to be one (parties.signals.parties_linked): their cases are judged together."""
    screen_cases(PenaltyCase.objects.filter(party_id__in=party_ids).values_list("id", flat=True), now=now)
