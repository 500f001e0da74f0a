"""The steps of a 重大行政决策 as data (data/major_decision_steps.yaml): name, article, words, confidence.
Every refusal cites the article from here, so a checked article number is changed in one place."""

from functools import cache
from pathlib import Path

from liangfa.core import yamldata

DATA = Path(__file__).resolve().parent.parent / "data" / "major_decision_steps.yaml"


@cache
def data() -> dict:
    return yamldata.load(DATA.read_text(encoding="utf-8"))


def step(key: str) -> dict:
    return data()["steps"][key]


def cite(key: str, part: str = "") -> str:
    """《重大行政决策程序暂行条例》第二十五条 (with 待核对 when the article is not confirmed)."""
    entry = step(key)[part] if part else step(key)
    mark = "（条号待核对）" if entry["confidence"] == "L" else ""
    return f"《{data()['law']}》{entry['article']}{mark}"


def min_consultation_days() -> int:
    return int(step("consultation")["min_days"])


def min_review_working_days() -> int:
    return int(step("legality")["review_time"]["min_working_days"])
