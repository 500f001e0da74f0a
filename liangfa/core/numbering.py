"""Each organ's own 文号 (发文字号): 机关代字 + 文书代字 + 〔年份〕 + 序号 + 号, numbered by the platform.

A number is taken inside the transaction that writes the document: if the document is not written the
number is not used either, and a number once written is never given again. Two officers numbering at the
same moment wait for each other on the sequence row (PostgreSQL row lock; SQLite runs writers one at a time)."""

from functools import cache
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import F

from liangfa.core import yamldata
from liangfa.core.models import DocumentNumber

DATA = Path(__file__).resolve().parent.parent / "data" / "document_numbers.yaml"


@cache
def _words() -> dict:
    return yamldata.load(DATA.read_text(encoding="utf-8"))


def organ_word(organ) -> str:
    """焦公, 焦检, 焦市监: the 机关代字 from the data, else the name's first character and the field's word."""
    words = _words()
    if organ.code in words["organs"]:
        return words["organs"][organ.code]
    return organ.name[:1] + words["fields"].get(organ.field, "")


def prefix_for(organ, title: str, department=None) -> str:
    """焦公（经）立字 for 立案通知书 of the 经侦 department; 焦检刑通立 for 通知立案书."""
    words = _words()
    dept = words["departments"].get(getattr(department, "kind", ""), "") if department is not None else ""
    return organ_word(organ) + (f"（{dept}）" if dept else "") + words["kinds"].get(title, "")


def numbered(organ, title: str, year: int, department=None) -> str:
    """Take the organ's next number for this kind of 文书 and year: 焦公（经）立字〔2026〕12号."""
    prefix = prefix_for(organ, title, department)
    return f"{prefix}〔{year}〕{_next(organ.code, prefix, year)}号"


def _next(organ: str, prefix: str, year: int) -> int:
    assert transaction.get_connection().in_atomic_block, "a 文号 is taken in the document's own transaction"
    rows = DocumentNumber.objects.filter(organ=organ, prefix=prefix, year=year)
    if not rows.update(last=F("last") + 1):  # the UPDATE locks the row until the document's transaction ends
        try:
            with transaction.atomic():
                DocumentNumber.objects.create(organ=organ, prefix=prefix, year=year, last=1)
            return 1
        except IntegrityError:  # another officer opened this year's sequence a moment ago
            rows.update(last=F("last") + 1)
    return rows.values_list("last", flat=True).get()
