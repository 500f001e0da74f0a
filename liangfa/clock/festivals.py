"""The festivals of 《全国年节及纪念日放假办法》第二条 on the solar calendar of a given year.

Data: data/statutory_holidays.yaml (one entry per revision, with the law's words). Lunar dates and the
solar term 清明 come from lunar_python (pinned in requirements.lock); a test checks every packaged year
2004–2026 against the State Council's arrangements in data/holidays.csv.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from lunar_python import Lunar, Solar

from liangfa.core import yamldata

DATA = Path(__file__).resolve().parent.parent / "data" / "statutory_holidays.yaml"


@dataclass(frozen=True)
class Festival:
    name: str
    text: str  # the law's words, e.g. 放假4天（农历除夕、正月初一至初三）
    days: tuple[str, ...]  # MM-DD, 农历MM-DD, 除夕, 清明


@dataclass(frozen=True)
class Revision:
    revision: date
    in_force_from: date
    source: str
    confidence: str
    law: str
    article: str
    festivals: tuple[Festival, ...]

    @property
    def citation(self) -> str:
        r = self.revision
        return f"《{self.law}》{self.article}（{r.year}年{r.month}月{r.day}日修订）"


@cache
def revisions() -> tuple[Revision, ...]:
    data = yamldata.load(DATA.read_text(encoding="utf-8"))
    return tuple(sorted(
        (Revision(revision=v["revision"], in_force_from=v["in_force_from"], source=v["source"],
                  confidence=v["confidence"], law=data["law"], article=data["article"],
                  festivals=tuple(Festival(name, f["text"], tuple(f["days"])) for name, f in v["festivals"].items()))
         for v in data["versions"]),
        key=lambda r: r.in_force_from))


def revision_for(year: int) -> Revision:
    """The latest revision in force during the year (those since 2008 took effect on 1 January)."""
    found = [r for r in revisions() if r.in_force_from <= date(year, 12, 31)]
    if not found:
        raise ValueError(f"{year} 年早于《全国年节及纪念日放假办法》已收录的版本")
    return found[-1]


def _solar(value: Solar) -> date:
    return date(value.getYear(), value.getMonth(), value.getDay())


def resolve(spec: str, year: int) -> date:
    """One day of a festival in `year`: 01-01, 农历05-05, 除夕 (eve of 正月初一), 清明 (the solar term)."""
    if spec == "除夕":
        return _solar(Lunar.fromYmd(year, 1, 1).getSolar()) - timedelta(days=1)
    if spec == "清明":
        return _solar(Solar.fromYmd(year, 4, 1).getLunar().getJieQiTable()["清明"])
    if spec.startswith("农历"):
        month, day = map(int, spec.removeprefix("农历").split("-"))
        return _solar(Lunar.fromYmd(year, month, day).getSolar())
    month, day = map(int, spec.split("-"))
    return date(year, month, day)


@cache
def festival_days(year: int) -> dict[str, tuple[date, ...]]:
    """Festival name → its statutory days off in `year`, by the revision in force."""
    return {f.name: tuple(resolve(spec, year) for spec in f.days) for f in revision_for(year).festivals}
