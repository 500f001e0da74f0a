"""Adding up the figures of one metric without counting anything twice.

Figures arrive in text order. A stated total (共计, 合计) that equals the sum of the figures just before it
replaces them; figures after a total or a larger figure that add up to it exactly (or follow 其中) are its
parts; the same figure written again in the next sentence of the same story is one figure. What is left
is added up. A total that the figures of its own sentence do not add up to is a conflict, never resolved
by choice.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from liangfa.facts.numbers import plain
from liangfa.facts.reading import Reading
from liangfa.facts.words import NEW_ACT, NUMBERED

_CENT = Decimal("0.005")
_CLAUSE_END = re.compile(r"[，,。；;]")
_NEW_STORY = re.compile(r"\d+年|\d+月|\d+日|(?:^|[\s。；，,])[一二三四五六七八九十\d]{1,3}[、.．]|次日|当[天日晚]|同日|另|又|再")


@dataclass
class Outcome:
    value: Decimal = Decimal(0)
    entries: list = field(default_factory=list)  # the readings added up
    roles: dict = field(default_factory=dict)  # id(reading) → item / total / part / restated
    conflict: str = ""
    sums: tuple = ()


@dataclass
class _Node:
    reading: Reading
    parts: list = field(default_factory=list)

    @property
    def value(self) -> Decimal:
        return self.reading.amount


def matches(total: Reading, value: Decimal) -> bool:
    """16万余元 is met by anything from 16万 up to (not including) 17万."""
    if abs(total.amount - value) < _CENT:
        return True
    step = total.mention.step if total.mention.approx else Decimal(0)
    return bool(step) and total.amount <= value < total.amount + step


def _same_story(text: str, earlier: Reading, later: Reading) -> bool:
    between = text[earlier.end:later.start]
    if "\n" in between or not _CLAUSE_END.search(between):
        return False  # another paragraph, or a list (17000元、17000元) of distinct figures
    return _NEW_STORY.search(between) is None


class _Folder:
    def __init__(self, text: str):
        self.text = text
        self.entries: list[_Node] = []
        self.open: _Node | None = None  # the last figure, which the next ones may turn out to be parts of
        self.pending: list[Reading] = []
        self.out = Outcome()

    def add(self, reading: Reading) -> None:
        if self.out.conflict:
            return
        if reading.role == "same":  # 0.9336公顷（折合14.004亩）
            self.out.roles[id(reading)] = "restated"
        elif reading.repeated or (reading.back_reference and reading.role != "part"):
            self._flush()
            self._restated(reading)
        elif reading.role == "part" and self.entries:
            parent = self.entries[-1]
            parent.parts += self.pending + [reading]
            for r in self.pending + [reading]:
                self.out.roles[id(r)] = "part"
            self.pending, self.open = [], parent
        elif reading.role == "total" and any(self._restates(reading, n) for n in self.entries):
            self._flush()
            self.out.roles[id(reading)] = "restated"
        elif reading.role == "total" and not self._fits(reading):
            self._flush()
            self._total(reading)
        else:
            self._item(reading)

    def _fits(self, reading: Reading) -> bool:
        """Could the figure be a part of the open figure? Parts are taken only when two or more add up to
        it exactly; in a later paragraph only for a total or a figure that announces its list
        (价值4877元。具体事实如下：一、…1721元 二、…)."""
        parent = self.open
        if parent is None:
            return False
        if not parent.reading.announces and (parent.reading.paragraph != reading.paragraph
                                             or NEW_ACT.search(self.text, parent.reading.end, reading.start)):
            return False
        return self._taken() + reading.amount < parent.value + parent.reading.mention.step + _CENT

    def _taken(self) -> Decimal:
        return sum((r.amount for r in self.open.parts), Decimal(0)) + sum(r.amount for r in self.pending)

    def _item(self, reading: Reading) -> None:
        parent = self.open
        if self._fits(reading):
            self.pending.append(reading)
            if len(parent.parts) + len(self.pending) >= 2 and matches(parent.reading, self._taken()):
                parent.parts += self.pending
                for r in self.pending:
                    self.out.roles[id(r)] = "part"
                self.pending, self.open = [], None
            return
        self._flush()
        self._push(reading)

    def _restates(self, reading: Reading, node: _Node) -> bool:
        """The same figure again, with no new act (1、 or a date) between them."""
        return matches(node.reading, reading.amount) and not NUMBERED.search(self.text, node.reading.end, reading.start)

    def _restated(self, reading: Reading) -> None:
        """A sentence written twice, or 所盗现金4300元: money counted already (alone or as a sum)."""
        for k in range(1, len(self.entries) + 1):
            if matches(reading, sum(n.value for n in self.entries[-k:])):
                if k > 1:
                    self._replace(reading, self.entries[-k:])
                    self.out.roles[id(reading)] = "restated"
                    self.open = None
                break
        self.out.roles[id(reading)] = "restated"

    def _push(self, reading: Reading) -> None:
        last = self.entries[-1].reading if self.entries else None
        if last is not None and matches(last, reading.amount) and _same_story(self.text, last, reading):
            self.out.roles[id(reading)] = "restated"
            return
        if (reading.back_reference or any(n.startswith("已") for n in reading.notes)) and any(
                self._restates(reading, n) for n in self.entries):
            self.out.roles[id(reading)] = "restated"  # 所盗现金2600元已返还: the same money again
            return
        node = _Node(reading)
        self.entries.append(node)
        self.out.roles[id(reading)] = reading.role if reading.role != "part" else "item"
        self.open = node

    def _flush(self) -> None:
        pending, self.pending, self.open = self.pending, [], None
        for reading in pending:
            self._push(reading)

    def _total(self, total: Reading) -> None:
        for k in range(2, len(self.entries) + 1):
            suffix = self.entries[-k:]
            if matches(total, sum(n.value for n in suffix)):
                self._replace(total, suffix)
                return
        same = [n for n in self.entries if n.reading.sentence == total.sentence]
        if same and total.amount > sum(n.value for n in same) and "等" in self.text[same[-1].reading.end:total.start]:
            self._replace(total, same)  # 价值500元的手机等物品，共计价值1200元: some items had no figure
            return
        if same:
            # 分别为500元、400元、100元，共计1000元: 400 + 100 only looked like parts of 500; the stated total says
            # all three are items (parts a 其中 names are left alone)
            guessed = [p for n in same for p in n.parts if p.role != "part"]
            if guessed and matches(total, sum(n.value for n in same) + sum(p.amount for p in guessed)):
                self._replace(total, same)
                return
            added = sum(n.value for n in same)
            self.out.conflict = f"写明的合计{plain(total.amount)}与所列各项之和{plain(added)}不一致"
            self.out.sums = (total.amount, added)
            return
        self._push(total)

    def _replace(self, total: Reading, nodes: list[_Node]) -> None:
        for node in nodes:
            self.out.roles[id(node.reading)] = "part"
            for part in node.parts:
                self.out.roles[id(part)] = "part"
        taken = {id(n) for n in nodes}
        keep = [n for n in self.entries if id(n) not in taken]
        node = _Node(total, [n.reading for n in nodes])
        self.entries = keep + [node]
        self.out.roles[id(total)] = "total"
        self.open = node


def fold(readings: list[Reading], text: str) -> Outcome:
    folder = _Folder(text)
    for reading in readings:
        folder.add(reading)
    folder._flush()
    if not folder.entries and not folder.out.conflict:  # only figures that point back: nothing else to count
        folder.entries = [_Node(readings[0])]
        folder.out.roles[id(readings[0])] = "item"
    out = folder.out
    out.entries = [n.reading for n in folder.entries]
    out.value = sum((n.value for n in folder.entries), Decimal(0))
    for reading in readings:
        out.roles.setdefault(id(reading), "item")
    return out
