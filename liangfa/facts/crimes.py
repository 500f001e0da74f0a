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
        patterns = tuple(
            _Pattern(str(pattern), tuple(re.compile(p.strip()) for p in str(pattern).split(" & ")), float(weight))
            for pattern, weight in (raw.get("words") or {}).items())
        crimes.append(CrimeWords(raw["key"], raw["crime_name"], raw["article"], tuple(raw.get("charge_names") or ()),
                                 raw.get("threshold", True), patterns))
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
    found = []
    for crime in keywords if keywords is not None else default_keywords():
        score, matches = _score(crime, texts)
        if score < MIN_SCORE:
            continue
        entry = known.get(crime.key)
        has_threshold = entry is not None and crime.threshold
        name = _get(entry, "crime_name") if has_threshold else crime.crime_name
        article = (_get(entry, "article") if has_threshold else "") or crime.article
        found.append(Suggestion(crime.key, name, article, round(score, 2), matches, has_threshold))
    found.sort(key=lambda s: (-s.score, not s.has_threshold, s.key))
    return found[:limit]


def _score(crime: CrimeWords, texts: dict[str, str]) -> tuple[float, tuple[Match, ...]]:
    score, matches = 0.0, []
    for pattern in crime.patterns:
        best = None
        for field, text in texts.items():
            if not text:
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
