"""What screening says about one case besides its clues: the crimes it could not fully judge (缺少数据)
and those the rule of time decided (从旧兼从轻), as shown on the case page. Reads only."""

from liangfa.cases.models import PenaltyCase
from liangfa.parties.links import group_members
from liangfa.screening.engine import Gap, assess
from liangfa.screening.facts import FACT_COLUMNS, StoredHistory, build_facts, read_texts, tax_notices
from liangfa.screening.services import Rules, rulebooks, synced_catalogue


def case_gaps(case_id: int) -> list[Gap]:
    """The case's crimes that raised no clue, with the data they lacked or the reason (empty when none)."""
    rows = list(PenaltyCase.objects.filter(id=case_id).values_list(*FACT_COLUMNS, "facts"))
    if not rows:
        return []
    cat = synced_catalogue()
    rules = Rules(rulebooks())
    party_id = rows[0][FACT_COLUMNS.index("party_id")]
    members = group_members(party_id)
    [case] = build_facts([row[:-1] for row in rows], dict.fromkeys(members, min(members)), cat,
                         tax_notices({party_id}))
    if not case.crimes:
        return []
    read_texts([case], [book for _, book in rules.books], texts={case.id: rows[0][-1]})
    _, gaps = assess(case, StoredHistory(members, min(members), cat), rules.for_date(case.act_date))
    return [gap for gap in gaps if gap.text]


SHOWN_SUGGESTIONS = 3


def case_suggestions(case) -> list[dict]:
    """The crimes the case's facts, 违法行为类型 and 处罚依据 point to (facts.suggest_crimes), best first, with
    the words that matched and the article as the law writes it; whether the violation catalogue lists it."""
    from liangfa.core.citation import cite
    from liangfa.facts import suggest_crimes

    rules = Rules(rulebooks())
    entries = rules.books[-1][1].entries
    listed = set(synced_catalogue().crimes_for(case.violation_type or "", case.legal_basis or ""))
    found = suggest_crimes(case.facts, case.violation_type, case.legal_basis, entries, limit=SHOWN_SUGGESTIONS)
    where = {"facts": "违法事实", "violation_type": "违法行为类型", "legal_basis": "处罚依据"}
    return [{"crime_name": s.crime_name, "article": cite(s.article), "score": s.score, "has_threshold": s.has_threshold,
             "listed": s.key in listed,
             "words": list(dict.fromkeys(f"{where[m.field]}“{m.word}”" for m in s.matches if m.weight > 0))}
            for s in found]
