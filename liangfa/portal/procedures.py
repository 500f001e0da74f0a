"""执法程序 as published: the procedures of data/public_procedures.yaml, each step's name, period, start and
citation read from the deadline rules that run the clocks (one source of truth, never retyped)."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from liangfa.clock.rules import get_rule
from liangfa.core import yamldata

DATA = Path(__file__).resolve().parent.parent / "data" / "public_procedures.yaml"
CONFIDENCE = {"H": "条文已核对", "M": "据二手来源或需解释", "L": "本地实务默认值，可配置"}


@dataclass(frozen=True)
class ProcedureStep:
    name: str
    period: str  # 三日, 二十个工作日; '' for a step without a period
    starts: str
    citation: str
    words: str
    confidence: str = ""
    rule_id: str = ""


@dataclass(frozen=True)
class Procedure:
    key: str
    title: str
    summary: str
    basis: str
    steps: tuple[ProcedureStep, ...]


def _step(raw: dict) -> ProcedureStep:
    if "rule" in raw:
        rule = get_rule(raw["rule"])
        note = CONFIDENCE.get(rule.confidence, "")
        return ProcedureStep(rule.name, rule.period_text, rule.starts_label, rule.citation, rule.law_says or rule.words,
                             note, rule.id)
    if not raw.get("basis"):
        raise ImproperlyConfigured(f"执法程序步骤“{raw.get('text')}”须写明依据 basis")
    return ProcedureStep(raw["text"], "", "", raw["basis"], "")


@cache
def procedures() -> tuple[Procedure, ...]:
    data = yamldata.load(DATA.read_text(encoding="utf-8"))
    return tuple(Procedure(p["key"], p["title"], p["summary"], p["basis"], tuple(_step(s) for s in p["steps"]))
                 for p in data["procedures"])
