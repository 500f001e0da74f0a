"""Which version of a crime's rule judges a case: the law in force at the time of the conduct.

两高《关于适用刑事司法解释时间效力问题的规定》: the interpretation in force when the act was done
applies; where the newest is more favourable to the suspect, the newest (第三条). Where none existed then,
the later one applies (第二条) — but a version this platform has not encoded is not one that did not
exist, so conduct before the oldest version encoded is judged by that version and marked 需人工判断.

For screening, "more favourable" is read from the findings: a version under which the conduct raises
nothing is the lighter one, so a full flag needs both; when both flag, the one whose threshold the
value passes by less (the higher standard) is applied. Either version lacking the data to judge makes
the outcome a question for a person, never a silent pass.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


class Outcome:
    """One version judged: its strongest finding (None: nothing met) and what it could not judge (the
    metrics it lacked, worked out only when asked: `lacking` returns (missing, unrecorded))."""

    __slots__ = ("entry", "finding", "_lacking", "_found")

    def __init__(self, entry, finding, missing: list | None = None, unrecorded: list | None = None, *,
                 lacking: Callable[[], tuple[list, list]] | None = None):
        self.entry, self.finding, self._lacking = entry, finding, lacking
        self._found = None if lacking is not None else (missing or [], unrecorded or [])

    def _worked_out(self) -> tuple[list, list]:
        if self._found is None:
            self._found = self._lacking()
        return self._found

    @property
    def missing(self) -> list:
        return self._worked_out()[0]

    @property
    def unrecorded(self) -> list:
        return self._worked_out()[1]


@dataclass
class Decided:
    finding: object | None
    note: str = ""  # why nothing was raised, when the rule of time decided it


def decide(act: date, today: date, chain: list, judge: Callable[[object], Outcome], settings: dict) -> Decided:
    """The finding for one crime, with the version applied and why named in its reason."""
    citation = (settings.get("time_effect") or {}).get("citation", "")
    then = _version_on(chain, act)
    if then is None:
        return _before_every_version(act, chain, judge)
    newest = _version_on(chain, today) or then
    old = judge(then)
    gone = then.superseded
    if old.finding is not None and gone and today >= gone["since"]:
        # replaced by a text not encoded: neither what applied then (if later) nor 从轻 can be checked here
        when = "行为时适用的是" if act >= gone["since"] else "现行的是"
        _review(old.finding, f"{when}{gone['by']}；已按{then.label}判断，须人工核实")
    if then is newest:
        if old.finding is not None and len(chain) > 1:
            _say(old.finding, f"行为时适用{then.label}")
        return Decided(old.finding)
    new = judge(newest)
    o, n = old.finding, new.finding
    if o is not None and n is not None:
        if o.value is not None and n.value is not None and n.ratio < o.ratio:
            _say(n, f"行为时适用{then.label}；{newest.label}标准更高（对行为人有利），依从旧兼从轻适用{newest.label}（{citation}）")
            return Decided(n)
        if o.value is not None and n.value is not None and n.ratio == o.ratio:
            _say(o, f"行为时适用{then.label}；{newest.label}标准相同")
        else:
            _say(o, f"行为时适用{then.label}；{newest.label}并不更有利于行为人，依从旧适用行为时标准（{citation}）")
        return Decided(o)
    if o is not None:
        if new.missing:
            _review(o, f"行为时适用{then.label}已达到标准；{newest.label}缺少数据（{'、'.join(new.missing)}），"
                       f"无法比较；按{newest.label}未达到的，依从旧兼从轻不应追诉（{citation}）")
            return Decided(o)
        return Decided(None, f"按行为时{then.label}达到标准，但{newest.label}标准更高（对行为人有利），"
                             f"依从旧兼从轻不予认定（{citation}）")
    if n is not None:
        if old.missing:
            _review(n, f"按{newest.label}达到标准；行为时适用的{then.label}缺少数据（{'、'.join(old.missing)}），"
                       f"请核实是否达到行为时标准（{citation}）")
            return Decided(n)
        return Decided(None, f"按{newest.label}达到标准，但行为时适用的{then.label}未达到，依从旧不予认定（{citation}）")
    return Decided(None)


def _before_every_version(act: date, chain: list, judge) -> Decided:
    oldest = chain[0]
    since = f"{oldest.effective_from:%Y年%-m月%-d日}" if oldest.effective_from else ""
    if oldest.new_offence:
        return Decided(None, f"行为时（{act:%Y-%m-%d}）本罪尚未设立（{oldest.label}，{since}施行），依《刑法》第十二条不以本罪论处")
    outcome = judge(oldest)
    if outcome.finding is None:
        return Decided(None, f"行为时（{act:%Y-%m-%d}）适用的标准未录入（已录入的最早为{oldest.label}，{since}施行）")
    _review(outcome.finding, f"行为时（{act:%Y-%m-%d}）早于已录入的最早标准（{oldest.label}，{since}施行），"
                             f"已按该标准判断；须人工核实行为时适用的司法解释")
    return Decided(outcome.finding)


def _version_on(chain: list, day: date):
    found = None
    for entry in chain:
        if entry.effective_from is None or entry.effective_from <= day:
            found = entry
    return found


def _say(finding, note: str) -> None:
    finding.reason = f"{finding.reason}。{note}"


def _review(finding, note: str) -> None:
    finding.needs_review = True
    finding.checks = [note] + finding.checks
    finding.reason = f"{finding.reason}。{note}"
