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

from liangfa.cases.choices import LandClass
from liangfa.core.amounts import format_amount
from liangfa.core.citation import cite
from liangfa.screening import versions
from liangfa.screening.choices import FindingKind
from liangfa.screening.reach import reach
from liangfa.screening.rules import (
    METRIC_CN,
    METRIC_FIELDS,
    UNITS,
    Catalogue,
    Entry,
    RuleBook,
    as_decimal,
    parts_of,
)

# 立案/调查/告知: no administrative decision yet
UNHANDLED_STATUSES = ("filed", "investigating", "notified")
UNHANDLED = frozenset(UNHANDLED_STATUSES)
UNITS_KINDS = {"legal_person", "other_organisation"}  # 单位; natural persons and 个体工商户 are 个人
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
    land_class: str = ""
    text: str = ""  # 违法事实, loaded only for crimes whose conditions words in a case can name
    # case field -> how its value was read from the 违法事实/处罚内容 (cases/textvalues.py), when it was
    from_text: dict | None = None
    suggested: tuple = ()  # crimes the facts point to that the catalogue did not map (suggest_crimes)

    @property
    def act_date(self) -> date:
        return self.conduct_date or self.decision_date

    def texts(self):
        """Where words of a condition are looked for, with the name shown in the clue."""
        return (("违法行为类型", self.violation_type), ("处罚依据", self.legal_basis), ("违法事实", self.text))



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
    from_text: str = ""  # "extracted" (to be checked) or "confirmed": the figure was read from the texts
    text_note: str = ""  # 从违法事实中识别：“…”； (the reason starts with it)

    @property
    def ratio(self) -> float:
        if self.value is None or not self.threshold:
            return 0.0
        return float(self.value / self.threshold)


@dataclass
class Gap:
    """A crime the case was judged for that raised nothing, and why it may not be the whole story: the
    amounts it lacks (缺少数据), those the platform does not record, or the rule of time that decided."""

    rule_key: str
    crime_name: str
    missing: list = field(default_factory=list)  # metrics with a case field left empty
    unrecorded: list = field(default_factory=list)  # metrics the platform has no field for
    note: str = ""

    @property
    def text(self) -> str:
        parts = []
        if self.missing:
            parts.append("缺少数据：" + "、".join(self.missing))
        if self.unrecorded:
            parts.append("本平台不记录（须人工核查）：" + "、".join(self.unrecorded))
        if self.note:
            parts.append(self.note)
        return "；".join(parts)


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
        # worked out when first asked: most kinds of a party's history are never asked about
        self._dates: dict[str, list[date]] = {}
        self._sums: dict[tuple[str, str], tuple[list[Facts], list[date], list[Decimal]]] = {}

    def _open(self, key: str, field_name: str) -> tuple[list[Facts], list[date], list[Decimal]]:
        cached = self._sums.get((key, field_name))
        if cached is None:
            acts = sorted((h for h in self.unhandled.get(key, []) if h.metrics.get(field_name) is not None),
                          key=lambda h: (h.act_date, h.id))
            running, sums = Decimal(0), [Decimal(0)]
            for h in acts:
                running += h.metrics[field_name]
                sums.append(running)
            cached = self._sums[(key, field_name)] = (acts, [h.act_date for h in acts], sums)
        return cached

    def unhandled_total(self, key: str, field_name: str, exclude: Facts) -> tuple[Decimal, int, list[Facts]]:
        """The summed amount of the unhandled acts of this kind that have one, how many they are, and the
        latest LISTED of them. An unhandled case adds up with every other unhandled act; a decided one only
        with those committed on or before its decision (a later act could not have been added up then)."""
        if key not in self.unhandled:  # most parties: nothing of this kind is still open
            return ZERO, 0, []
        acts, dates, sums = self._open(key, field_name)
        pending = exclude.status in UNHANDLED
        hi = len(acts) if pending else bisect_right(dates, exclude.decision_date)
        total, count = sums[hi], hi
        own = exclude.metrics.get(field_name)
        if pending and own is not None and key in exclude.crimes:  # its own amount is in the sum
            total, count = total - own, count - 1
        listed = [h for h in acts[max(0, hi - LISTED - 1):hi] if h.id != exclude.id]
        return total, count, listed[-LISTED:]

    def unhandled_sum(self, key: str, field_name: str, exclude: Facts) -> tuple[Decimal, int]:
        """unhandled_total's sum and count, without the acts listed."""
        acts, dates, sums = self._open(key, field_name)
        pending = exclude.status in UNHANDLED
        hi = len(acts) if pending else bisect_right(dates, exclude.decision_date)
        own = exclude.metrics.get(field_name)
        if pending and own is not None and key in exclude.crimes:
            return sums[hi] - own, hi - 1
        return sums[hi], hi

    def _handled(self, key: str) -> tuple[list[Facts], list[date]]:
        dates = self._dates.get(key)
        items = self.handled.get(key, [])
        if dates is None:
            items.sort(key=lambda c: (c.effective_date or date.max, c.id))
            dates = self._dates[key] = [c.effective_date or date.max for c in items]
        return items, dates

    def priors(self, key: str, start: date | None, end: date, exclude: "Facts") -> tuple[int, list[Facts]]:
        """How many handled cases of this kind took effect in [start, end] (not counting `exclude`; more
        than PRIORS_COUNTED is reported as PRIORS_COUNTED + 1), and the most recent LISTED of them."""
        items, dates = self._handled(key)
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


def _own(case: Facts, metric: str) -> Decimal | None:
    field_name = METRIC_FIELDS.get(metric)
    return case.metrics.get(field_name) if field_name else None


class _Threshold:
    """A threshold of the rules file as the engine reads it, worked out once per rule version: its figure
    as a Decimal, the case field it reads, whom it applies to, and the parts of a weighted sum."""

    __slots__ = ("t", "min", "field", "who", "land", "unless", "sum_of", "require_all", "metric", "with_",
                 "metric_cn", "unit", "confirm", "text_fields")

    def __init__(self, t: dict):
        self.t = t
        self.min = as_decimal(t["min"])
        self.metric = t["metric"]
        self.field = METRIC_FIELDS.get(t["metric"])
        who = t.get("applies_to")
        self.who = 1 if who == "单位" else 2 if who == "个人" else 3 if who == "扣缴义务人" else 0
        self.land = t.get("land_class")
        unless = t.get("unless")
        self.unless = (METRIC_FIELDS.get(unless["metric"]), as_decimal(unless["min"])) if unless else None
        self.sum_of = [(METRIC_FIELDS.get(p["metric"]), as_decimal(p.get("times", 1)), as_decimal(p.get("per", 1)))
                       for p in t["sum_of"]] if t.get("sum_of") else None
        self.require_all = t.get("require_all")
        extra = t.get("with")
        self.with_ = (METRIC_FIELDS.get(extra["metric"]), as_decimal(extra["min"]), extra) if extra else None
        self.metric_cn = t.get("metric_cn") or METRIC_CN.get(t["metric"], t["metric"])
        self.unit = UNITS.get(t["metric"], t.get("unit", "元"))
        self.confirm = ([f"确认：{t['condition']}"] if t.get("condition") else []) + \
            [f"确认：{condition}" for condition in t.get("all_of") or []]
        self.text_fields = [METRIC_FIELDS.get(p["metric"]) for p in parts_of(t)]


class _Thresholds(tuple):
    """The thresholds of one list (an entry's, a repeat clause's reduced amounts, a fallback) that have a
    figure, in the file's order; `tops`: the highest figure per metric among those limited to a 土地类别."""

    tops: dict


def _thresholds(items) -> _Thresholds:
    out = _Thresholds(_Threshold(t) for t in items if t.get("min") is not None)
    out.tops = _land_tops(items)
    return out


class _Plan:
    """What the engine reads of one rule version, worked out once (kept on the Entry, which rule books
    cache): its thresholds, each repeat clause's, the fallback's."""

    __slots__ = ("thresholds", "repeats", "fallback")

    def __init__(self, entry: Entry):
        self.thresholds = _thresholds(entry.thresholds)
        self.repeats = []
        for spec in entry.repeats:
            if not spec or not spec.get("prior_admin_penalties_min"):
                continue
            ratio = spec.get("reduced_ratio")
            amount_free = not spec.get("reduced_amounts") and ratio is not None and float(ratio) == 0.0
            mins = _thresholds(spec["reduced_amounts"]) if spec.get("reduced_amounts") else None
            scale = as_decimal(ratio) if ratio is not None and not amount_free and mins is None else None
            self.repeats.append((spec, ratio, amount_free, mins, scale))
        self.fallback = _thresholds([entry.fallback]) if entry.fallback else None


def _plan(entry: Entry) -> _Plan:
    plan = entry.__dict__.get("_plan")
    if plan is None:
        plan = _Plan(entry)
        object.__setattr__(entry, "_plan", plan)  # not a field: equality and repr are unchanged
    return plan


def _value(case: Facts, c: _Threshold, history: History, entry: Entry) -> tuple[Decimal | None, int, list[Facts]]:
    """The case's own amount plus those of the party's unhandled acts of the same kind (累计计算), with how
    many acts were added and the first few of them. A weighted sum (`sum_of`) reads the case's parts."""
    metrics = case.metrics
    if c.unless is not None:
        field_name, least = c.unless
        if ((metrics.get(field_name) if field_name else None) or ZERO) >= least:
            return None, 0, []  # e.g. 销售金额×3+货值 only while 销售金额 is below 5万
    if c.sum_of is not None:
        values = [((metrics.get(f) if f else None), times, per) for f, times, per in c.sum_of]
        if c.require_all and any(v is None for v, _, _ in values):
            return None, 0, []
        present = [(v, times, per) for v, times, per in values if v is not None]
        if not present:
            return None, 0, []
        return sum(v * times / per for v, times, per in present), 0, []
    field_name = c.field
    if field_name is None:
        return None, 0, []
    own = metrics.get(field_name)
    total, count, listed = history.unhandled_total(entry.key, field_name, exclude=case)
    if own is None and not count:
        return None, 0, []
    return (own or Decimal(0)) + total, count, listed


def _applies(c: _Threshold, case: Facts) -> bool:
    who = c.who
    if who == 0:
        return True
    if who == 1:
        return case.party_kind in UNITS_KINDS
    if who == 2:
        return case.party_kind not in UNITS_KINDS
    return False


def _lacking(case: Facts, t: dict) -> tuple[list[str], list[str]]:
    """The parts of a threshold the case has no value for: (with a case field, with none)."""
    missing, unrecorded = [], []
    for part in parts_of(t):
        if METRIC_FIELDS.get(part["metric"]) is None:
            unrecorded.append(t.get("metric_cn") or part["metric"])
        elif _own(case, part["metric"]) is None:
            missing.append(METRIC_CN.get(part["metric"], part["metric"]))
    return missing, unrecorded


def _priors(case: Facts, history: History, entry: Entry, spec: dict) -> tuple[int, list[Facts]]:
    """Earlier penalties of the same kind on the same party, inside the window, by their effective date."""
    window = spec.get("window_years")
    act = case.act_date
    start = _years_before(act, int(window)) if window else None
    return history.priors(entry.key, start, act, exclude=case)


def _base(entry: Entry, kind: str, **kw) -> Finding:
    return Finding(rule_key=entry.key, crime_name=entry.crime_name, article=entry.article, standard=entry.standard,
                   confidence=entry.confidence, kind=kind, **kw)


LAND_LABELS = dict(LandClass.choices)


def _land_tops(thresholds) -> dict[str, Decimal]:
    """Per metric, the highest figure among thresholds limited to a 土地类别 (met whatever the class)."""
    top: dict[str, Decimal] = {}
    for t in thresholds:
        if t.get("land_class") and t.get("min") is not None:
            top[t["metric"]] = max(top.get(t["metric"], ZERO), as_decimal(t["min"]))
    return top


def _land_check(t: dict, case: Facts, value: Decimal, top: dict) -> str | None:
    """For a threshold limited to some 土地类别: None when it does not apply to this case, "" when it
    applies as is, else what a person must check (the case has no land class and the value is below the
    figure of every other class)."""
    classes = t.get("land_class")
    if not classes:
        return ""
    if case.land_class:
        return "" if case.land_class in classes else None
    if value >= top[t["metric"]]:  # met whatever the class: the most demanding threshold reports it
        return "" if as_decimal(t["min"]) == top[t["metric"]] else None
    names = "/".join(LAND_LABELS.get(c, c) for c in classes)
    return f"请核实是否{names}（未记录土地类别；其他类别的标准更高）"


def _amount_findings(case: Facts, history: History, entry: Entry, scale: Decimal = Decimal(1),
                     mins: _Thresholds | None = None, lacking: list | None = None,
                     values: dict | None = None) -> list[Finding]:
    """The thresholds met (of the entry, or `mins`); `lacking` collects the thresholds that could not be
    judged for want of a value (_lacked reads them only when asked); `values` keeps each threshold's value
    for the next call on the same case and version (a reduced ratio reads the same thresholds again)."""
    found = []
    for c in (mins if mins is not None else _plan(entry).thresholds):
        if c.who and not _applies(c, case):
            continue
        if values is None:
            value, added_count, added = _value(case, c, history, entry)
        else:
            known = values.get(c)
            if known is None:
                known = values[c] = _value(case, c, history, entry)
            value, added_count, added = known
        if value is None:
            if lacking is not None and not (c.land and case.land_class and case.land_class not in c.land):
                lacking.append(c.t)
            continue
        threshold = c.min * scale
        if value < threshold:
            continue
        finding = _met(case, entry, c, value, threshold, scale, added_count, added,
                       mins if mins is not None else _plan(entry).thresholds)
        if finding is not None:
            found.append(finding)
    return found


def _met(case: Facts, entry: Entry, c: _Threshold, value: Decimal, threshold: Decimal, scale: Decimal,
         added_count: int, added: list, among: _Thresholds) -> Finding | None:
    """The finding for a threshold the value reaches (None: its 土地类别 or second figure rules it out)."""
    t = c.t
    land = ""
    if c.land:
        land = _land_check(t, case, value / scale, among.tops)
        if land is None:
            return None
    checks = [land] if land else []
    if c.with_ is not None:  # a second figure the same item needs (e.g. 一百份以上且票面金额三十万元以上)
        field_name, least, extra = c.with_
        other = case.metrics.get(field_name) if field_name else None
        if other is None:
            checks.append(f"缺少数据：{extra['metric_cn']}（须达到 {format_amount(least, extra.get('unit', ''))}）")
        elif other < least:
            return None
    unit = c.unit
    finding = _base(entry, FindingKind.AMOUNT, metric=c.metric, metric_cn=c.metric_cn,
                    unit=unit, value=value, threshold=threshold, added_up=added, added_count=added_count)
    if c.confirm:
        checks += c.confirm
    read = ""
    if case.from_text:
        read, checks = _read_from_text(case, c, checks)
    finding.checks = checks
    finding.needs_review = bool(checks)
    summed = f"（含未经处理的同种违法 {added_count} 次累计）" if added_count else ""
    finding.reason = (f"{read}{c.metric_cn} {format_amount(value, unit)}{summed} ≥ 立案追诉标准 "
                      f"{format_amount(threshold, unit)}（“以上”包括本数）")
    if case.from_text:
        finding.from_text, finding.text_note = _text_state(case, c), read
    return finding


def _text_entries(case: Facts, c: _Threshold) -> list[dict]:
    if not case.from_text:
        return []
    return [case.from_text[n] for n in c.text_fields if n in case.from_text]


def _read_from_text(case: Facts, c: _Threshold, checks: list) -> tuple[str, list]:
    """The words a clue starts with when its figure was read from the 违法事实 (or 处罚内容), and the check
    a person owes until the value is confirmed (需人工核实)."""
    read = []
    for entry in _text_entries(case, c):
        where = entry.get("where") or "违法事实"
        confirmed = entry.get("status") in ("confirmed", "corrected")
        state = "（已人工核实）" if confirmed else ""
        read.append(f"从{where}中识别{state}：“{entry.get('quote', '')}”")
        if not confirmed:
            checks = checks + [f"需人工核实：{entry.get('name', '')}系从{where}中识别，确认或更正后据以判断"]
    return ("；".join(read) + "；") if read else "", checks


def _text_state(case: Facts, c: _Threshold) -> str:
    entries = _text_entries(case, c)
    if not entries:
        return ""
    return "extracted" if any(e.get("status") == "extracted" for e in entries) else "confirmed"


def _repeat_findings(case: Facts, history: History, entry: Entry, values: dict | None = None) -> list[Finding]:
    found = []
    for spec, ratio, amount_free, mins, scale in _plan(entry).repeats:
        # the reduced amount first: when it is not reached, the earlier penalties need not be counted
        # (for one changed case, counting them is a walk through the party's history)
        if mins is not None:
            hits = _amount_findings(case, history, entry, mins=mins)
        elif scale is not None:
            hits = _amount_findings(case, history, entry, scale=scale, values=values)
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
            hit.reason = f"{hit.text_note}{prefix}，{hit.metric_cn} {format_amount(hit.value, hit.unit)} ≥ {format_amount(hit.threshold, hit.unit)}{share}"
            hit.checks = hit.checks + extra
            hit.needs_review = bool(hit.checks)
            found.append(hit)
    return found


def _gate(case: Facts, findings: list[Finding], gate: dict) -> list[Finding]:
    """A procedure the data names (逃税: no 以罚代刑 flag before a 追缴通知 is recorded and left unanswered,
    except for a repeat offender)."""
    out = []
    for f in findings:
        if f.kind == FindingKind.REPEAT and gate.get("repeat_exempt"):
            out.append(f)
        elif case.tax_notice == "complied":
            continue  # paid, paid the 滞纳金 and accepted the penalty in time: no criminal liability
        elif case.tax_notice == "unpaid":
            out.append(f)
        else:
            f.kind = FindingKind.TAX_GATE
            f.needs_review = True
            f.checks = [gate["check"]] + f.checks
            f.reason += f"；{gate['reason']}（{gate['citation']}；{gate['also']}）" if gate.get("also") else \
                f"；{gate['reason']}（{gate['citation']}）"
            out.append(f)
    return out


def _named_conditions(case: Facts, entry: Entry) -> list[Finding]:
    """Conditions only a person can judge, named by words in the case: one 需人工判断 finding naming them."""
    named = []
    for condition in entry.named:
        for where, text in case.texts():
            word = next((w for w in condition.named_by if w in (text or "")), None)
            if word:
                named.append((condition, where, word))
                break
    if not named:
        return []
    where = "；".join(f"{w}提及“{word}”" for _, w, word in named)
    items = "；".join(f"{c.item}：{c.text}" if c.item else c.text for c, _, _ in named)
    others = [c for c in entry.conditions if c not in {f"{x.text}（{x.item}）" if x.item else x.text for x, _, _ in named}]
    finding = _base(entry, FindingKind.CONDITIONS, needs_review=True,
                    reason=f"{where}，可能属于{entry.standard}规定的情形（{items}），须人工判断")
    finding.checks = [f"确认：{c.text}（{c.item}）" if c.item else f"确认：{c.text}" for c, _, _ in named] + \
        [f"并确认：{c}" for c in others if c.startswith("并且")]
    return [finding]


def _judge(case: Facts, history: History, entry: Entry) -> versions.Outcome:
    """One version of one crime: its findings (the strongest decides) and the metrics it lacked."""
    lacking: list = []
    values: dict = {}
    findings = _amount_findings(case, history, entry, lacking=lacking, values=values)
    if entry.repeats:
        findings += _repeat_findings(case, history, entry, values)
    if entry.fallback and not findings:
        fb = entry.fallback
        for hit in _amount_findings(case, history, entry, mins=_plan(entry).fallback):
            hit.kind, hit.crime_name = FindingKind.FALLBACK, fb.get("crime", hit.crime_name)
            hit.article = cite(fb["article"])
            hit.reason += (f"；不构成{entry.crime_name}的，依{cite(fb['basis'])}，"
                           f"按{cite(fb['article']).split('、')[-1]}以{hit.crime_name}论处")
            findings.append(hit)
    if entry.gate:
        findings = _gate(case, findings, entry.gate)
    if not findings and entry.named:
        findings = _named_conditions(case, entry)
    if not findings and entry.threshold_type == "conduct" and entry.conditions:
        findings.append(_base(entry, FindingKind.CONDITIONS, needs_review=True, checks=list(entry.conditions),
                              reason="该罪名不以数额为要件：行为一经查实即应移送"))
    if not findings and entry.ip_suspicion and entry.ip_ratio:
        findings += _ip_suspicion(case, history, entry)
    if not findings:
        return versions.Outcome(entry, None, lacking=lambda: _lacked(case, lacking))
    if entry.checks:
        for f in findings:
            f.checks = f.checks + [c for c in entry.checks if c not in f.checks]
    best = max(findings, key=lambda f: (not f.needs_review, f.ratio))
    return versions.Outcome(entry, best, lacking=lambda: _lacked(case, lacking))


def _lacked(case: Facts, thresholds: list[dict]) -> tuple[list[str], list[str]]:
    """The metrics the thresholds that could not be judged lack, each named once, in the file's order."""
    missing: list[str] = []
    unrecorded: list[str] = []
    for t in thresholds:
        lack, none = _lacking(case, t)
        missing.extend(m for m in lack if m not in missing)
        unrecorded.extend(m for m in none if m not in unrecorded)
    return missing, unrecorded


def _ip_suspicion(case: Facts, history: History, entry: Entry) -> list[Finding]:
    """知识产权: a reasonable suspicion may be transferred below the threshold (the ratio and its citation
    are the rule file's)."""
    half = _amount_findings(case, history, entry, scale=entry.ip_ratio)
    for f in half:
        f.kind, f.needs_review = FindingKind.IP_SUSPICION, True
        f.checks = [c for c in f.checks if c.startswith("需人工核实")] + ["是否需要公安机关采取措施进一步获取证据以判断是否达到追诉标准"]
        f.reason = (f"{f.text_note}{f.metric_cn} {format_amount(f.value, f.unit)} 已达标准的 {float(entry.ip_ratio):.0%} 以上，"
                    f"知识产权案件可依合理嫌疑移送（{entry.ip_citation}）")
    return half[:1]


def assess(case: Facts, history, rules: RuleBook, today: date | None = None,
           gaps_wanted: bool = True, quick: bool = True) -> tuple[list[Finding], list[Gap]]:
    """Every crime of the case judged by the version in force at the time of its conduct, compared with
    the newest (从旧兼从轻, versions.py): the findings (one per crime) and, for the crimes that raised
    nothing, why (Gap; only when wanted: a batch that writes clues has no use for them). With no gaps
    wanted and the history in memory, a crime whose every amount (with the unhandled acts added up) is
    below the least figure any version could flag is passed over unjudged (`quick`: reach.py's
    floors, so that a batch judges no further than the flags need; off to check the prefilter itself)."""
    if isinstance(history, list):
        history = History(history)
    today = today or date.today()
    results: list[Finding] = []
    gaps: list[Gap] = []
    quick = quick and not gaps_wanted and not case.suggested and type(history) is History
    for key in case.crimes:
        if quick and not _may_flag(case, history, _guard(rules, key), key):
            continue
        chain = rules.chain(key)
        if not chain:
            gaps.append(Gap(key, key, note="现行规则集未收录该罪名的立案追诉标准"))
            continue
        decided = versions.decide(case.act_date, today, chain, lambda entry: _judge(case, history, entry),
                                  rules.settings)
        finding = decided.finding
        if case.suggested:
            finding = _suggested(case, rules, key, chain[-1], finding)
        if finding is not None:
            results.append(finding)
        elif gaps_wanted:
            missing, unrecorded = _chain_lacking(case, rules, key)
            gaps.append(Gap(key, chain[-1].crime_name, missing, unrecorded, decided.note))
    return results, gaps


class _Guard:
    """The least value of each case field that can raise a flag under any version of one crime
    (reach.py, which the batch's database query also asks), lowered by a hair so that a weighted
    sum's rounding can only let more cases through to be judged; `judge`: every case must be judged
    (no amount needed, words of the case, a repeat alone)."""

    __slots__ = ("judge", "floors", "pairs")

    def __init__(self, chain: list[Entry]):
        r = reach(chain)
        self.judge = not chain or r.always or r.repeat_without_amount or bool(r.words)
        self.floors = tuple((column, floor - abs(floor) * HAIR) for column, floor in r.floors.items())
        self.pairs = tuple((a, b) for a, _, b, _, _ in r.pairs)


HAIR = Decimal("1e-9")


def _guard(rules: RuleBook, key: str) -> _Guard:
    guard = rules.derived.get(("guard", key))
    if guard is None:
        guard = rules.derived[("guard", key)] = _Guard(rules.chain(key))
    return guard


def _may_flag(case: Facts, history: History, guard: _Guard, key: str) -> bool:
    """False only when no threshold of any version of the crime can be met by this case: each amount,
    alone and with the unhandled acts of the kind it adds up with, is below the least figure (amounts
    are never negative; a weighted sum of two amounts the case has both of is judged)."""
    if guard.judge:
        return True
    metrics = case.metrics
    open_acts = key in history.unhandled
    for column, floor in guard.floors:
        own = metrics.get(column)
        if own is not None and own >= floor:
            return True
        if open_acts:
            total, count = history.unhandled_sum(key, column, case)
            if count and (own or ZERO) + total >= floor:
                return True
    for a, b in guard.pairs:
        if metrics.get(a) is not None and metrics.get(b) is not None:
            return True
    return False


SUGGESTED_CLEAR = 10.0  # with no amount to judge by, a suggested crime raises a clue only from this score


def _suggested(case: Facts, rules: RuleBook, key: str, entry: Entry, finding: Finding | None) -> Finding | None:
    """A crime the catalogue did not list but the words point to (screening/suggested.py): whatever it
    raises is for a person to judge (需人工判断); with none of its amounts on the case and the words
    pointing clearly, a clue still asks a person, rather than the platform saying nothing."""
    hint = next((s for s in case.suggested if s[0] == key), None)
    if hint is None:
        return finding
    _, words, score = hint
    if finding is None:
        missing, _ = _chain_lacking(case, rules, key)
        fields, _ = rules.derived[("gap", key)]
        if score < SUGGESTED_CLEAR or len(missing) < len({METRIC_CN.get(m, m) for m in fields}):
            return None  # a weak hint, or an amount below the threshold: nothing to raise
        lacking = "、".join(missing)
        finding = _base(entry, FindingKind.CONDITIONS, checks=[f"核实{lacking}" if lacking else "核实是否达到立案追诉标准"],
                        reason=f"缺少{lacking or '判断所需的数额'}，未能按立案追诉标准判断")
    finding.needs_review = True
    check = f"违法行为目录未将“{case.violation_type}”列为涉嫌{finding.crime_name}，系据{words}提示，须人工判断是否属于该罪"
    finding.checks = [check] + [c for c in finding.checks if c != check]
    finding.reason = f"据{words}提示可能涉嫌{finding.crime_name}（{finding.article}）；{finding.reason}"
    return finding


def evaluate(case: Facts, history, rules: RuleBook, today: date | None = None) -> list[Finding]:
    """All findings for one case; one per rule (the strongest)."""
    return assess(case, history, rules, today, gaps_wanted=False)[0]


def gap_metrics(chain: list[Entry]) -> tuple[list[str], list[str]]:
    """Every metric any version of a crime reads: (case fields, metric names with no field). A crime
    that raised nothing lists those its case lacks (the batch counts the same in the database)."""
    fields, unrecorded = [], []
    for entry in chain:
        for t in entry.thresholds:
            if t.get("min") is None or t.get("applies_to") == "扣缴义务人":
                continue
            for part in parts_of(t):
                name = METRIC_FIELDS.get(part["metric"])
                if name is None:
                    label = t.get("metric_cn") or part["metric"]
                    if label not in unrecorded:
                        unrecorded.append(label)
                elif part["metric"] not in fields:
                    fields.append(part["metric"])
    return fields, unrecorded


def _chain_lacking(case: Facts, rules: RuleBook, key: str) -> tuple[list[str], list[str]]:
    metrics, unrecorded = rules.derived.get(("gap", key)) or rules.derived.setdefault(("gap", key), gap_metrics(rules.chain(key)))
    missing = []
    for metric in metrics:
        name = METRIC_CN.get(metric, metric)
        if _own(case, metric) is None and name not in missing:
            missing.append(name)
    return missing, unrecorded


def crimes_of(catalogue: Catalogue, violation_type: str, legal_basis: str) -> tuple:
    return tuple(catalogue.crimes_for(violation_type or "", legal_basis or ""))
