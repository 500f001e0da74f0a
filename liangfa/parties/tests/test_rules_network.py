"""Issue 15: parties joined by the same 法定代表人/经营者 identity number, address or phone; the party page
draws the network with each edge's evidence, masking personal data the reader may not see."""

from liangfa.parties.models import Party
from liangfa.parties.network import network_of, record_contacts
from liangfa.testing import load, record

REP = "410802198503150019"  # a valid 居民身份证号 (GB 11643 check digit)


def _network(world):
    load(world.market, [record()])
    load(world.tax, [record(**{"行政处罚决定书文号": "测税罚〔2025〕3号", "处罚机关": "测试市税务局",
                               "行政相对人名称": "王小明", "行政相对人类别": "个体工商户",
                               "行政相对人代码_1（统一社会信用代码）": "92410800MA9XXXXX1Q"})])
    company = Party.objects.get(name="焦作市恒信食品有限公司")
    shop = Party.objects.exclude(pk=company.pk).get()
    record_contacts(company, rep_id_no=REP, address="焦作市解放区民主路18号", phone="13903910001")
    record_contacts(shop, rep_id_no=REP, address="河南省焦作市 解放区民主路18号", phone="0391-2345678")
    return company, shop


def test_the_same_person_and_address_join_two_agencies_parties(world):
    company, shop = _network(world)
    net = network_of(company)
    assert set(net.parties) == {company.pk, shop.pk}
    assert sorted(key for _, _, key in net.edges) == ["address", "rep"]  # phones differ


def test_the_party_page_shows_each_edge_and_masks_what_the_reader_may_not_see(world):
    company, shop = _network(world)
    prosecutor = world.client(world.prosecutor).get(f"/parties/{company.pk}/").content.decode()
    assert "关联网络（2 个当事人）" in prosecutor and "echarts.min.js" in prosecutor
    assert "法定代表人/经营者身份证号相同" in prosecutor and REP in prosecutor and "注册地址相同" in prosecutor
    market = world.client(world.market_officer).get(f"/parties/{company.pk}/").content.decode()
    assert "法定代表人/经营者身份证号相同" in market and REP not in market and "410802********0019" in market
    # a 个体工商户's name is published as the agencies publish it; its page is not offered to this reader
    assert "王小明" in market and f'"/parties/{shop.pk}/"' not in market and f'"/parties/{shop.pk}/"' in prosecutor
    assert "民主路18号" not in market  # the address is cut to the 区

