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
