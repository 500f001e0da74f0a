"""Issue 15: parties joined by the same 法定代表人, address or phone whose cases of one crime each stay
under the 立案追诉标准 but together reach it raise a 需人工判断 clue naming the parties, the cases and the
sum, citing the threshold; only a reader who may see every one of those cases sees it."""

from liangfa.core.models import AuditEntry
from liangfa.screening.models import Clue, NetworkClue
from liangfa.screening.networks import screen_networks, visible_network_clues
from liangfa.testing import load, record

REP = "410802198503150019"
NO_CODE = "行政相对人代码_1（统一社会信用代码）"


def _split_business(world, second_sales="25,000"):
    load(world.market, [record(**{"销售金额（元）": "30,000", "法定代表人证件号码": REP})])
    load(world.county_market, [record(**{"行政处罚决定书文号": "测县市监罚〔2025〕7号", "行政相对人名称": "焦作市恒达商贸有限公司",
                                         NO_CODE: "", "销售金额（元）": second_sales, "法定代表人证件号码": REP,
                                         "违法行为发生日期": "2024-12-02"})])


def test_two_shells_under_the_threshold_that_together_reach_it_raise_a_clue_for_a_person(world):
    _split_business(world)
    assert not Clue.objects.exists()  # neither case reaches 5万 alone
    clue = NetworkClue.objects.get()  # raised when the second record came in
    assert clue.crime_name == "生产、销售伪劣产品罪" and clue.total == 55000 and clue.threshold == 50000
    assert [p["name"] for p in clue.parties] == ["焦作市恒信食品有限公司", "焦作市恒达商贸有限公司"]
    assert [c["decision_no"] for c in clue.cases] == ["测市监罚〔2025〕1号", "测县市监罚〔2025〕7号"]
    assert clue.evidence == ["法定代表人/经营者身份证号相同"]
    assert "合计 55,000.00 元 ≥ 50,000.00 元" in clue.reason and "能否累计计算须人工判断" in clue.reason
    assert clue.standard in clue.reason and "第一百四十条" in clue.article
    assert any(c.startswith("需人工判断") for c in clue.checks)
    assert AuditEntry.objects.filter(action="screening.network_clue").count() == 1
    assert screen_networks() == 0  # screened again: nothing new


def test_only_a_reader_who_may_see_every_case_sees_the_clue(world):
    _split_business(world)
    assert len(visible_network_clues(world.prosecutor)) == 1
    assert len(visible_network_clues(world.market_officer)) == 1  # the city sees the county below it
    assert visible_network_clues(world.county_officer) == []  # not the city's case
    assert visible_network_clues(world.tax_officer) == []
    body = world.client(world.prosecutor).get("/api/clues/network").json()
    assert body[0]["total"] == "55000.000" and body[0]["needs_review"] is True
    assert world.client(world.county_officer).get("/api/clues/network").json() == []


def test_no_clue_when_the_sum_stays_under_or_the_parties_are_not_joined(world):
    _split_business(world, second_sales="15,000")
    assert not NetworkClue.objects.exists()  # 45,000 < 50,000
    load(world.tax, [record(**{"行政处罚决定书文号": "测税罚〔2025〕9号", "处罚机关": "测试市税务局",
                               "行政相对人名称": "焦作市无关商贸有限公司", NO_CODE: "", "销售金额（元）": "40,000"})])
    assert not NetworkClue.objects.exists()  # a third party with no shared contact joins nothing


def test_the_party_page_shows_the_clue_to_who_may_see_every_case(world):
    from liangfa.parties.models import Party

    _split_business(world)
    party = Party.objects.get(name="焦作市恒达商贸有限公司")
    page = world.client(world.market_officer).get(f"/parties/{party.pk}/").content.decode()
    assert "关联当事人合计线索（需人工判断，1 条）" in page and "测市监罚〔2025〕1号" in page
    assert "合计 55,000.00 元 ≥ 50,000.00 元" in page and "法定代表人/经营者身份证号相同" in page
    assert "待人工判断" in page and '<a href="/clues/network/?state=#network-clue-' in page and "记录人工判断" in page
    county = world.client(world.county_officer).get(f"/parties/{party.pk}/").content.decode()
    assert "关联当事人合计线索" not in county and "测市监罚〔2025〕1号" not in county


def test_the_clue_says_it_is_a_local_practice_and_can_be_turned_off(world, settings):
    settings.NETWORK_CLUES = False
    _split_business(world)
    assert not NetworkClue.objects.exists()
    settings.NETWORK_CLUES = True
    assert screen_networks() == 1
    reason = NetworkClue.objects.get().reason
    assert "本地实务，待核对；系统管理员可在部署设置中关闭" in reason and "LIANGFA_" not in reason and "L，" not in reason


def test_a_third_shell_joins_the_same_clue(world):
    _split_business(world)
    load(world.tax, [record(**{"行政处罚决定书文号": "测税罚〔2025〕9号", "处罚机关": "测试市税务局",
                               "行政相对人名称": "焦作市恒发商贸有限公司", NO_CODE: "", "销售金额（元）": "10,000",
                               "联系电话": "0391-2345678"})])
    load(world.market, [record(**{"行政处罚决定书文号": "测市监罚〔2025〕2号", "销售金额（元）": "1,000",
                                  "法定代表人证件号码": REP, "联系电话": "0391-2345678"})])
    clue = NetworkClue.objects.get()
    assert clue.total == 66000 and len(clue.cases) == 4 and len(clue.parties) == 3
    assert clue.evidence == ["法定代表人/经营者身份证号相同", "联系电话相同"]
    assert AuditEntry.objects.filter(action="screening.network_clue_update").count() == 1
    assert visible_network_clues(world.market_officer) == []  # now it adds up a tax case too
    assert len(visible_network_clues(world.prosecutor)) == 1
