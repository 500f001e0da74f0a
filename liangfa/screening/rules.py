"""The 立案追诉标准 (thresholds.yaml) and the violation→crime catalogue, as data the engine reads."""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent.parent / "data"

# thresholds.yaml metric → PenaltyCase field
METRIC_FIELDS = {
    "sales_amount": "sales_amount", "goods_value": "goods_value", "illegal_gain": "illegal_gain",
    "illegal_business_amount": "illegal_business_amount", "evaded_tax": "tax_evaded", "evaded_duty": "tax_evaded",
    "area_mu": "area_mu", "timber_volume_m3": "volume_m3",
}
UNITS = {"area_mu": "亩", "timber_volume_m3": "立方米"}
METRIC_CN = {"sales_amount": "销售金额", "goods_value": "货值金额", "illegal_gain": "违法所得数额",
             "illegal_business_amount": "非法经营数额", "evaded_tax": "逃避缴纳税款数额", "evaded_duty": "偷逃应缴税额",
             "area_mu": "面积", "timber_volume_m3": "林木蓄积"}


@dataclass(frozen=True)
class Entry:
    key: str
    crime_name: str
    article: str  # 刑法第140条
    standard: str  # the 立案追诉标准 document and article
    confidence: str
    threshold_type: str
    thresholds: tuple
    conditions: tuple
    repeats: tuple
    fallback: dict | None
    ip_suspicion: bool
    machine_checkable: str
    effective_from: date | None
    raw: dict = field(repr=False, compare=False, hash=False, default_factory=dict)


def _in_force(title: str) -> date | None:
    match = re.search(r"in force (\d{4}-\d{2}-\d{2})", title)
    return date.fromisoformat(match.group(1)) if match else None


class RuleBook:
    """One version of the rules (a parsed thresholds.yaml)."""

    def __init__(self, text: str, version: str = ""):
        data = yaml.safe_load(text)
        if not isinstance(data, dict) or "entries" not in data:
            raise ValueError("规则文件缺少 entries")
        self.version = version
        self.sources = data.get("sources", {})
        self.entries: dict[str, Entry] = {}
        for raw in data["entries"]:
            source = self.sources.get(raw.get("standard_source"), {})
            shown = in_chinese(raw)  # what officials read: the file's English annotations replaced
            title = in_chinese(source.get("title", raw.get("standard_source", "")))
            repeats = shown.get("repeat_offence") or []
            self.entries[raw["key"]] = Entry(
                key=raw["key"], crime_name=shown["crime_name"], article=shown.get("criminal_law_article", ""),
                standard=f"{title} {shown.get('standard_article', '')}".strip(),
                confidence=raw.get("confidence", "L"), threshold_type=raw.get("threshold_type", "amount"),
                thresholds=tuple(t for t in shown.get("thresholds") or [] if isinstance(t, dict)),
                conditions=tuple(shown.get("conditions") or []),
                repeats=tuple(repeats if isinstance(repeats, list) else [repeats]),
                fallback=shown.get("fallback"), ip_suspicion=bool(raw.get("ip_reasonable_suspicion_transfer")),
                machine_checkable=str(raw.get("machine_checkable", "")),
                effective_from=_in_force(source.get("title", "")), raw=raw,
            )

    def get(self, key: str, on: date | None) -> Entry | None:
        """The entry if it was in force on the date of the conduct."""
        entry = self.entries.get(key)
        if entry is None or (entry.effective_from and on and on < entry.effective_from):
            return None
        return entry


@dataclass(frozen=True)
class CatalogueLine:
    keywords: tuple
    crimes: tuple
    exclude: tuple = ()
    basis: tuple = ()


class Catalogue:
    def __init__(self, lines: list[CatalogueLine]):
        self.lines = lines
        self._memo: dict[tuple[str, str], list[str]] = {}
        self.derived: dict = {}  # filters and compiled queries built from these lines, dropped with them

    @classmethod
    def from_yaml(cls, text: str) -> "Catalogue":
        data = yaml.safe_load(text)
        return cls([CatalogueLine(tuple(e.get("keywords", [])), tuple(e["crimes"]), tuple(e.get("exclude", [])),
                                  tuple(e.get("basis", []))) for e in data["entries"]])

    def crimes_for(self, violation_type: str, legal_basis: str = "") -> list[str]:
        key = (violation_type, legal_basis)
        if key not in self._memo:
            if len(self._memo) > 50000:
                self._memo.clear()
            self._memo[key] = self._match(violation_type, legal_basis)
        return list(self._memo[key])

    def _match(self, violation_type: str, legal_basis: str) -> list[str]:
        found: list[str] = []
        for line in self.lines:
            by_type = any(k in violation_type for k in line.keywords) and not any(x in violation_type for x in line.exclude)
            by_basis = any(b in legal_basis for b in line.basis)
            if by_type or by_basis:
                found += [c for c in line.crimes if c not in found]
        return found


@cache
def chinese_texts() -> dict[str, str]:
    """data/rule_texts_zh.yaml: the Chinese shown in place of a rule text that carries English notes."""
    return yaml.safe_load((DATA / "rule_texts_zh.yaml").read_text(encoding="utf-8"))


def in_chinese(value):
    """The value with every text listed in rule_texts_zh.yaml replaced (dicts and lists copied)."""
    if isinstance(value, str):
        return chinese_texts().get(value, value)
    if isinstance(value, dict):
        return {k: in_chinese(v) for k, v in value.items()}
    if isinstance(value, list):
        return [in_chinese(v) for v in value]
    return value


@cache
def default_rules_text() -> str:
    return (DATA / "thresholds.yaml").read_text(encoding="utf-8")


@cache
def default_catalogue_text() -> str:
    return (DATA / "violation_catalogue.yaml").read_text(encoding="utf-8")


def as_decimal(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))
