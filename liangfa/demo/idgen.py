"""Synthetic identifiers with correct check characters (demo region and benchmarks; no Django)."""

from datetime import date, timedelta

from stdnum.cn import ric, uscc


def _org_code(rng) -> str:
    """GB 11714 organisation code: 8 characters and a check character."""
    body = "".join(rng.choice("0123456789") for _ in range(8))
    weights = [3, 7, 9, 10, 5, 8, 4, 2]
    check = 11 - sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def make_uscc(rng, category: str, region: str) -> str:
    head = category + region + _org_code(rng)
    return head + uscc.calc_check_digit(head)


def make_resident_id(rng, region: str) -> str:
    birth = date(1955, 1, 1) + timedelta(days=rng.randrange(0, 365 * 45))
    head = f"{region}{birth:%Y%m%d}{rng.randrange(0, 999):03d}"
    return head + ric.calc_check_digit(head + "0")
