"""suggest_crimes(): the crimes a case's facts, 违法行为类型 and 处罚依据 may point to, best first.

The words live in liangfa/data/crime_keywords.yaml, keyed like thresholds.yaml. The threshold entries
come in as an argument (screening imports facts, never the other way round); a crime of the keyword file
without an entry there is suggested too, marked has_threshold=False.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from re import _constants as sre_constants
from re import _parser as sre_parse

import yaml

DATA = Path(__file__).resolve().parent.parent / "data"
FIELD_WEIGHT = {"violation_type": 2.0, "legal_basis": 1.5, "facts": 1.0}
MIN_SCORE = 3.0  # below this, a crime is one stray word away from noise


@dataclass(frozen=True)
class Match:
    word: str  # what the text says
    field: str  # facts / violation_type / legal_basis
    start: int
    end: int
    weight: float


@dataclass(frozen=True)
class Suggestion:
    key: str  # thresholds.yaml key
    crime_name: str
    article: str  # 刑法第N条
    score: float
    matches: tuple[Match, ...]
    has_threshold: bool  # False: no 立案追诉标准 entry in the rule data (judge by hand)

    @property
    def words(self) -> list[str]:
        return list(dict.fromkeys(m.word for m in self.matches if m.weight > 0))


@dataclass(frozen=True)
class _Pattern:
    text: str
    parts: tuple[re.Pattern, ...]
    weight: float
    # per part: literal strings one of which every match starts with (None: no such set), so a part whose
    # strings are all absent from a text is not searched at all (most of the 300 parts, for most texts)
    anchors: tuple = ()


def anchors(pattern: re.Pattern) -> frozenset[str] | None:
    """The literal prefixes a match of `pattern` must start with: 假冒.{0,12}(卷烟|香烟)|假烟 → {假冒, 假烟}."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        parsed = sre_parse.parse(pattern.pattern)
    except re.error:
        return None
    found = _prefixes(list(parsed))
    return frozenset(found) if found and all(found) else None


def _prefixes(items: list) -> set[str] | None:
    literal = ""
    for op, av in items:
        if op is sre_constants.LITERAL:
            literal += chr(av)
            continue
        if literal:
            return {literal}
        if op is sre_constants.BRANCH:
            out: set[str] = set()
            for branch in av[1]:
                sub = _prefixes(list(branch))
                if not sub:
                    return None
                out |= sub
            return out
        if op is sre_constants.SUBPATTERN:
            return _prefixes(list(av[-1]))
        if op is sre_constants.IN and av and all(o is sre_constants.LITERAL for o, _ in av):
            return {chr(c) for _, c in av}
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and av[0] >= 1:
            return _prefixes(list(av[2]))
        return None
    return {literal} if literal else None


@dataclass(frozen=True)
class CrimeWords:
    key: str
    crime_name: str
    article: str
    charge_names: tuple[str, ...]
    threshold: bool
    patterns: tuple[_Pattern, ...]


def load_keywords(text: str) -> list[CrimeWords]:
    data = yaml.safe_load(text)
    crimes = []
    for raw in data["crimes"]:
        patterns = []
        for pattern, weight in (raw.get("words") or {}).items():
            parts = tuple(re.compile(p.strip()) for p in str(pattern).split(" & "))
            patterns.append(_Pattern(str(pattern), parts, float(weight), tuple(anchors(p) for p in parts)))
        crimes.append(CrimeWords(raw["key"], raw["crime_name"], raw["article"], tuple(raw.get("charge_names") or ()),
                                 raw.get("threshold", True), tuple(patterns)))
    return crimes


@cache
def default_keywords() -> tuple[CrimeWords, ...]:
    return tuple(load_keywords((DATA / "crime_keywords.yaml").read_text(encoding="utf-8")))


def suggest_crimes(facts: str, violation_type: str, legal_basis: str, entries: Iterable,
                   *, keywords: Iterable[CrimeWords] | None = None, limit: int = 5) -> list[Suggestion]:
    """Crimes ranked by the weight of the words that point to them.

    `entries` are the crime entries of the rule data in force (screening's RuleBook entries: objects or
    dicts with key, crime_name, article); their names and articles are the ones shown."""
    known = {_get(e, "key"): e for e in (entries.values() if isinstance(entries, dict) else entries)}
    texts = {"facts": facts or "", "violation_type": violation_type or "", "legal_basis": legal_basis or ""}
    index = _default_index() if keywords is None else _Index(tuple(keywords))
    possible = {field: index.possible(text) for field, text in texts.items() if text}
    by_crime: dict[int, list[int]] = {}
    for pid in sorted(set().union(*possible.values())):
        by_crime.setdefault(index.crime_of[pid], []).append(pid)
    found = []
    for ci, pids in by_crime.items():  # a crime none of whose patterns can match scores 0: not suggested
        crime = index.crimes[ci]
        score, matches = _score([index.patterns[pid] for pid in pids], pids, texts, possible)
        if score < MIN_SCORE:
            continue
        entry = known.get(crime.key)
        has_threshold = entry is not None and crime.threshold
        name = _get(entry, "crime_name") if has_threshold else crime.crime_name
        article = (_get(entry, "article") if has_threshold else "") or crime.article
        found.append(Suggestion(crime.key, name, article, round(score, 2), matches, has_threshold))
    found.sort(key=lambda s: (-s.score, not s.has_threshold, s.key))
    return found[:limit]


class _Index:
    """Which patterns can match a text at all, from the literal words their parts start with: the words
    present are found with `in` (only those whose first character is in the text), and only the patterns
    all of whose parts have a word present are searched with their regular expressions."""

    def __init__(self, crimes: tuple[CrimeWords, ...]):
        self.crimes = crimes
        self.patterns: list[_Pattern] = []
        self.crime_of: list[int] = []
        self.parts_of: list[int] = []  # pattern id → how many parts need a word present
        self.open: set[int] = set()  # patterns with a part that has no anchor: always searched
        by_word: dict[str, list[tuple[int, int]]] = {}
        for ci, crime in enumerate(crimes):
            for pattern in crime.patterns:
                pid = len(self.patterns)
                self.patterns.append(pattern)
                self.crime_of.append(ci)
                anchored = [a for a in pattern.anchors if a is not None]
                self.parts_of.append(len(anchored))
                if len(anchored) < len(pattern.parts):
                    self.open.add(pid)
                for k, a in enumerate(pattern.anchors):
                    if a is not None:
                        for word in a:
                            by_word.setdefault(word, []).append((pid, k))
        self.by_word = by_word
        self.by_first: dict[str, tuple[str, ...]] = {}
        for word in by_word:
            self.by_first.setdefault(word[0], ())
            self.by_first[word[0]] += (word,)

    def possible(self, text: str) -> set[int]:
        satisfied: dict[int, set[int]] = {}
        for ch in set(text).intersection(self.by_first):
            for word in self.by_first[ch]:
                if word in text:
                    for pid, k in self.by_word[word]:
                        satisfied.setdefault(pid, set()).add(k)
        out = {pid for pid, parts in satisfied.items() if len(parts) == self.parts_of[pid]}
        out |= {pid for pid in self.open if self.parts_of[pid] == 0 or pid in out}
        return out


@cache
def _default_index() -> _Index:
    return _Index(default_keywords())


def _score(patterns: list[_Pattern], pids: list[int], texts: dict[str, str],
           possible: dict[str, set[int]]) -> tuple[float, tuple[Match, ...]]:
    score, matches = 0.0, []
    for pattern, pid in zip(patterns, pids, strict=True):
        best = None
        for field, text in texts.items():
            if not text or pid not in possible[field]:
                continue
            spans = [part.search(text) for part in pattern.parts]
            if all(spans) and (best is None or FIELD_WEIGHT[field] > best[0]):
                best = (FIELD_WEIGHT[field], field, spans)
        if best is None:
            continue
        weight = pattern.weight * best[0]
        score += weight
        matches += [Match(span.group(), best[1], span.start(), span.end(), weight) for span in best[2]]
    return score, tuple(matches)


def _get(entry, name: str) -> str:
    if entry is None:
        return ""
    return entry.get(name, "") if isinstance(entry, dict) else getattr(entry, name, "")
