"""Issue 15, the list of network clues in the database and each clue's history: the list filters, counts and
pages with a bounded number of queries however many clues there are, never showing a reader a clue with a
case of an organ he may not see; and each clue shows its 处理经过 (raised, figures changed, decided with who and
why, reopened by new facts) on the list and through the API."""

from datetime import timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from liangfa.cases.models import PenaltyCase
from liangfa.cases.sharing import grant_read
from liangfa.screening.models import NetworkClue, NetworkClueCase, NetworkClueEvent
from liangfa.screening.tests.test_network_clues import NO_CODE, REP, _split_business
from liangfa.screening.tests.test_network_workflow import LIST, _page
from liangfa.testing import load, record


def _copies(clue: NetworkClue, n: int, *, extra_case: PenaltyCase | None = None, crime: str = "") -> list[int]:
    """n more clues like this one (another crime and threshold, say), optionally adding another organ's case."""
    made = []
    base = timezone.now()
    for i in range(n):
        cases = [*clue.cases, *([{**clue.cases[0], "case_id": extra_case.pk, "decision_no": extra_case.decision_no,
                                  "party_id": extra_case.party_id}] if extra_case else [])]
        copy = NetworkClue.objects.create(
            **{f.attname: getattr(clue, f.attname) for f in NetworkClue._meta.concrete_fields
               if f.attname not in ("id", "fingerprint", "case_ids", "cases", "crime_name", "updated_at")},
            fingerprint=f"{clue.fingerprint[:50]}-{NetworkClue.objects.count():06d}",
            case_ids=[row["case_id"] for row in cases], cases=cases, crime_name=crime or clue.crime_name,
            updated_at=base + timedelta(seconds=i))
        NetworkClueCase.objects.bulk_create([NetworkClueCase(clue=copy, case_id=row["case_id"], party_id=row["party_id"])
                                             for row in cases])
        NetworkClueEvent.objects.create(clue=copy, time=base, actor_name="系统筛查", code="raised", to_status="new")
        made.append(copy.pk)
    return made


def _tax_case(world) -> PenaltyCase:
    load(world.tax, [record(**{"行政处罚决定书文号": "测税罚〔2025〕9号", "处罚机关": "测试市税务局",
                               "行政相对人名称": "焦作市无关商贸有限公司", NO_CODE: "", "销售金额（元）": "1,000"})])
    return PenaltyCase.objects.get(decision_no="测税罚〔2025〕9号")


def _queries(world, user, query="?state=") -> tuple[int, str]:
    client = world.client(user)
    client.get(LIST + query)  # the session and the caches warm up
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST + query)
    assert response.status_code == 200
    # the clues' rows are read a page at a time: every read of whole clues is limited (the rest count)
    whole = [q["sql"] for q in queries.captured_queries if '"screening_networkclue"."reason"' in q["sql"]]
    assert whole and all("LIMIT" in sql for sql in whole), whole
    return len(queries), response.content.decode()


def test_the_list_pages_in_the_database_and_its_queries_do_not_grow_with_the_clues(world):
    _split_business(world)
    clue = NetworkClue.objects.get()
    hidden = _copies(clue, 2, extra_case=_tax_case(world))  # the city officer may not see the tax bureau's case
    few = {user: _queries(world, user) for user in (world.prosecutor, world.market_officer)}
    assert "共 3 条" in few[world.prosecutor][1] and "共 1 条" in few[world.market_officer][1]
    _copies(clue, 60)
    hidden += _copies(clue, 40, extra_case=PenaltyCase.objects.get(decision_no="测税罚〔2025〕9号"))
    for user, (before, _) in few.items():
        after, page = _queries(world, user)
        assert after == before, f"{user}: {before} queries with 3 clues, {after} with 103"
    count, first = _queries(world, world.prosecutor)
    assert "共 103 条，第 1/3 页" in first and first.count('class="card network-clue"') == 50
    assert "未结 103 条（待人工判断 103、核查中 0）" in first
    # the city officer: 61 clues over two pages, none with the tax bureau's case, the counts as well
    officer = world.client(world.market_officer)
    pages = [officer.get(f"{LIST}?state=&page={n}").content.decode() for n in (1, 2, 3)]
    assert "共 61 条，第 1/2 页" in pages[0] and "未结 61 条（待人工判断 61、核查中 0）" in pages[0]
    assert sum(p.count('class="card network-clue"') for p in pages[:2]) == 61
    for page in pages:
        assert "测税罚〔2025〕9号" not in page
        assert not any(f'id="network-clue-{pk}"' in page for pk in hidden)
    # a reader who sees neither the city's case nor the tax bureau's sees none
    assert "共 0 条" in _page(world, world.county_officer, "?state=")
    # the 待办 counts them in the database too: those the reader may decide
    row = '<a href="/clues/network/">待人工判断的关联当事人合计线索</a></td>\n<td class="num">{}</td>'
    assert row.format(103) in world.client(world.prosecutor).get("/").content.decode()
    assert row.format(61) in world.client(world.market_officer).get("/").content.decode()
    assert row.format(0) in world.client(world.county_officer).get("/").content.decode()


def test_the_crime_filter_and_its_choices_come_from_what_the_reader_may_see(world):
    _split_business(world)
    clue = NetworkClue.objects.get()
    _copies(clue, 1, extra_case=_tax_case(world), crime="逃税罪")
    _copies(clue, 2, crime="非法经营罪")
    officer = _page(world, world.market_officer, "?state=&crime=非法经营罪")
    assert "共 2 条" in officer and '<option value="逃税罪"' not in officer
    prosecutor = _page(world, world.prosecutor, "?state=&crime=逃税罪")
    assert "共 1 条" in prosecutor and '<option value="逃税罪" selected>' in prosecutor
    body = world.client(world.market_officer).get("/api/clues/network").json()
    assert len(body) == 3 and {c["crime_name"] for c in body} == {"生产、销售伪劣产品罪", "非法经营罪"}


def test_the_history_shows_raised_decided_with_who_and_why_and_reopened_by_new_facts(world):
    _split_business(world)
    clue = NetworkClue.objects.get()
    page = _page(world, world.prosecutor)
    assert "处理经过" in page and "系统发现" in page and "系统筛查" in page
    assert "案件 2 件，销售金额合计 55,000.00 元" in page
    prosecutor = world.client(world.prosecutor)
    prosecutor.post(f"{LIST}{clue.pk}/decide/", {"to": "checking", "reason": "调取两公司工商登记"})
    prosecutor.post(f"{LIST}{clue.pk}/decide/", {"to": "dismissed", "reason": "两公司实际经营者不同"})
    page = _page(world, world.prosecutor, "?state=")
    name = world.prosecutor.display_name
    assert f"<td>{name}</td><td>人工判断</td><td>待人工判断 → 核查中</td><td>调取两公司工商登记</td>" in page
    assert f"<td>{name}</td><td>人工判断</td><td>核查中 → 已排除</td><td>两公司实际经营者不同</td>" in page
    # a third case of the same 法定代表人 comes in: the clue opens again, and says why
    load(world.market, [record(**{"行政处罚决定书文号": "测市监罚〔2025〕2号", "销售金额（元）": "1,000",
                                  "法定代表人证件号码": REP})])
    page = _page(world, world.prosecutor)
    assert "共 1 条" in page and "新事实重新打开" in page and "已排除 → 待人工判断" in page
    assert "案件 2 件 → 3 件，销售金额合计 55,000.00 元 → 56,000.00 元；原排除（两公司实际经营者不同）不涵盖新加入的案件" in page
    assert "处理：" not in page  # the dismissal is history now, not the clue's outcome
    steps = [e["step"] for e in prosecutor.get("/api/clues/network").json()[0]["events"]]
    assert steps == ["系统发现", "人工判断", "人工判断", "新事实重新打开"]


def test_figures_changed_by_a_later_screening_are_in_the_history(world):
    _split_business(world)
    load(world.tax, [record(**{"行政处罚决定书文号": "测税罚〔2025〕9号", "处罚机关": "测试市税务局",
                               "行政相对人名称": "焦作市恒发商贸有限公司", NO_CODE: "", "销售金额（元）": "10,000",
                               "联系电话": "0391-2345678"})])
    load(world.market, [record(**{"行政处罚决定书文号": "测市监罚〔2025〕2号", "销售金额（元）": "1,000",
                                  "法定代表人证件号码": REP, "联系电话": "0391-2345678"})])
    page = _page(world, world.prosecutor)
    assert "筛查更新数额" in page and "待人工判断 → 待人工判断" in page
    assert "销售金额合计 55,000.00 元 → 66,000.00 元" in page
    # it now adds up the tax bureau's case: the city officer no longer sees it, nor its history
    assert "共 0 条" in _page(world, world.market_officer, "?state=")


def test_a_case_another_organ_lets_the_reader_open_counts_while_the_grant_lasts(world):
    _split_business(world)
    city_case = PenaltyCase.objects.get(decision_no="测市监罚〔2025〕1号")
    assert "共 0 条" in _page(world, world.county_officer, "?state=")  # the city's case is not the county's
    grant_read(city_case, actor=world.market_head, grantee=world.county_market, reason="核查关联当事人", days=7)
    page = _page(world, world.county_officer, "?state=")
    assert "共 1 条" in page and "测市监罚〔2025〕1号" in page and "处理经过" in page
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert "共 0 条" in _page(world, world.county_officer, "?state=")  # the grant has run out
