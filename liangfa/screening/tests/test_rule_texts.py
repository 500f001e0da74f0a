"""What officials read of the packaged rules is Chinese: the research file's English notes are replaced."""

import re

from liangfa.screening.rules import RuleBook, chinese_texts, default_rules_text

ENGLISH = re.compile(r"[A-Za-z]{2,}")


def shown_texts(book: RuleBook):
    """Every rule text that reaches a clue, a page or a document, of every version of every crime."""
    for _, entry in book.versions():
        yield entry.key, entry.crime_name
        yield entry.key, entry.standard
        yield entry.key, entry.article
        yield entry.key, entry.label
        yield from ((entry.key, c) for c in [*entry.conditions, *entry.checks])
        yield from ((entry.key, text) for text in (entry.superseded or {}).values() if isinstance(text, str))
        yield from ((entry.key, text) for name, text in (entry.gate or {}).items() if name != "requires" and isinstance(text, str))
        for t in [*entry.thresholds, *(entry.fallback and [entry.fallback] or [])]:
            yield from ((entry.key, t[name]) for name in ("condition", "metric_cn", "crime") if t.get(name))
            yield from ((entry.key, t["with"]["metric_cn"]) for _ in [1] if t.get("with"))
            yield from ((entry.key, c) for c in t.get("all_of") or [])
        for spec in entry.repeats:
            for name in ("clause", "prior_alternative", "same_kind"):
                if spec and spec.get(name):
                    yield entry.key, spec[name]
            for t in (spec or {}).get("reduced_amounts") or []:
                yield from ((entry.key, c) for c in t.get("all_of") or [])


def test_no_english_reaches_officials():
    leaks = [(key, text) for key, text in shown_texts(RuleBook(default_rules_text())) if ENGLISH.search(text)]
    assert leaks == []


def test_the_file_itself_is_left_as_researched():
    text = default_rules_text()
    assert "in force 2022-05-15" in text and "— no amount needed" in text
    book = RuleBook(text)
    assert book.entries["feifa_jingying_yancao"].standard.startswith(
        "《最高人民检察院、公安部关于公安机关管辖的刑事案件立案追诉标准的规定（二）》（2022年4月6日发布，2022年5月15日施行）")
    # the effective date is still read from the original title
    assert str(book.entries["feifa_jingying_yancao"].effective_from) == "2022-05-15"
    assert all(ENGLISH.search(original) or "两高" in original or "(" in original for original in chinese_texts())


def test_articles_are_cited_as_the_law_writes_them():
    """《刑法》第一百四十条, not 刑法第140条: numbers in every article a clue shows are Chinese."""
    arabic = [(key, text) for key, text in shown_texts(RuleBook(default_rules_text()))
              if re.search(r"第\d+[条款]|(?<!《)刑法第", text)]
    assert arabic == []
