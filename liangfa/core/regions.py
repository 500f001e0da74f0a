"""行政区划代码 lookup from the packaged regions.json (NBS 2023 current + GB/T 2260 2002–2016 historical)."""

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "regions.json"


@cache
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return data["current"], data["historical"]


def lookup(code: str) -> tuple[str | None, bool]:
    """(name, is_current) of a 6-digit code, or (None, False) when no table knows it."""
    current, historical = _tables()
    if code in current:
        return current[code], True
    if code in historical:
        return historical[code], False
    return None, False

