"""Cases as the engine's Facts, and a party's history asked from the database.

The batch loads each party group's cases once (engine.History). Screening one changed case cannot
afford that for a party with thousands of penalties, so StoredHistory answers the engine's two
questions — how many earlier penalties of a kind took effect in a window, and what the unhandled acts
of a kind add up to — with counts and sums in the database, loading only the few cases a clue names.
"""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from liangfa.cases.models import PenaltyCase
from liangfa.screening import prefilter
from liangfa.screening.engine import LISTED, PRIORS_COUNTED, UNHANDLED, UNHANDLED_STATUSES, Facts, crimes_of
from liangfa.screening.models import TaxNotice
from liangfa.screening.rules import METRIC_FIELDS, Catalogue

METRIC_COLUMNS = sorted(set(METRIC_FIELDS.values()))
FACT_COLUMNS = ["id", "agency_id", "agency__name", "party_id", "party__kind", "decision_no", "violation_type",
                "legal_basis", "decision_date", "conduct_date", "effective_date", "status", *METRIC_COLUMNS]


def build_facts(rows, groups: dict[int, int], cat: Catalogue, notices: dict[int, str]) -> list[Facts]:
    out = []
    kinds: dict[tuple[str, str], tuple] = {}  # a few hundred kinds among a million rows
    metrics_at = [(name, FACT_COLUMNS.index(name)) for name in METRIC_COLUMNS]
    for row in rows:
        (case_id, agency_id, agency_name, party_id, party_kind, decision_no, violation_type, legal_basis,
         decision_date, conduct_date, effective_date, status) = row[:12]
        crimes = kinds.get((violation_type, legal_basis))
        if crimes is None:
            crimes = kinds[(violation_type, legal_basis)] = crimes_of(cat, violation_type, legal_basis)
        out.append(Facts(
            id=case_id, agency_id=agency_id, agency_name=agency_name, group=groups.get(party_id, party_id),
            party_kind=party_kind, decision_no=decision_no, violation_type=violation_type, legal_basis=legal_basis,
            decision_date=decision_date, conduct_date=conduct_date, effective_date=effective_date, status=status,
            metrics={name: row[i] for name, i in metrics_at if row[i] is not None}, tax_notice=notices.get(case_id, ""), crimes=crimes,
            party_id=party_id,
        ))
    return out


def tax_notices(party_ids) -> dict[int, str]:
    """The 追缴通知 recorded on the parties' cases (asked by party: a batch holds thousands of cases)."""
    notices = TaxNotice.objects.filter(case__party_id__in=party_ids).values_list("case_id", "complied")
    return {cid: ("complied" if complied else "unpaid") for cid, complied in notices}


class StoredHistory:
    """engine.History's questions for one party group, answered by the database."""

    def __init__(self, members: set[int], group: int, cat: Catalogue):
        self.members, self.group, self.cat = members, group, cat
        self._kinds: dict[str, Q] = {}
        self._sums: dict[tuple[str, int], dict] = {}
        self._listed: dict[tuple[str, str, int], list[Facts]] = {}

    def cases_of(self, key: str):
        """The group's cases of the kinds the catalogue maps to this crime."""
        if key not in self._kinds:
            self._kinds[key] = prefilter.kind_q(self.cat, key)
        return PenaltyCase.objects.filter(self._kinds[key], party_id__in=self.members)

    def _facts(self, cases) -> list[Facts]:
        return build_facts(cases.values_list(*FACT_COLUMNS), dict.fromkeys(self.members, self.group), self.cat, {})

    def priors(self, key: str, start, end, exclude: Facts) -> tuple[int, list[Facts]]:
        cases = (self.cases_of(key).exclude(status__in=UNHANDLED_STATUSES).exclude(id=exclude.id)
                 .filter(effective_date__lte=end))
        if start:
            cases = cases.filter(effective_date__gte=start)
        # the latest first, and no further than the engine counts: a party with thousands of penalties
        # costs a short walk down the (party, effective_date) index
        ids = list(cases.order_by("-effective_date", "-id").values_list("id", flat=True)[:PRIORS_COUNTED + 1])
        if not ids:
            return 0, []
        listed = self._facts(PenaltyCase.objects.filter(id__in=ids[:LISTED]).order_by("effective_date", "id"))
        return len(ids), listed

    def unhandled_total(self, key: str, field_name: str, exclude: Facts) -> tuple[Decimal, int, list[Facts]]:
        cases = self.cases_of(key).filter(status__in=UNHANDLED_STATUSES).exclude(id=exclude.id)
        if exclude.status not in UNHANDLED:  # a decided case: only acts committed on or before its decision
            day = exclude.decision_date
            cases = cases.filter(Q(conduct_date__lte=day) | Q(conduct_date__isnull=True, decision_date__lte=day))
        sums = self._sums.get((key, exclude.id))
        if sums is None:  # every amount field at once: one query per kind
            sums = self._sums[(key, exclude.id)] = cases.aggregate(
                **{f"sum_{c}": Sum(c) for c in METRIC_COLUMNS}, **{f"n_{c}": Count(c) for c in METRIC_COLUMNS})
        count = sums[f"n_{field_name}"]
        if not count:
            return Decimal(0), 0, []
        listed = self._listed.get((key, field_name, exclude.id))
        if listed is None:  # each threshold on the same amount asks again
            latest = cases.filter(**{f"{field_name}__isnull": False}).order_by(
                Coalesce("conduct_date", "decision_date").desc(), "-id")[:LISTED]
            listed = self._listed[(key, field_name, exclude.id)] = self._facts(latest)[::-1]
        return sums[f"sum_{field_name}"], count, listed
