"""Back-testing a candidate rule set with the set-based query (setbased.py) over a snapshot of the cases.

`liangfa screen --rules FILE --dry-run` asks what the candidate would flag, per rule and agency, against the
clues the active rules keep today. The cases are read once, as the engine reads them (facts.build_facts:
the same party groups, kinds → crimes, 追缴通知 and amounts, so the input is the engine's), written to a
snapshot DuckDB reads, and judged in one query whose semantics tests/test_differential.py proves equal to
the engine's. Clauses the query cannot express (setbased.unsupported) are named in the report, not judged
differently; `--engine` runs the Python engine over everything instead (slower, nothing left out).
"""

import csv
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path

from django.utils import timezone

from liangfa.cases.models import PenaltyCase
from liangfa.parties.links import linked_party_ids, party_groups
from liangfa.screening import setbased
from liangfa.screening.choices import ClueStatus
from liangfa.screening.facts import build_facts, fact_rows
from liangfa.screening.models import Clue, TaxNotice
from liangfa.screening.rules import RuleBook

CHUNK = 20000
NULL = "\\N"  # an empty text stays a text ("" is no 追缴通知), a missing date is NULL


@dataclass
class Backtest:
    current: Counter  # (rule key, agency name) → clues the active rules keep (not 已不符合)
    candidate: Counter  # (rule key, agency name) → cases the candidate flags
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (rule key, clause) the query did not judge
    cases: int = 0  # cases in the snapshot


def backtest(book: RuleBook, *, since: date | None = None, today: date | None = None, cat=None) -> Backtest:
    import duckdb

    from liangfa.screening.services import synced_catalogue

    today = today or timezone.localdate()
    cat = cat or synced_catalogue()
    con = duckdb.connect()
    setbased.load_lines(con, book)
    with tempfile.TemporaryDirectory(prefix="liangfa-backtest-") as folder:
        cases = _snapshot(con, Path(folder), cat)
    recent = ""
    if since is not None:  # as screen_all(since=…): the parties with a decision since then
        recent = (f" WHERE o.party IN (SELECT party FROM owners WHERE decided >= DATE '{since.isoformat()}')")
    rows = con.execute(f"SELECT f.crime, o.agency, count(*) FROM ({setbased.sql(today)}) f "
                       f"JOIN owners o ON o.id = f.id{recent} GROUP BY ALL").fetchall()
    candidate = Counter({(crime, agency): n for crime, agency, n in rows})
    return Backtest(current=_active_clues(since), candidate=candidate,
                    left_out=sorted(set(setbased.unsupported(book))), cases=cases)


def _snapshot(con, folder: Path, cat) -> int:
    """The cases as `facts` (one row per case and crime), `amounts` and `owners` (agency, party, decision)."""
    groups = party_groups(linked_party_ids())
    notices = {cid: ("complied" if complied else "unpaid")
               for cid, complied in TaxNotice.objects.values_list("case_id", "complied")}
    paths = {name: folder / f"{name}.csv" for name in ("facts", "amounts", "owners")}
    count = 0
    with paths["facts"].open("w", newline="", encoding="utf-8") as f1, \
            paths["amounts"].open("w", newline="", encoding="utf-8") as f2, \
            paths["owners"].open("w", newline="", encoding="utf-8") as f3:
        facts_out, amounts_out, owners_out = csv.writer(f1), csv.writer(f2), csv.writer(f3)
        rows = fact_rows(PenaltyCase.objects.order_by().all(), chunk=CHUNK)
        while chunk := list(islice(rows, CHUNK)):
            for c in build_facts(chunk, groups, cat, notices):
                count += 1
                owners_out.writerow((c.id, c.agency_name, c.party_id, _cell(c.decision_date)))
                for crime in c.crimes:
                    facts_out.writerow((c.id, c.group, c.party_kind or "", c.status, _cell(c.act_date),
                                        _cell(c.decision_date), _cell(c.effective_date), crime, c.tax_notice or "",
                                        c.land_class or ""))
                for name, value in c.metrics.items():
                    amounts_out.writerow((c.id, name, value))
    read = f"header=false, nullstr='{NULL}', quote='\"', escape='\"', auto_detect=false"
    con.execute(f"""CREATE TABLE facts AS SELECT * FROM read_csv('{paths["facts"]}', {read}, columns={{
        'id': 'INT', 'grp': 'INT', 'party_kind': 'VARCHAR', 'status': 'VARCHAR', 'act': 'DATE', 'decided': 'DATE',
        'effective': 'DATE', 'crime': 'VARCHAR', 'tax_notice': 'VARCHAR', 'land_class': 'VARCHAR'}})""")
    con.execute(f"""CREATE TABLE amounts AS SELECT * FROM read_csv('{paths["amounts"]}', {read}, columns={{
        'id': 'INT', 'field': 'VARCHAR', 'v': 'DECIMAL(38,6)'}})""")
    con.execute(f"""CREATE TABLE owners AS SELECT * FROM read_csv('{paths["owners"]}', {read}, columns={{
        'id': 'INT', 'agency': 'VARCHAR', 'party': 'INT', 'decided': 'DATE'}})""")
    return count


def _cell(value):
    return NULL if value is None else value


def _active_clues(since: date | None) -> Counter:
    clues = Clue.objects.exclude(status=ClueStatus.OBSOLETE)
    if since is not None:
        clues = clues.filter(party_id__in=PenaltyCase.objects.filter(decision_date__gte=since).values("party_id"))
    return Counter(clues.values_list("rule_key", "case__agency__name").iterator(chunk_size=10000))
