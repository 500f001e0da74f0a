"""Crimes the violation catalogue misses, suggested by the case's words (facts.suggest_crimes).

A case whose 违法行为类型 the catalogue maps to no crime is judged for the crime its words point to most
strongly — 无证经营成品油 → 非法经营罪 — and whatever that raises is 需人工判断: the crime was inferred
from words, not listed by a person.
"""

from liangfa.facts import suggest_crimes
from liangfa.screening.engine import Facts

STRONG = 8.0  # one word weighing this much (a named conduct in the 违法行为类型): a name, not a hint
CLEAR = 10.0  # with no amount to judge by, a clue is raised only from a score this high


def add_suggested(facts: list[Facts], texts: dict[int, str], entries: dict) -> None:
    """Give each case with no catalogued crime the crime its words point to, when they point clearly."""
    for case in facts:
        if case.crimes:
            continue
        found = suggest_crimes(texts.get(case.id, case.text), case.violation_type, case.legal_basis, entries, limit=1)
        if not found:
            continue
        best = found[0]
        if not best.has_threshold or max(m.weight for m in best.matches) < STRONG:
            continue
        words = "、".join(f"“{w}”" for w in best.words[:4])
        case.crimes = (best.key,)
        case.suggested = ((best.key, words, best.score),)



def suggest_for(facts: list[Facts], rules_books, texts: dict[int, str] | None = None) -> None:
    """add_suggested for the cases with no catalogued crime, their 违法事实 asked in one query unless given."""
    bare = [f for f in facts if not f.crimes]
    if not bare or not rules_books:
        return
    if texts is None:
        from liangfa.cases.models import PenaltyCase

        texts = {}
        ids = [f.id for f in bare]
        for i in range(0, len(ids), 5000):
            texts.update(PenaltyCase.objects.filter(id__in=ids[i:i + 5000]).values_list("id", "facts"))
    add_suggested(bare, texts, rules_books[-1].entries)


def suggestable_kinds(cat, entries: dict) -> list[int]:
    """The case kinds the catalogue maps to no crime whose 违法行为类型 alone names one strongly: the only
    ones add_suggested can give a crime (a word weighs at most 5, ×2 in the 违法行为类型, ×1.5 in the
    处罚依据: STRONG is reached in the 违法行为类型 alone), so the batch prefilter asks for their cases."""
    from liangfa.cases.models import CaseKind

    found = []
    for kind_id, violation_type, legal_basis in CaseKind.objects.values_list("id", "violation_type", "legal_basis"):
        if cat.crimes_for(violation_type, legal_basis):
            continue
        for s in suggest_crimes("", violation_type, "", entries, limit=len(entries) or 1):
            if s.has_threshold and max(m.weight for m in s.matches) >= STRONG:
                found.append(kind_id)
                break
    return found
