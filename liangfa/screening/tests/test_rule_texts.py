"""What officials read of the packaged rules is Chinese: the research file's English notes are replaced."""

import re

from liangfa.screening.rules import RuleBook, chinese_texts, default_rules_text

ENGLISH = re.compile(r"[A-Za-z]{2,}")


def shown_texts(book: RuleBook):
    """Every rule text that reaches a clue, a page or a document."""
    for entry in book.entries.values():
        yield entry.key, entry.crime_name
        yield entry.key, entry.standard
        yield entry.key, entry.article
        yield from ((entry.key, c) for c in entry.conditions)
        for t in [*entry.thresholds, *(entry.fallback and [entry.fallback] or [])]:
            yield from ((entry.key, t[name]) for name in ("condition", "metric_cn", "crime") if t.get(name))
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
