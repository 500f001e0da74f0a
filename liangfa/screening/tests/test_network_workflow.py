"""Issue 15, the workflow: the list of network clues (关联当事人合计线索, 需人工判断) for those who may see every
case of one, each read receipted; the 人工判断 recorded through the page and the API (转为线索 → 移送/督促移送,
or 排除 with reasons); the 待办 row; and a network search bounded by indexed lookups and a cap."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from liangfa.agencies import services as agency_services
from liangfa.core.models import AuditEntry
from liangfa.parties.models import Party
from liangfa.parties.network import record_contacts
from liangfa.screening.models import NetworkClue
from liangfa.screening.networks import networks, screen_networks
from liangfa.screening.tests.test_network_clues import _split_business
from liangfa.testing import PASSWORD, load, record

LIST = "/clues/network/"


def _page(world, user, query="") -> str:
    response = world.client(user).get(LIST + query)
    assert response.status_code == 200
    return response.content.decode()


def _inspector(world):
    jcw = agency_services.create_agency(actor=world.admin, code="t-jcw", name="测试市监察委员会", kind="supervision",
                                       level="city", region_code="410800", field="general")
    return agency_services.create_user(actor=world.admin, username="n_inspector", password=PASSWORD, agency=jcw,
                                       roles=["inspector"], full_name="n_inspector")


def test_the_list_shows_parties_sum_edges_and_basis_to_who_may_see_every_case_and_receipts_the_reads(world):
    _split_business(world)
    clue = NetworkClue.objects.get()
    page = _page(world, world.prosecutor)
    assert "关联当事人合计线索（需人工判断）" in page and "共 1 条" in page and "待人工判断" in page
    assert "生产、销售伪劣产品罪" in page and "合计 <strong>55,000.00 元</strong>" in page
    assert "立案追诉标准 50,000.00 元" in page
    for party in clue.parties:
        assert f'<a href="/parties/{party["party_id"]}/">{party["name"]}</a>' in page
    assert "法定代表人/经营者身份证号相同" in page and "测市监罚〔2025〕1号" in page and "测县市监罚〔2025〕7号" in page
    assert '<td class="num">30,000.00 元</td>' in page and '<td class="num">25,000.00 元</td>' in page
    assert "本地实务，待核对" in page and "能否累计计算须人工判断" in page
    assert "记录人工判断" in page  # the procuratorate decides it
    # the prosecutor read the city's and the county's cases: one receipt each
    owners = set(AuditEntry.objects.filter(action="case.read", object_repr__startswith="关联当事人合计线索")
                 .values_list("owner_agency_id", flat=True))
    assert owners == {world.market.pk, world.county_market.pk}
    # a supervising reader sees it but does not decide it; the county and the tax bureau do not see it
    inspector = _page(world, _inspector(world))
    assert "测县市监罚〔2025〕7号" in inspector and "记录人工判断" not in inspector
    for outsider in (world.county_officer, world.tax_officer):
        page = _page(world, outsider)
        assert "共 0 条" in page and "测市监罚〔2025〕1号" not in page and "没有符合条件的关联当事人合计线索" in page
    # the procuratorate, the supervising bodies and the agencies reach it from the navigation; the police not
    assert '<a href="/clues/network/">关联线索</a>' in inspector
    assert '<a href="/clues/network/">关联线索</a>' in _page(world, world.market_officer)
    assert '<a href="/clues/network/">关联线索</a>' not in world.client(world.police_officer).get("/").content.decode()


def test_filters_by_status_and_crime(world):
    _split_business(world)
    assert "共 1 条" in _page(world, world.prosecutor, "?state=new&crime=生产、销售伪劣产品罪")
    assert "共 0 条" in _page(world, world.prosecutor, "?state=dismissed")
    assert "共 0 条" in _page(world, world.prosecutor, "?state=&crime=逃税罪")
    assert 'href="/clues/network/"' in world.client(world.prosecutor).get("/clues/").content.decode()


def test_dismissing_needs_a_reason_in_words_and_then_is_recorded(world):
    _split_business(world)
    clue = NetworkClue.objects.get()
    officer = world.client(world.market_officer)  # the city holds one case and sees the county's
    response = officer.post(f"{LIST}{clue.pk}/decide/", {"to": "dismissed", "reason": "  "}, follow=True)
    assert "排除关联当事人合计线索必须填写“排除理由”" in response.content.decode()
    assert NetworkClue.objects.get().status == "new"
    response = officer.post(f"{LIST}{clue.pk}/decide/", {"to": "dismissed", "reason": "两公司实际经营者不同"}, follow=True)
    page = response.content.decode()
    assert "关联当事人合计线索已改为“已排除”" in page and "两公司实际经营者不同" in page
    assert AuditEntry.objects.filter(action="screening.network_clue_dismissed", reason="两公司实际经营者不同").count() == 1
    # a closed clue cannot be decided again
    response = officer.post(f"{LIST}{clue.pk}/decide/", {"to": "converted"}, follow=True)
    assert "该线索当前为“已排除”，不能改为“已转为线索”" in response.content.decode()


def test_converting_opens_the_transfer_or_the_procuratorate_s_opinion_path(world):
    _split_business(world)
    clue = NetworkClue.objects.get()
    case_ids = [row["case_id"] for row in clue.cases]
    officer = world.client(world.market_officer)
    page = officer.post(f"{LIST}{clue.pk}/decide/", {"to": "converted", "reason": "同一人分拆经营"}, follow=True
                        ).content.decode()
    assert "关联当事人合计线索已改为“已转为线索”" in page
    assert f"/transfers/new/{case_ids[0]}/?crime=" in page and "发起移送：测市监罚〔2025〕1号" in page
    assert f"/transfers/new/{case_ids[1]}/" not in page  # the county's case is the county's to transfer
    prosecutor = _page(world, world.prosecutor, "?state=converted")
    assert "制发检察意见，督促测试县市场监督管理局移送测县市监罚〔2025〕7号" in prosecutor
    assert f"/supervision/opinions/new/?case={case_ids[1]}&amp;agency=t-xw-scjg" in prosecutor


def test_who_may_decide_is_refused_in_words(world):
    _split_business(world)
    clue = NetworkClue.objects.get()
    inspector = world.client(_inspector(world))
    response = inspector.post(f"{LIST}{clue.pk}/decide/", {"to": "converted"}, follow=True)
    assert "只有检察官，或持有该线索所列案件的行政执法机关的执法人员" in response.content.decode()
    assert world.client(world.county_officer).post(f"{LIST}{clue.pk}/decide/", {"to": "converted"}).status_code == 404
    assert NetworkClue.objects.get().status == "new"


def test_the_api_lists_filters_and_decides(world):
    _split_business(world)
    clue = NetworkClue.objects.get()
    api = world.client(world.prosecutor)
    body = api.get("/api/clues/network?status=new").json()
    assert body[0]["status_label"] == "待人工判断" and body[0]["edges"][0]["evidence"] == "法定代表人/经营者身份证号相同"
    assert body[0]["capped_at"] is None and "本地实务" in body[0]["basis"]
    assert api.get("/api/clues/network?status=dismissed").json() == []
    url = f"/api/clues/network/{clue.pk}/decide"
    refused = api.post(url, {"to": "dismissed"}, content_type="application/json")
    assert refused.status_code == 400 and "排除理由" in refused.json()["detail"]
    unknown = api.post(url, {"to": "transferred"}, content_type="application/json")
    assert unknown.status_code == 400 and "不是可选的处理结果" in unknown.json()["detail"]
    done = api.post(url, {"to": "converted", "reason": "同一人控制"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["status_label"] == "已转为线索"
    assert done.json()["decided_reason"] == "同一人控制"
    assert AuditEntry.objects.filter(action="screening.network_clue_converted").count() == 1
    hidden = world.client(world.county_officer).post(url, {"to": "checking"}, content_type="application/json")
    assert hidden.status_code == 404
    inspector = world.client(_inspector(world)).post(url, {"to": "checking"}, content_type="application/json")
    assert inspector.status_code == 403 and "只有检察官" in inspector.json()["detail"]  # reads, does not decide


def test_the_todo_counts_open_network_clues_for_who_decides_them(world):
    _split_business(world)
    clue = NetworkClue.objects.get()
    row = '<a href="/clues/network/">待人工判断的关联当事人合计线索</a></td>\n<td class="num">{}</td>'
    for user in (world.prosecutor, world.market_officer):
        assert row.format(1) in world.client(user).get("/").content.decode()
    assert row.format(0) in world.client(world.tax_officer).get("/").content.decode()  # sees none of its cases
    assert "关联当事人合计线索" not in world.client(world.police_officer).get("/").content.decode()
    world.client(world.prosecutor).post(f"{LIST}{clue.pk}/decide/", {"to": "dismissed", "reason": "非同一人"})
    assert row.format(0) in world.client(world.market_officer).get("/").content.decode()


def test_new_facts_reopen_a_dismissed_clue(world):
    _split_business(world)
    clue = NetworkClue.objects.get()
    world.client(world.prosecutor).post(f"{LIST}{clue.pk}/decide/", {"to": "dismissed", "reason": "非同一人"})
    load(world.market, [record(**{"行政处罚决定书文号": "测市监罚〔2025〕2号", "销售金额（元）": "1,000",
                                  "法定代表人证件号码": "410802198503150019"})])
    assert NetworkClue.objects.get().status == "new"


# ---- the bounded search -----------------------------------------------------------------------------------

def _party(name, **contacts):
    party = Party.objects.create(kind="legal_person", name=name, name_norm=name)
    return record_contacts(party, **contacts)


def test_the_search_reads_the_network_not_every_party_and_its_queries_do_not_grow_with_unrelated_parties(db):
    a = _party("甲公司", phone="13900000001")
    _party("乙公司", phone="13900000001", address="焦作市解放区民主路1号")
    _party("丙公司", address="焦作市解放区民主路1号")

    def count(extra: int) -> tuple[int, list]:
        for _ in range(extra):
            _party(f"无关公司{Party.objects.count()}", phone=f"1370000{Party.objects.count():04d}",
                   address=f"焦作市山阳区无关路{Party.objects.count()}号")
        with CaptureQueriesContext(connection) as queries:
            found = networks({a.pk})
        return len(queries), found

    few, found = count(5)
    many, again = count(200)
    assert few == many, f"{few} queries with 5 unrelated parties, {many} with 205"
    assert [f.members for f in found] == [f.members for f in again] and len(found[0].members) == 3
    assert {e["evidence"] for e in found[0].edges} == {"联系电话相同", "注册地址相同"}
    # every read is an indexed lookup on given values (ids or contact values), never a scan of all contacts
    with CaptureQueriesContext(connection) as queries:
        networks({a.pk})
    assert all(" IN (" in q["sql"] for q in queries.captured_queries), [q["sql"] for q in queries.captured_queries]


def test_a_network_stops_at_the_cap_and_the_page_says_so(world, settings):
    _split_business(world)  # 恒信 and 恒达: the same 法定代表人
    NetworkClue.objects.all().delete()
    first = Party.objects.order_by("pk").first()
    for i in range(4):  # four more shells on 恒信's phone
        _party(f"链条公司{i}", phone="13800000000")
    record_contacts(first, rep_id_no="410802198503150019", phone="13800000000")
    assert len(networks({first.pk})[0].members) == 6 and networks({first.pk})[0].capped_at is None
    settings.NETWORK_MAX_PARTIES = 3
    found = networks({first.pk})
    assert len(found[0].members) == 3 and found[0].capped_at == 3
    assert [(len(f.members), f.capped_at) for f in networks()] == [(3, 3)]  # the full screening too
    assert screen_networks(party_ids={first.pk}) == 1
    page = _page(world, world.prosecutor)
    assert "该关联网络超过 3 个当事人，检索在第 3 个当事人处停止" in page and "合计 <strong>55,000.00 元" in page


def test_a_converted_clue_is_the_agency_s_next_step_until_it_transfers_and_has_its_own_page(world):
    """The prosecutor converts the clue: the agencies holding its cases see a 待办 row for their own case, the
    clue has a page of its own (linked from the list and the party page), and the basis names the
    version's own checks with the article once."""
    from liangfa.cases.models import PenaltyCase
    from liangfa.transfers.services import draft_transfer

    _split_business(world)
    clue = NetworkClue.objects.get()
    assert clue.reason.count(clue.article) == 1
    world.client(world.prosecutor).post(f"{LIST}{clue.pk}/decide/", {"to": "converted", "reason": "同一人分拆经营"})
    row = ('<a href="/clues/network/?state=converted">关联线索已转为线索、本机关案件待发起移送</a></td>\n'
           '<td class="num">{}</td>')
    due = row.format('<span class="flag bad">1</span>')
    assert due in world.client(world.market_officer).get("/").content.decode()
    # the county bureau may not open the clue (the city's case is not its to see): no row leading nowhere; the
    # procuratorate's 检察意见 asks it to transfer its case
    assert row.format(0) in world.client(world.county_officer).get("/").content.decode()
    page = world.client(world.market_officer).get(f"{LIST}{clue.pk}/").content.decode()
    assert "已转为线索" in page and "发起移送：测市监罚〔2025〕1号" in page and "处理经过" in page
    assert world.client(world.tax_officer).get(f"{LIST}{clue.pk}/").status_code == 404
    assert f'href="/clues/network/{clue.pk}/"' in world.client(world.market_officer).get(
        f"/parties/{clue.parties[0]['party_id']}/").content.decode()
    mine = next(row["case_id"] for row in clue.cases if row["decision_no"] == "测市监罚〔2025〕1号")
    draft_transfer(PenaltyCase.objects.get(pk=mine), actor=world.market_officer, team=[world.market_officer2],
                   suspected_crime=clue.crime_name, report="关联当事人合计达到追诉标准", no_clue_reason="关联线索")
    assert row.format(0) in world.client(world.market_officer).get("/").content.decode()
    page = world.client(world.market_officer).get(f"{LIST}{clue.pk}/").content.decode()
    assert "测市监罚〔2025〕1号已发起移送（起草中）" in page and "发起移送：测市监罚〔2025〕1号" not in page
    assert "关联线索" in world.client(world.market_officer).get("/").content.decode().split("<main")[0]  # in the nav
