"""执法依据: the law texts the platform ships (data/laws), by article, with the version in force on a date."""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from liangfa.core.text import to_halfwidth

DATA = Path(__file__).resolve().parent.parent / "data" / "laws"
ARTICLE = re.compile(r"^(第[零一二三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?)\s*(.*)$")
ITEM = re.compile(r"^([一二三四五六七八九十]+)、(.*)$")  # texts numbered 一、二、 instead of 第X条 (SPP 2001)
IN_FORCE = re.compile(r"自(\d{4}年\d{1,2}月\d{1,2}日)起施行")
DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
FILE = re.compile(r"^(?P<title>.+?)(?:\((?P<version>\d{4}-\d{2}-\d{2})\))?\.md$")


@dataclass
class Article:
    number: str  # 第四十八条
    text: str  # the article's paragraphs, joined by newlines
    chapter: str = ""


@dataclass
class LawVersion:
    slug: str
    title: str
    version: date | None
    effective: date | None  # 施行 date where the header names one, else the version date
    history: list[str]
    articles: list[Article] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"《{self.title}》" + (f"（{self.version:%Y年%m月%d日}版）" if self.version else "")

    def article(self, number: str) -> Article | None:
        return next((a for a in self.articles if a.number == number), None)


def _date(text: str) -> date | None:
    match = DATE.search(to_halfwidth(text))
    return date(*map(int, match.groups())) if match else None


def _parse(path: Path) -> LawVersion:
    match = FILE.match(path.name)
    raw = path.read_text(encoding="utf-8")
    head, _, body = raw.partition("<!-- INFO END -->") if "<!-- INFO END -->" in raw else ("", "", raw)
    history = [line.strip() for line in head.splitlines()[1:] if line.strip()]
    version = date.fromisoformat(match["version"]) if match["version"] else None
    law = LawVersion(hashlib.sha1(path.name.encode()).hexdigest()[:10], match["title"], version,
                     _effective(history, body, version), history)
    numbered = not any(ARTICLE.match(line.strip()) for line in body.splitlines())
    chapter, current = "", None
    for line in body.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            chapter = line.lstrip("# ").strip()
            continue
        found = (ITEM if numbered else ARTICLE).match(line)
        if found:
            current = Article(found[1], found[2], chapter)
            law.articles.append(current)
        elif current is not None:
            current.text += "\n" + line
    return law


def _effective(history: list[str], body: str, version: date | None) -> date | None:
    """The 施行 date of this version: the header's, or the text's own “自…起施行”, when not before the version
    date (a header may only name the first version's 施行); else the version date."""
    candidates = [_date(line) for line in history if "施行" in line] + [_date(m) for m in IN_FORCE.findall(body)]
    later = sorted(d for d in candidates if d and (version is None or d >= version))
    return later[0] if later else version


@cache
def all_versions() -> tuple[LawVersion, ...]:
    return tuple(sorted((_parse(p) for p in DATA.glob("*.md") if p.name != "README.md"),
                        key=lambda law: (law.title, law.version or date.min)))


def by_slug(slug: str) -> LawVersion | None:
    return next((law for law in all_versions() if law.slug == slug), None)


def titles() -> list[str]:
    return sorted({law.title for law in all_versions()})


def in_force(title: str, on: date) -> LawVersion | None:
    """The version of `title` in force on `on`: the latest whose 施行 date is not after it."""
    versions = [law for law in all_versions() if law.title == title and (law.effective or date.min) <= on]
    return versions[-1] if versions else None


def current_versions(on: date) -> list[LawVersion]:
    return [law for law in (in_force(title, on) for title in titles()) if law is not None]


def search(query: str, *, on: date, title: str = "", limit: int = 50) -> list[tuple[LawVersion, Article]]:
    """Articles of the versions in force on `on` that contain every word of the query, or the article the
    query names (第四十八条, or 48)."""
    query = to_halfwidth(query or "").strip()[:100]
    laws = [law for law in current_versions(on) if not title or law.title == title]
    number = _article_number(query)
    hits = []
    for law in laws:
        for article in law.articles:
            if number and article.number == number or not number and query and all(
                    word in article.text for word in query.split()):
                hits.append((law, article))
                if len(hits) >= limit:
                    return hits
    return hits


_DIGITS = "零一二三四五六七八九"


def _article_number(query: str) -> str:
    """第48条, 48 or 第四十八条 → 第四十八条; anything else → ''."""
    match = re.fullmatch(r"第?(\d{1,4})条?", query)
    if match:
        return f"第{_chinese(int(match[1]))}条"
    return query if ARTICLE.match(query + " ") and query.endswith("条") else ""


def _chinese(n: int) -> str:
    if n < 10:
        return _DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        tail = "" if rest == 0 else ("零" + _DIGITS[rest] if rest < 10 else
                                     ("一" + _chinese(rest) if rest < 20 else _chinese(rest)))
        return _DIGITS[hundreds] + "百" + tail
    thousands, rest = divmod(n, 1000)
    return _DIGITS[thousands] + "千" + ("" if rest == 0 else ("零" if rest < 100 else "") + _chinese(rest))
