"""The 管辖 table: which department of the police handles a crime, from data/routing.yaml (reference data).

A crime takes the department of the narrowest 刑法 chapter/section holding its article, unless its own line
names another (a per-crime override). The table is seeded into transfers.RoutingRule, which a 管理员 edits;
a crime the table does not list is routed by its article alone (section_of). The police's 受理 assigns the
transfer by it (services.sign_receipt); their 负责人 may reassign with a reason (services.reassign_department)."""

import re
from functools import cache
from pathlib import Path

import yaml

from liangfa.core.citation import chinese_number

DATA = Path(__file__).resolve().parent.parent / "data" / "routing.yaml"
BASIS_NOTE = "公安机关内部分工，各地不一（本地实务，可由管理员修改）"


@cache
def _data() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def section_of(article: int | None) -> dict | None:
    """The narrowest chapter/section of the 刑法 whose articles hold this one (with its department)."""
    if article is None:
        return None
    holding = [s for s in _data()["sections"] if s["articles"][0] <= article <= s["articles"][1]]
    return min(holding, key=lambda s: s["articles"][1] - s["articles"][0], default=None)


def article_number(text: str) -> int | None:
    """刑法第140条 / 第一百四十条之一 → 140 (the clue's article as screening writes it: arabic numerals)."""
    found = re.search(r"第\s*(\d+)\s*条", text or "")
    return int(found.group(1)) if found else None


def article_text(article: int) -> str:
    """140 → 《刑法》第一百四十条: a routing reason cites the article as the law writes it (not 刑法第140条)."""
    return f"《刑法》第{chinese_number(article)}条"


ARABIC_ARTICLE = re.compile(r"《?刑法》?第(\d+)条")


def in_chinese(text: str) -> str:
    """A stored routing reason with 刑法第140条 in it, rewritten as 《刑法》第一百四十条 (the rest kept as written)."""
    return ARABIC_ARTICLE.sub(lambda m: article_text(int(m[1])), text or "")


def default_rules() -> list[dict]:
    rules = []
    for crime in _data()["crimes"]:
        section = section_of(crime["article"])
        kind = crime.get("department") or (section or {}).get("department")
        if kind:
            cited = article_text(crime["article"])
            basis = (f"{cited}；本表另行指定，不按所在章节" if crime.get("department") and section
                     and crime["department"] != section["department"] else
                     f"{cited}，{section['name']}" if section else cited)
            rules.append({"crime_key": crime["key"], "crime_name": crime["crime_name"], "department_kind": kind,
                          "article": crime["article"], "basis": basis[:120], "note": (crime.get("note") or "")[:200]})
    return rules
