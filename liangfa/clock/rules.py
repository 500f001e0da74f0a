"""Deadline rules as data (data/deadline_rules.yaml), with their citations and the law's words."""

import os
from dataclasses import dataclass, field
from datetime import datetime, time
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from django.core.exceptions import ImproperlyConfigured

from liangfa.core.labels import confidence_label

DATA = Path(__file__).resolve().parent.parent / "data" / "deadline_rules.yaml"
TZ = ZoneInfo("Asia/Shanghai")
STARTS = {"event": "自事件发生时起算", "receipt": "自收到（接到）文书或案件时起算"}
HOLDERS = {"agency": "行政执法机关", "police": "公安机关", "procuratorate": "人民检察院", "party": "当事人"}
UNITS = {"hours": "小时", "calendar_days": "日", "working_days": "个工作日", "months": "个月"}
DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1–99 as written in legal texts: 三, 十, 十五, 二十四, 三十."""
    if not 0 < n < 100:
        raise ValueError(f"期限数 {n} 超出 1–99")
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else DIGITS[tens]) + "十" if tens else "") + (DIGITS[ones] if ones else "")


def period_words(amount: int, method: str) -> str:
    """七日, 二十四小时, 三个工作日, 一个月: a period in words, as documents and messages write it."""
    return chinese_number(amount) + UNITS[method]


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    amount: int  # in force: the data's amount, or the configured one for a rule without a statutory period
    method: str
    holder: str
    law: str
    article: str
    confidence: str
    starts: str  # event / receipt
    words: str  # the article's words that set the period and what starts it
    note: str = ""
    extensions: dict = field(default_factory=dict)
    configurable: bool = False  # no statutory period: local practice, set by CLOCK_PERIOD_<ID>
    law_says: str = ""  # for a configurable rule: what the law does say (及时)
    words_source: str = ""  # where `words` were read when the text is not in shared/data/laws
    written: str = ""  # the period as this law writes it, when it differs from period_words (两个月)
    data_amount: int = 0

    @property
    def citation(self) -> str:
        return f"《{self.law}》{self.article}"

    @property
    def period(self) -> str:
        return self.period_for(self.amount)

    def period_for(self, amount: int) -> str:
        return f"{amount}{UNITS[self.method]}"

    @property
    def period_text(self) -> str:
        """The period in words as the law writes it (七日, 二十四小时, 一个月), for documents and messages."""
        return self.period_text_for(self.amount)

    def period_text_for(self, amount: int) -> str:
        if self.written and amount == self.data_amount:
            return self.written
        return period_words(amount, self.method)

    @property
    def runs_from_receipt(self) -> bool:
        return self.starts == "receipt"

    @property
    def starts_label(self) -> str:
        return STARTS[self.starts]

    @property
    def holder_label(self) -> str:
        return HOLDERS.get(self.holder, "未标明")

    @property
    def confidence_label(self) -> str:
        return confidence_label(self.confidence)

    @property
    def config_variable(self) -> str:
        return f"CLOCK_PERIOD_{self.id}" if self.configurable else ""


def _configured_amount(rule_id: str, value: dict) -> int:
    """A rule without a statutory period takes CLOCK_PERIOD_<ID> from the environment (a whole number in
    the rule's unit); a statutory period cannot be changed that way."""
    raw = os.environ.get(f"CLOCK_PERIOD_{rule_id}", "").strip()
    if not raw:
        return value["amount"]
    if not value.get("configurable"):
        raise ImproperlyConfigured(f"CLOCK_PERIOD_{rule_id}：“{value['name']}”的期限由法律规定，不能配置")
    if not raw.isdigit() or not 0 < int(raw) < 100:
        raise ImproperlyConfigured(f"CLOCK_PERIOD_{rule_id}=“{raw}”应为 1–99 的整数（单位：{UNITS[value['method']]}）")
    return int(raw)


def _check(rule_id: str, value: dict) -> None:
    if value.get("starts") not in STARTS or not value.get("words"):
        raise ImproperlyConfigured(f"期限规则 {rule_id} 须写明 starts（event 或 receipt）和条文原话 words")
    for key, ext in (value.get("extensions") or {}).items():
        if not (ext.get("law") and ext.get("article") and ext.get("words")):
            raise ImproperlyConfigured(f"期限规则 {rule_id} 的延长 {key} 须写明法律依据、条款和原话：无依据不得延长")


@cache
def all_rules() -> dict[str, Rule]:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    rules = {}
    for key, value in data["rules"].items():
        _check(key, value)
        value = {**value, "extensions": value.get("extensions") or {}}
        rules[key] = Rule(id=key, **{**value, "amount": _configured_amount(key, value)}, data_amount=value["amount"])
    return rules


def get_rule(rule_id: str) -> Rule:
    try:
        return all_rules()[rule_id]
    except KeyError:
        raise KeyError(f"未知的期限规则 {rule_id}；可用：{'、'.join(all_rules())}") from None


def period(rule_id: str) -> str:
    """A rule's period in words (七日, 三个月) for documents and messages: never typed by hand."""
    return get_rule(rule_id).period_text


def end_of_day(day) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=TZ)

