"""Each page asks the database the same number of times whatever the data: counted for every role at
N and 3N cases and clues (an N+1 shows as a count that grows with the rows)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from stdnum.cn import uscc

from liangfa.parties.models import Party
from liangfa.screening.models import Clue
from liangfa.testing import load, record

# 待办, the case list with a filter, the clue list, the party page, 期限看板, 情况通报 for a year
PAGES = ["/", "/cases/?status=decided", "/clues/", "/parties/{party}/", "/clock/", "/reports/?period=2025年"]
ROLES = ["market_officer", "market_head", "county_officer", "police_officer", "prosecutor", "admin"]


def _code(n: int) -> str:
    body = f"9141080{n:010d}"
    return body + uscc.calc_check_digit(body)


def _rows(start: int, count: int) -> list[dict]:
    """`count` cases: half on one party (its page lists them all), half on parties of their own; each
    over the 销售金额 figure, so each raises a clue."""
    rows = []
    for n in range(start, start + count):
        own = n % 2
        rows.append(record(**{
            "行政相对人名称": f"焦作市测试{n}商贸有限公司" if own else "焦作市恒信食品有限公司",
            "行政相对人代码_1（统一社会信用代码）": _code(n) if own else "91430923745919951M",
            "行政处罚决定书文号": f"测市监罚〔2025〕{n}号",
            "处罚决定日期": f"2025-{1 + n % 12:02d}-{1 + n % 27:02d}",
            "违法行为发生日期": "2024-11-02",
        }))
    return rows


def _counts(world, role: str, party: int) -> dict[str, int]:
    client = world.client(getattr(world, role))
    out = {}
    for page in PAGES:
        url = page.format(party=party)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        out[url] = len(queries)
    return out


@pytest.mark.django_db
def test_queries_per_page_do_not_grow_with_the_data(world):
    n = 4
    load(world.market, _rows(1, n), actor=world.market_officer)
    load(world.county_market, _rows(1001, n), actor=world.county_officer)
    party = Party.objects.get(id_key="91430923745919951M").pk
    small = {role: _counts(world, role, party) for role in ROLES}
    load(world.market, _rows(2001, 2 * n), actor=world.market_officer)
    load(world.county_market, _rows(3001, 2 * n), actor=world.county_officer)
    assert Clue.objects.count() >= 6 * n  # every page has rows to list
    grown = {}
    for role in ROLES:
        large = _counts(world, role, party)
        grown.update({(role, url): (small[role][url], large[url]) for url in large if large[url] > small[role][url]})
    assert not grown, f"queries grew with the data: {grown}"


@pytest.mark.django_db
def test_the_party_page_is_paged(world, monkeypatch):
    monkeypatch.setattr("liangfa.desk.views.PARTY_PAGE", 2)
    load(world.market, [r for r in _rows(1, 10) if "恒信" in r["行政相对人名称"]], actor=world.market_officer)
    party = Party.objects.get(id_key="91430923745919951M").pk
    client = world.client(world.market_officer)
    first = client.get(f"/parties/{party}/").content.decode().split("涉罪线索（")[0]
    assert "全部案件（5 件" in first and "第 1 / 3 页" in first and "下一页" in first
    assert first.count("测市监罚〔2025〕") == 2
    last = client.get(f"/parties/{party}/?page=3").content.decode().split("涉罪线索（")[0]
    assert "第 3 / 3 页" in last and "上一页" in last and last.count("测市监罚〔2025〕") == 1
