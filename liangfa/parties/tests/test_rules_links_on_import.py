"""Issue 15: link candidates are proposed when records come in; a confirmed link's cases show on both
party pages and in the case's party history, as far as the reader may see them."""

from liangfa.parties.links import decide_link
from liangfa.parties.models import Party, PartyLink
from liangfa.testing import load, record

NO_CODE = "行政相对人代码_1（统一社会信用代码）"


def _two_records(world):
    load(world.market, [record(**{"行政相对人名称": "焦作市恒信食品有限公司（分店）", NO_CODE: ""})])
    load(world.tax, [record(**{"行政处罚决定书文号": "测税罚〔2025〕1号", "处罚机关": "测试市税务局",
                               "行政相对人名称": "焦作市恒信食品有限公司分店", NO_CODE: ""})])


def test_an_import_proposes_the_link_without_the_command(world):
    _two_records(world)
    link = PartyLink.objects.get()
    assert link.status == "candidate" and "名称相似度" in link.reason
    page = world.client(world.prosecutor).get("/parties/links/").content.decode()
    assert "焦作市恒信食品有限公司分店" in page


def test_a_confirmed_link_shows_both_sides_cases_to_who_may_see_them(world):
    _two_records(world)
    decide_link(PartyLink.objects.get(), actor=world.prosecutor, confirm=True)
    market_party = Party.objects.get(name__contains="（分店）")
    tax_party = Party.objects.exclude(pk=market_party.pk).get()
    for party in (market_party, tax_party):
        page = world.client(world.prosecutor).get(f"/parties/{party.pk}/").content.decode()
        assert "测市监罚〔2025〕1号" in page and "测税罚〔2025〕1号" in page
    # the market officer sees the linked party's history only as far as their own agency's cases
    own = world.client(world.market_officer).get(f"/parties/{market_party.pk}/").content.decode()
    assert "测市监罚〔2025〕1号" in own and "测税罚〔2025〕1号" not in own
    case = market_party.cases.get()
    case_page = world.client(world.prosecutor).get(f"/cases/{case.pk}/").content.decode()
    assert "测税罚〔2025〕1号" in case_page
