"""The 立案追诉标准 (thresholds.yaml) and the violation→crime catalogue, as data the engine reads.

This module is the only reader of thresholds.yaml. Each crime (an entry) keeps its chain of versions:
the entry itself is the newest, `earlier_versions` the ones before it, each with the date its source
came into force, so that a case is judged by the interpretation in force at the time of its conduct and
compared with the newest (两高《关于适用刑事司法解释时间效力问题的规定》第二、三条; versions.py).
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from itertools import pairwise
from pathlib import Path

from liangfa.core import yamldata
from liangfa.core.citation import cite

DATA = Path(__file__).resolve().parent.parent / "data"

# thresholds.yaml metric → PenaltyCase field (a metric with no field is one the platform does not record)
METRIC_FIELDS = {
    "sales_amount": "sales_amount", "goods_value": "goods_value", "illegal_gain": "illegal_gain",
    "illegal_business_amount": "illegal_business_amount", "evaded_tax": "tax_evaded", "evaded_duty": "tax_evaded",
    "area_mu": "area_mu", "timber_volume_m3": "volume_m3", "invoice_face_amount": "invoice_face_amount",
    "invoice_count": "invoice_count", "invoice_tax_amount": "invoice_tax_amount",
    "refund_fraud_amount": "refund_fraud_amount", "deposit_amount": "deposit_amount",
    "depositor_count": "depositor_count", "direct_loss": "direct_loss", "property_loss": "direct_loss",
    "production_loss": "direct_loss", "fraud_amount": "fraud_amount", "cigarettes_count": "cigarettes_count",
    "sapling_count": "sapling_count", "tree_value": "tree_value", "mineral_value": "mineral_value",
    "hazardous_waste_t": "hazardous_waste_t",
}
UNITS = {"area_mu": "亩", "timber_volume_m3": "立方米", "invoice_count": "份", "depositor_count": "人",
         "cigarettes_count": "支", "sapling_count": "株", "hazardous_waste_t": "吨"}
METRIC_CN = {"sales_amount": "销售金额", "goods_value": "货值金额", "illegal_gain": "违法所得数额",
             "illegal_business_amount": "非法经营数额", "evaded_tax": "逃避缴纳税款数额", "evaded_duty": "偷逃应缴税额",
             "area_mu": "面积", "timber_volume_m3": "林木蓄积", "invoice_face_amount": "虚开发票票面金额",
             "invoice_count": "虚开发票份数", "invoice_tax_amount": "虚开的税款数额",
             "refund_fraud_amount": "骗取国家出口退税款数额", "deposit_amount": "吸收公众存款数额",
             "depositor_count": "存款对象人数", "direct_loss": "直接经济损失", "property_loss": "公私财产损失",
             "production_loss": "使生产遭受的损失", "fraud_amount": "合同诈骗数额", "cigarettes_count": "卷烟数量",
             "sapling_count": "幼树株数", "tree_value": "林木价值", "mineral_value": "矿产品价值",
             "hazardous_waste_t": "危险废物数量"}


def parts_of(threshold: dict) -> list[dict]:
    """The metrics a threshold reads: its own, or the parts of a weighted sum (`sum_of`)."""
    return list(threshold.get("sum_of") or [{"metric": threshold["metric"]}])


@dataclass(frozen=True)
class Condition:
    """A condition only a person can judge; `named_by`: words that, found in the 违法行为类型, 处罚依据 or
    违法事实, show that the case may meet it."""

    text: str
    item: str = ""  # where the law states it, e.g. 第一条第（五）项
    named_by: tuple = ()


@dataclass(frozen=True)
class Entry:
    """One version of one crime's rule."""

    key: str
    crime_name: str
    article: str  # 《刑法》第一百四十条
    standard: str  # the 立案追诉标准 document and article
    confidence: str
    threshold_type: str
    thresholds: tuple
    conditions: tuple
    repeats: tuple
    fallback: dict | None
    ip_suspicion: bool
    machine_checkable: str
    effective_from: date | None  # in force from (None: no date known, any conduct)
    raw: dict = field(repr=False, compare=False, hash=False, default_factory=dict)
    label: str = ""  # short name in reasons: 2016年环境污染解释第一条
    named: tuple = ()  # Conditions that words in the case can name
    checks: tuple = ()  # what a person must check whenever this version is applied
    gate: dict | None = None  # e.g. 逃税: a 追缴通知 must be recorded first
    new_offence: bool = False  # the oldest version created the crime: earlier conduct is no crime
    superseded: dict | None = None  # {since, by}: replaced on that date by a text not encoded here
    ip_ratio: Decimal | None = None  # share of the threshold for an IP 合理嫌疑 transfer
    ip_citation: str = ""
    source_key: str = ""


def _label(short: str, article: str) -> str:
    """'2016年环境污染解释第一条'; an article of a statute: '《刑法》第一百四十二条之一（刑法修正案（十一））'."""
    return f"{article}（{short}）" if "》" in article else f"{short}{article}"


def _in_force(title: str) -> date | None:
    match = re.search(r"in force (\d{4}-\d{2}-\d{2})", title)
    return date.fromisoformat(match.group(1)) if match else None


def _date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _conditions(items) -> tuple[tuple, tuple]:
    texts, named = [], []
    for item in items or []:
        if isinstance(item, dict):
            condition = Condition(item["text"], item.get("item", ""), tuple(item.get("named_by") or ()))
            texts.append(f"{condition.text}（{condition.item}）" if condition.item else condition.text)
            if condition.named_by:
                named.append(condition)
        else:
            texts.append(item)
    return tuple(texts), tuple(named)


# fields a version inherits from the entry when it does not state them
INHERITED = ("thresholds", "conditions", "repeat_offence", "fallback", "threshold_type", "criminal_law_article",
             "crime_name", "ip_reasonable_suspicion_transfer", "gate", "machine_checkable")


class RuleBook:
    """One version of the rules file (a parsed thresholds.yaml), with each crime's chain of versions."""

    def __init__(self, text: str, version: str = ""):
        data = yamldata.load(text)
        if not isinstance(data, dict) or "entries" not in data:
            raise ValueError("规则文件缺少 entries")
        self.version = version
        self.revised = _date(data.get("revised"))
        if "screening" not in data:
            data = _with_procedure_data(data)
        self.sources = data.get("sources", {})
        self.settings = data.get("screening") or {}
        self.entries: dict[str, Entry] = {}  # the newest version of each crime
        self.chains: dict[str, list[Entry]] = {}  # every version, oldest first
        self.derived: dict = {}  # figures worked out from the rules once (engine.gap_metrics)
        for raw in data["entries"]:
            chain = [self._entry(raw, {**{k: raw[k] for k in INHERITED if k in raw}, **earlier})
                     for earlier in raw.get("earlier_versions") or []]
            chain.append(self._entry(raw, raw))
            if len(chain) > 1 and any(a.effective_from is None or b.effective_from is None
                                      or a.effective_from >= b.effective_from for a, b in pairwise(chain)):
                raise ValueError(f"规则 {raw['key']} 的各版本须注明施行日期，并按施行日期先后排列")
            self.chains[raw["key"]] = chain
            self.entries[raw["key"]] = chain[-1]

    def _entry(self, raw: dict, version: dict) -> Entry:
        source_key = version.get("standard_source", "")
        source = self.sources.get(source_key, {})
        shown = in_chinese(version)  # what officials read: the file's English annotations replaced
        title = in_chinese(source.get("title", source_key))
        repeats = shown.get("repeat_offence") or []
        texts, named = _conditions(shown.get("conditions"))
        article = cite(shown.get("standard_article", ""))
        ip = self.settings.get("ip_suspicion") or {}
        superseded = version.get("superseded")
        return Entry(
            key=raw["key"], crime_name=shown.get("crime_name") or in_chinese(raw["crime_name"]),
            article=cite(shown.get("criminal_law_article", "")),
            standard=f"{title} {article}".strip(), confidence=version.get("confidence", "L"),
            threshold_type=version.get("threshold_type", "amount"),
            thresholds=tuple(t for t in shown.get("thresholds") or [] if isinstance(t, dict)),
            conditions=texts, named=named, repeats=tuple(repeats if isinstance(repeats, list) else [repeats]),
            fallback=shown.get("fallback"), ip_suspicion=bool(version.get("ip_reasonable_suspicion_transfer")),
            machine_checkable=str(version.get("machine_checkable", "")),
            effective_from=_date(version.get("in_force") or source.get("in_force")) or _in_force(source.get("title", "")),
            raw=raw, label=_label(source.get("short") or title, article), checks=tuple(shown.get("checks") or ()),
            gate=shown.get("gate"), new_offence=bool(version.get("new_offence")),
            superseded={**superseded, "since": _date(superseded["since"])} if superseded else None,
            ip_ratio=Decimal(str(ip["ratio"])) if ip.get("ratio") is not None else None,
            ip_citation=ip.get("citation", ""), source_key=source_key,
        )

    def chain(self, key: str) -> list[Entry]:
        return self.chains.get(key, [])

    def versions(self):
        """Every version of every crime: (key, entry)."""
        for key, chain in self.chains.items():
            for entry in chain:
                yield key, entry

    def get(self, key: str, on: date | None) -> Entry | None:
        """The version in force on the date of the conduct (None: before every encoded version)."""
        return version_on(self.chain(key), on)


def _with_procedure_data(data: dict) -> dict:
    """A rules file written before the engine took its procedure from the data (no `screening` section):
    the packaged file's settings, 逃税 gate and fallback citations are used for the same keys, so that
    an older active rule set keeps the gate and the 第一百四十九条 fallback until a new one is activated."""
    packaged = yamldata.load(default_rules_text())
    by_key = {e["key"]: e for e in packaged["entries"]}
    entries = []
    for raw in data["entries"]:
        raw, known = dict(raw), by_key.get(raw.get("key"), {})
        if "gate" not in raw and known.get("gate"):
            raw["gate"] = known["gate"]
        if raw.get("fallback") and "article" not in raw["fallback"] and (known.get("fallback") or {}).get("article"):
            raw["fallback"] = {**raw["fallback"], "article": known["fallback"]["article"],
                               "basis": known["fallback"]["basis"]}
        entries.append(raw)
    return {**data, "screening": packaged.get("screening") or {}, "entries": entries}


def version_on(chain: list[Entry], day: date | None) -> Entry | None:
    if not chain:
        return None
    if day is None:
        return chain[-1]
    found = None
    for entry in chain:
        if entry.effective_from is None or entry.effective_from <= day:
            found = entry
    return found


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
        data = yamldata.load(text)
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
    return yamldata.load((DATA / "rule_texts_zh.yaml").read_text(encoding="utf-8"))


def in_chinese(value):
    """The value with every text listed in rule_texts_zh.yaml replaced (dicts and lists copied)."""
    if isinstance(value, str):
        return cite(chinese_texts().get(value, value))
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
