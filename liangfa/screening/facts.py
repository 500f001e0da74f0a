"""Cases as the engine's Facts, and a party's history asked from the database.

The batch loads each party group's cases once (engine.History). Screening one changed case cannot
afford that for a party with thousands of penalties, so StoredHistory answers the engine's two
questions — how many earlier penalties of a kind took effect in a window, and what the unhandled acts
of a kind add up to — from the database, loading no more of the history than the answers need.
"""

from datetime import date
from decimal import Decimal

from django.db import connections
from django.db.models import Q

from liangfa.cases.models import PenaltyCase
from liangfa.core.prepared import Prepared
from liangfa.screening import prefilter
from liangfa.screening.engine import (
    LISTED,
    PRIORS_COUNTED,
    UNHANDLED_STATUSES,
    ZERO,
    Facts,
    History,
    crimes_of,
)
from liangfa.screening.kinds import crime_kinds
from liangfa.screening.models import TaxNotice
from liangfa.screening.rules import METRIC_FIELDS, Catalogue

METRIC_COLUMNS = sorted(set(METRIC_FIELDS.values()))
FACT_COLUMNS = ["id", "agency_id", "agency__name", "party_id", "party__kind", "decision_no", "violation_type",
                "legal_basis", "decision_date", "conduct_date", "effective_date", "status", "land_class",
                *METRIC_COLUMNS, "text_values"]


def build_facts(rows, groups: dict[int, int], cat: Catalogue, notices: dict[int, str]) -> list[Facts]:
    out = []
    append = out.append
    # a few hundred kinds, agencies and statuses among a million rows: each text kept once (the driver
    # hands every row its own copy; a big party's history is most of a batch's memory)
    kinds: dict[tuple[str, str], tuple[str, str, tuple]] = {}
    once = {}.setdefault
    group_of, notice_of, kind_of = groups.get, notices.get, kinds.get
    for row in rows:
        (case_id, agency_id, agency_name, party_id, party_kind, decision_no, violation_type, legal_basis,
         decision_date, conduct_date, effective_date, status, land_class) = row[:13]
        kind = kind_of((violation_type, legal_basis))
        if kind is None:
            kind = kinds[(violation_type, legal_basis)] = (
                violation_type, legal_basis, crimes_of(cat, violation_type, legal_basis))
        violation_type, legal_basis, crimes = kind
        append(Facts(
            id=case_id, agency_id=agency_id, agency_name=once(agency_name, agency_name),
            group=group_of(party_id, party_id), party_kind=once(party_kind, party_kind), decision_no=decision_no,
            violation_type=violation_type, legal_basis=legal_basis, decision_date=decision_date,
            conduct_date=conduct_date, effective_date=effective_date, status=once(status, status),
            metrics={name: v for name, v in zip(METRIC_COLUMNS, row[METRICS_FROM:METRICS_TO], strict=True) if v is not None},
            tax_notice=notice_of(case_id, ""), crimes=crimes, party_id=party_id, land_class=land_class,
            from_text=_from_text(row[TEXT_VALUES]),
        ))
    return out


METRICS_FROM = FACT_COLUMNS.index(METRIC_COLUMNS[0])
METRICS_TO = METRICS_FROM + len(METRIC_COLUMNS)
assert FACT_COLUMNS[METRICS_FROM:METRICS_TO] == METRIC_COLUMNS


def fact_rows(cases, chunk: int = 20000):
    """The rows of `cases.values_list(*FACT_COLUMNS)`, streamed (a server-side cursor where the database
    has one) straight from the driver: Django's per-row machinery cost more than building the facts. The
    field converters Django would apply (the JSON of text_values; on SQLite, decimals and dates too) are
    applied to the values that are not NULL (each of them returns NULL unchanged)."""
    query = cases.values_list(*FACT_COLUMNS)
    compiler = query.query.get_compiler(using=query.db)
    sql, params = compiler.as_sql()
    converters = compiler.get_converters([s[0] for s in compiler.select[:compiler.col_count]])
    converted = [(pos, [(c, expression) for c in convs]) for pos, (convs, expression) in converters.items()]
    db = connections[query.db]
    with db.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(chunk):
            if not converted:
                yield from batch
                continue
            for row in batch:
                if any(row[pos] is not None for pos, _ in converted):
                    row = list(row)
                    for pos, convs in converted:
                        value = row[pos]
                        if value is not None:
                            for convert, expression in convs:
                                value = convert(value, expression, db)
                            row[pos] = value
                yield row


TEXT_VALUES = FACT_COLUMNS.index("text_values")


def _from_text(marker) -> dict | None:
    """The case fields whose value was read from the texts (cases/textvalues.py), as the engine reads them."""
    if not marker or not marker.get("values"):
        return None
    return marker["values"]


def read_texts(facts: list[Facts], rules_books, *, texts: dict[int, str] | None = None) -> None:
    """The 违法事实 of the cases whose crimes have conditions that words can name (a few kinds among
    many): asked in one query unless the caller has them (`texts`, e.g. read with the changed case)."""
    named = {key for book in rules_books for key, entry in book.versions() if entry.named}
    wanted = [f for f in facts if named.intersection(f.crimes)]
    if not wanted:
        return
    if texts is None:
        texts = {}
        ids = [f.id for f in wanted]
        for i in range(0, len(ids), 5000):
            texts.update(PenaltyCase.objects.filter(id__in=ids[i:i + 5000]).values_list("id", "facts"))
    for f in wanted:
        f.text = texts.get(f.id, "")


def tax_notices(party_ids) -> dict[int, str]:
    """The 追缴通知 recorded on the parties' cases (asked by party: a batch holds thousands of cases)."""
    notices = TaxNotice.objects.filter(case__party_id__in=party_ids).values_list("case_id", "complied")
    return {cid: ("complied" if complied else "unpaid") for cid, complied in notices}


class StoredHistory:
    """engine.History's questions for one party group, answered by the database.

    Each question is a query compiled once (core.prepared) and asked per member party: the earlier
    penalties of a crime in a window are walked down the case_party_history index no further than the
    engine counts; the unhandled acts (1 % of cases) of every kind are loaded once and summed by
    engine.History itself, so both paths add up by the same code (asking for one crime's kinds among them
    made the generic plan filter a big party's cases row by row)."""

    def __init__(self, members: set[int], group: int, cat: Catalogue, *, no_open_acts: bool = False):
        self.members, self.group, self.cat = sorted(members), group, cat
        self._open_rows: list | None = None
        self._unhandled: dict[str, History] = {}
        self._no_open_acts = no_open_acts  # the caller knows: none of the members' acts is still open
        self._priors: dict[tuple, tuple[int, list[Facts]]] = {}

    def cases_of(self, key: str):
        """The group's cases of the kinds the catalogue maps to this crime."""
        return PenaltyCase.objects.filter(_kind(self.cat, key), party_id__in=self.members)

    def _facts(self, rows) -> list[Facts]:
        return build_facts(rows, dict.fromkeys(self.members, self.group), self.cat, {})

    def priors(self, key: str, start, end, exclude: Facts) -> tuple[int, list[Facts]]:
        asked = (key, start, end, exclude.id)
        if asked not in self._priors:
            query = _prepared(self.cat, key, "priors")
            found = [row for party in self.members for row in query(party=party, start=start or date.min, end=end)
                     if row[0] != exclude.id]  # (id, effective_date), from the index alone
            found.sort(key=lambda r: (r[1], r[0]), reverse=True)
            listed = [row[0] for row in found[:LISTED]]
            slots = dict(zip(LISTED_SLOTS, listed + [0] * (LISTED - len(listed)), strict=True))
            rows = FACTS_OF(**slots) if listed else []
            rows.sort(key=lambda r: (r[EFFECTIVE], r[0]))
            self._priors[asked] = (min(len(found), PRIORS_COUNTED + 1), self._facts(rows))
        return self._priors[asked]

    def unhandled_total(self, key: str, field_name: str, exclude: Facts) -> tuple[Decimal, int, list[Facts]]:
        if self._no_open_acts:
            return ZERO, 0, []
        history = self._unhandled.get(key)
        if history is None:
            if self._open_rows is None:
                self._open_rows = [row for party in self.members for row in OPEN_ACTS(party=party)]
            # facts built for this crime's acts only: a big party has hundreds open, of every kind
            history = self._unhandled[key] = History(self._facts(
                [row for row in self._open_rows if key in crimes_of(self.cat, row[VIOLATION], row[BASIS])]))
        return history.unhandled_total(key, field_name, exclude)


EFFECTIVE, VIOLATION, BASIS = (FACT_COLUMNS.index(name) for name in ("effective_date", "violation_type", "legal_basis"))


def _kind(cat: Catalogue, key: str) -> Q:
    if ("kind", key) not in cat.derived:
        cat.derived[("kind", key)] = prefilter.kind_q(cat, key)
    return cat.derived[("kind", key)]


def _prepared(cat: Catalogue, key: str, question: str):
    """The priors walk for one crime, compiled once per catalogue and set of kinds (kinds.sync drops it
    when either changes)."""
    name = ("query", key, question)
    if name not in cat.derived:
        if not crime_kinds(cat, key):  # no case is of this crime: nothing to ask
            cat.derived[name] = lambda **values: []
        else:
            # the latest first, no further than the engine counts (+1: the judged case may be among them);
            # ids and dates only, so that the walk reads the case_party_history index and not the table
            of_kind = PenaltyCase.objects.filter(_kind(cat, key))
            cat.derived[name] = Prepared(
                lambda v: of_kind.filter(party_id=v.party, effective_date__gte=v.start, effective_date__lte=v.end)
                .exclude(status__in=UNHANDLED_STATUSES).order_by("-effective_date", "-id")
                .values_list("id", "effective_date")[:PRIORS_COUNTED + 2], party=int, start=date, end=date)
    return cat.derived[name]


OPEN_ACTS = Prepared(lambda v: PenaltyCase.objects.filter(party_id=v.party, status__in=UNHANDLED_STATUSES)
                     .values_list(*FACT_COLUMNS), party=int)


# The facts of the few earlier penalties a clue lists, by id (unused slots ask for id 0, which no case has).
LISTED_SLOTS = [f"id{n}" for n in range(LISTED)]
FACTS_OF = Prepared(lambda v: PenaltyCase.objects.filter(id__in=[getattr(v, n) for n in LISTED_SLOTS])
                    .values_list(*FACT_COLUMNS), **dict.fromkeys(LISTED_SLOTS, int))
