"""Issue 15, the party page's network graph: reached by the same bounded search as the network clues (one
count per contact column and one read of the holders per step, IN lookups on the values in hand), so its
queries do not grow with unrelated parties nor with the size of the network, which stops at the cap."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from liangfa.parties.models import Party
from liangfa.parties.network import network_of
from liangfa.parties.tests.test_rules_network import _network


def _parties(rows):
    Party.objects.bulk_create([Party(kind="legal_person", name=name, name_norm=name, **contacts)
                               for name, contacts in rows])


def _count(party) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        net = network_of(Party.objects.get(pk=party.pk))
    return len(queries), net


def test_the_graph_s_queries_do_not_grow_with_unrelated_parties(world):
    company, shop = _network(world)
    few, net = _count(company)
    _parties((f"无关公司{i}", {"phone": f"137{i:08d}", "address_key": f"山阳区无关路{i}号"}) for i in range(300))
    many, again = _count(company)
    assert few == many <= 10, (few, many)
    assert set(net.parties) == set(again.parties) == {company.pk, shop.pk}


def test_a_large_network_is_read_in_a_bounded_number_of_queries_and_the_page_says_where_it_stopped(world, settings):
    company, shop = _network(world)
    small, _ = _count(company)
    # 50 shells on the company's phone, each with two sisters at its own address: 150 parties two steps away
    _parties((f"壳公司{i}", {"phone": "13903910001", "address_key": f"解放区壳路{i}号"}) for i in range(50))
    _parties((f"姐妹公司{i}-{j}", {"address_key": f"解放区壳路{i}号"}) for i in range(50) for j in range(2))
    settings.NETWORK_MAX_PARTIES = 1000
    whole, net = _count(company)
    assert len(net.parties) == 152 and not net.cut  # the company, the shop, 50 shells, 100 sisters
    assert whole <= small + 5, (small, whole)  # one more step's counts and read, not three queries a party
    settings.NETWORK_MAX_PARTIES = 40
    capped, net = _count(company)
    assert len(net.parties) == 40 and net.cut and capped <= whole
    page = world.client(world.prosecutor).get(f"/parties/{company.pk}/").content.decode()
    assert "关联网络（40 个当事人）" in page and "关联当事人过多，只显示前 40 个。" in page


def test_a_value_shared_by_a_crowd_joins_none_and_the_page_says_so(world):
    company, shop = _network(world)
    _parties((f"代办公司{i}", {"phone": "13903910001"}) for i in range(80))  # a call centre's phone
    count, net = _count(company)
    assert set(net.parties) == {company.pk, shop.pk} and net.crowded and count <= 10
    page = world.client(world.prosecutor).get(f"/parties/{company.pk}/").content.decode()
    assert "有的地址或电话为超过 60 个当事人共用" in page
