"""Judge one case against the 立案追诉标准, with the party's history across all agencies.

Pure functions over plain data (no database); the history is asked through two questions (History
in memory for a batch, facts.StoredHistory from the database for one changed case). Conventions from
thresholds.yaml: 以上 includes the number; thresholds in an entry are OR; repeat windows run from the
effective date of the first counted penalty to the date of the new act; a reduced ratio applies only
with the repeat condition; unhandled acts are added up (a decided case with those committed on or
before its decision); conditions only a person can judge give a clue marked 需人工判断, never a silent
pass or fail.
"""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from liangfa.core.amounts import format_amount
from liangfa.screening.choices import FindingKind
from liangfa.screening.rules import METRIC_CN, METRIC_FIELDS, UNITS, Catalogue, Entry, RuleBook, as_decimal

# 立案/调查/告知: no administrative decision yet
UNHANDLED_STATUSES = ("filed", "investigating", "notified")
UNHANDLED = frozenset(UNHANDLED_STATUSES)
UNITS_KINDS = {"legal_person", "other_organisation"}  # 单位; natural persons and 个体工商户 are 个人
R310_IP = "《行政执法机关移送涉嫌犯罪案件的规定》第三条第二款"
TAX_GATED = "taoshui"  # 逃税: no flag before a 追缴通知 is recorded (刑法第201条第4款)
LISTED = 10  # earlier penalties / unhandled acts named on a clue
PRIORS_COUNTED = 100  # earlier penalties counted one by one; beyond this a clue says "100 次以上"
ZERO = Decimal(0)


@dataclass(slots=True)
class Facts:
    id: int
    agency_id: int
    agency_name: str
    group: int  # party group: same valid code, or confirmed links
    party_kind: str
    decision_no: str
    violation_type: str
    legal_basis: str
    decision_date: date
    conduct_date: date | None
    effective_date: date | None
    status: str
    metrics: dict  # PenaltyCase field -> Decimal, only the amounts the case has
    tax_notice: str = ""  # "" none recorded | "unpaid" | "complied"
    crimes: tuple = ()
    party_id: int = 0

    @property
    def act_date(self) -> date:
        return self.conduct_date or self.decision_date


@dataclass
class Finding:
    rule_key: str
    crime_name: str
    article: str
    standard: str
    confidence: str
    kind: str
    metric: str = ""
    metric_cn: str = ""
    unit: str = "元"
    value: Decimal | None = None
    threshold: Decimal | None = None
    reduced: bool = False
    priors: list = field(default_factory=list)  # Facts of counted earlier penalties (the most recent LISTED)
    added_up: list = field(default_factory=list)  # Facts of unhandled acts added to the value (the first LISTED)
    prior_count: int = 0
    added_count: int = 0
    needs_review: bool = False
    checks: list = field(default_factory=list)
    reason: str = ""

    @property
    def ratio(self) -> float:
        if self.value is None or not self.threshold:
            return 0.0
        return float(self.value / self.threshold)


class History:
    """A party group's cases, indexed by crime, so each judgment looks only at what can count.
    (facts.StoredHistory answers the same two questions from the database, for one case at a time.)

    A party with thousands of penalties is judged in O(log n) per case: priors are counted by bisection
    and unhandled amounts summed once; only the most recent few are listed on the clue."""

    def __init__(self, cases: list[Facts]):
        self.handled: dict[str, list[Facts]] = {}
        self.unhandled: dict[str, list[Facts]] = {}
        for case in cases:
            target = self.unhandled if case.status in UNHANDLED else self.handled
            for key in case.crimes:
                target.setdefault(key, []).append(case)
        for items in self.handled.values():
            items.sort(key=lambda c: (c.effective_date or date.max, c.id))
        self._dates = {key: [c.effective_date or date.max for c in items] for key, items in self.handled.items()}
        self._sums: dict[tuple[str, str], tuple[list[Facts], list[date], list[Decimal]]] = {}

    def unhandled_total(self, key: str, field_name: str, exclude: Facts) -> tuple[Decimal, int, list[Facts]]:
        """The summed amount of the unhandled acts of this kind that have one, how many they are, and the
        latest LISTED of them. An unhandled case adds up with every other unhandled act; a decided one only
        with those committed on or before its decision (a later act could not have been added up then)."""
        if key not in self.unhandled:  # most parties: nothing of this kind is still open
            return ZERO, 0, []
        cached = self._sums.get((key, field_name))
        if cached is None:
            acts = sorted((h for h in self.unhandled.get(key, []) if h.metrics.get(field_name) is not None),
                          key=lambda h: (h.act_date, h.id))
            running, sums = Decimal(0), [Decimal(0)]
            for h in acts:
                running += h.metrics[field_name]
                sums.append(running)
            cached = self._sums[(key, field_name)] = (acts, [h.act_date for h in acts], sums)
        acts, dates, sums = cached
        pending = exclude.status in UNHANDLED
        hi = len(acts) if pending else bisect_right(dates, exclude.decision_date)
        total, count = sums[hi], hi
        own = exclude.metrics.get(field_name)
        if pending and own is not None and key in exclude.crimes:  # its own amount is in the sum
            total, count = total - own, count - 1
        listed = [h for h in acts[max(0, hi - LISTED - 1):hi] if h.id != exclude.id]
        return total, count, listed[-LISTED:]

    def priors(self, key: str, start: date | None, end: date, exclude: "Facts") -> tuple[int, list[Facts]]:
        """How many handled cases of this kind took effect in [start, end] (not counting `exclude`; more
        than PRIORS_COUNTED is reported as PRIORS_COUNTED + 1), and the most recent LISTED of them."""
        items, dates = self.handled.get(key, []), self._dates.get(key, [])
        lo = bisect_left(dates, start) if start else 0
        hi = bisect_right(dates, end)  # cases with no effective date sort last and never count
        listed = [c for c in items[max(lo, hi - LISTED - 1):hi] if c.id != exclude.id]
        inside = exclude.status not in UNHANDLED and key in exclude.crimes and exclude.effective_date is not None \
            and (start is None or start <= exclude.effective_date) and exclude.effective_date <= end
        return min(hi - lo - inside, PRIORS_COUNTED + 1), listed[-LISTED:]


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _value(case: Facts, metric: str, history: History, entry: Entry) -> tuple[Decimal | None, int, list[Facts]]:
    """The case's own amount plus those of the party's unhandled acts of the same kind (累计计算), with how
    many acts were added and the first few of them."""
    if metric == "sales_x3_plus_goods_value":
        sales, goods = case.metrics.get("sales_amount"), case.metrics.get("goods_value")
        if sales is None or goods is None or sales >= 50000:
            return None, 0, []
        return sales * 3 + goods, 0, []
    field_name = METRIC_FIELDS.get(metric)
    if field_name is None:
        return None, 0, []
    own = case.metrics.get(field_name)
    total, count, listed = history.unhandled_total(entry.key, field_name, exclude=case)
    if own is None and not count:
        return None, 0, []
    return (own or Decimal(0)) + total, count, listed


def _applies(threshold: dict, case: Facts) -> bool:
    who = threshold.get("applies_to")
    if who == "单位":
        return case.party_kind in UNITS_KINDS
    if who == "个人":
        return case.party_kind not in UNITS_KINDS
    return who != "扣缴义务人"


def _priors(case: Facts, history: History, entry: Entry, spec: dict) -> tuple[int, list[Facts]]:
    """Earlier penalties of the same kind on the same party, inside the window, by their effective date."""
    window = spec.get("window_years")
    act = case.act_date
    start = _years_before(act, int(window)) if window else None
    return history.priors(entry.key, start, act, exclude=case)


def _base(entry: Entry, kind: str, **kw) -> Finding:
    return Finding(rule_key=entry.key, crime_name=entry.crime_name, article=entry.article, standard=entry.standard,
                   confidence=entry.confidence, kind=kind, **kw)


def _amount_findings(case: Facts, history: History, entry: Entry, scale: Decimal = Decimal(1),
                     mins: list[dict] | None = None) -> list[Finding]:
    found = []
    for t in (mins if mins is not None else entry.thresholds):
        if not _applies(t, case) or t.get("min") is None:
            continue
        value, added_count, added = _value(case, t["metric"], history, entry)
        if value is None:
            continue
        threshold = as_decimal(t["min"]) * scale
        if value < threshold:
            continue
        unit = UNITS.get(t["metric"], t.get("unit", "元"))
        finding = _base(entry, FindingKind.AMOUNT, metric=t["metric"],
                        metric_cn=t.get("metric_cn") or METRIC_CN.get(t["metric"], t["metric"]),
                        unit=unit, value=value, threshold=threshold, added_up=added, added_count=added_count)
        checks = []
        if t.get("condition"):
            checks.append(f"确认：{t['condition']}")
        for condition in t.get("all_of") or []:
            checks.append(f"确认：{condition}")
        finding.checks = checks
        finding.needs_review = bool(checks)
        summed = f"（含未经处理的同种违法 {added_count} 次累计）" if added_count else ""
        finding.reason = (f"{finding.metric_cn} {format_amount(value, unit)}{summed} ≥ 立案追诉标准 {format_amount(threshold, unit)}"
                          "（“以上”包括本数）")
        found.append(finding)
    return found


def _repeat_findings(case: Facts, history: History, entry: Entry) -> list[Finding]:
    found = []
    for spec in entry.repeats:
        if not spec or not spec.get("prior_admin_penalties_min"):
            continue
        ratio = spec.get("reduced_ratio")
        amount_free = not spec.get("reduced_amounts") and ratio is not None and float(ratio) == 0.0
        # the reduced amount first: when it is not reached, the earlier penalties need not be counted
        # (for one changed case, counting them is a walk through the party's history)
        if spec.get("reduced_amounts"):
            hits = _amount_findings(case, history, entry, mins=spec["reduced_amounts"])
        elif ratio is not None and not amount_free:
            hits = _amount_findings(case, history, entry, scale=as_decimal(ratio))
        else:
            hits = []
        if not hits and not amount_free:
            continue
        count, priors = _priors(case, history, entry, spec)
        if count < int(spec["prior_admin_penalties_min"]):
            continue
        window = spec.get("window_years")
        when = f"{window}年内" if window else ""
        listing = "；".join(f"{p.agency_name} {p.decision_no}（{p.effective_date:%Y-%m-%d} 生效）" for p in priors[-3:])
        listing = listing if count <= 3 else f"最近 3 次：{listing}"
        times = f"{count} 次" if count <= PRIORS_COUNTED else f"{PRIORS_COUNTED} 次以上"
        prefix = f"{when}已受同种行政处罚 {times}（{listing}），又实施同种行为"
        extra = [f"另须核查：{spec['prior_alternative']}"] if spec.get("prior_alternative") else []
        if amount_free:  # ratio 0: the repeat alone, no amount needed
            finding = _base(entry, FindingKind.REPEAT, priors=priors, prior_count=count, reduced=True,
                            reason=f"{prefix}，该情形不以数额为要件（{spec.get('clause', '')[:60]}）")
            finding.checks = extra + ([f"确认属于：{spec['same_kind']}"] if spec.get("same_kind") else [])
            finding.needs_review = True
            found.append(finding)
            continue
        for hit in hits:
            hit.kind, hit.priors, hit.prior_count, hit.reduced = FindingKind.REPEAT, priors, count, True
            share = "" if ratio is None else f"（标准的 {float(ratio):.0%}）"
            hit.reason = f"{prefix}，{hit.metric_cn} {format_amount(hit.value, hit.unit)} ≥ {format_amount(hit.threshold, hit.unit)}{share}"
            hit.checks = hit.checks + extra
            hit.needs_review = bool(hit.checks)
            found.append(hit)
    return found


def _tax_gate(case: Facts, findings: list[Finding]) -> list[Finding]:
    """逃税: no 以罚代刑 flag before a 追缴通知 is recorded and left unanswered (刑法第201条第4款),
    except for a repeat offender."""
    out = []
    for f in findings:
        if f.kind == FindingKind.REPEAT:
            out.append(f)
        elif case.tax_notice == "complied":
            continue  # paid, paid the 滞纳金 and accepted the penalty in time: no criminal liability
        elif case.tax_notice == "unpaid":
            out.append(f)
        else:
            f.kind = FindingKind.TAX_GATE
            f.needs_review = True
            f.checks = ["须先记录税务机关下达的追缴通知，以及当事人是否按期补缴税款、缴纳滞纳金、接受行政处罚"] + f.checks
            f.reason += "；但尚未记录追缴通知，暂不能认定（刑法第二百零一条第四款）"
            out.append(f)
    return out


def evaluate(case: Facts, history, rules: RuleBook) -> list[Finding]:
    """All findings for one case; one per rule (the strongest)."""
    if isinstance(history, list):
        history = History(history)
    results: list[Finding] = []
    for key in case.crimes:
        entry = rules.get(key, case.act_date)
        if entry is None:
            continue
        findings = _amount_findings(case, history, entry) + _repeat_findings(case, history, entry)
        if entry.fallback and not findings:
            fb = entry.fallback
            for hit in _amount_findings(case, history, entry, mins=[fb]):
                hit.kind, hit.crime_name = FindingKind.FALLBACK, fb.get("crime", hit.crime_name)
                hit.article = "刑法第149条、第140条"
                hit.reason += (f"；不构成{entry.crime_name}的，依刑法第一百四十九条第一款，"
                               "按第一百四十条以生产、销售伪劣产品罪论处")
                findings.append(hit)
        if key == TAX_GATED:
            findings = _tax_gate(case, findings)
        if not findings and entry.threshold_type == "conduct" and entry.conditions:
            findings.append(_base(entry, FindingKind.CONDITIONS, needs_review=True, checks=list(entry.conditions),
                                  reason="该罪名不以数额为要件：行为一经查实即应移送"))
        if not findings and entry.ip_suspicion:
            findings += _ip_suspicion(case, history, entry)
        if findings:
            results.append(max(findings, key=lambda f: (not f.needs_review, f.ratio)))
    return results


def _ip_suspicion(case: Facts, history: History, entry: Entry) -> list[Finding]:
    """知识产权: a reasonable suspicion may be transferred below the threshold (R310 第三条第二款)."""
    half = _amount_findings(case, history, entry, scale=Decimal("0.5"))
    for f in half:
        f.kind, f.needs_review = FindingKind.IP_SUSPICION, True
        f.checks = ["是否需要公安机关采取措施进一步获取证据以判断是否达到追诉标准"]
        f.reason = f"{f.metric_cn} {format_amount(f.value, f.unit)} 已达标准一半以上，知识产权案件可依合理嫌疑移送（{R310_IP}）"
    return half[:1]


def crimes_of(catalogue: Catalogue, violation_type: str, legal_basis: str) -> tuple:
    return tuple(catalogue.crimes_for(violation_type or "", legal_basis or ""))
