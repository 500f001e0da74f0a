"""Issue 17: the 管辖 table is used on 受理, not just shown. The police 受理 a transfer and it goes to the
department the table gives (刑法第三章 → 经侦; food/drug articles 141-144 and 第六章第五、六节 → 食药环侦; per-crime
overrides); that department's officers have it in their 待办 and the bureau's others do not; the 负责人 reassigns
it with a reason (audited, on the timeline), on the page and through the API."""

import re
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
import time_machine

from liangfa.agencies.services import create_department, create_user
from liangfa.clock.rules import TZ
from liangfa.core.models import AuditEntry
from liangfa.testing import ready_transfer
from liangfa.transfers import services

pytestmark = pytest.mark.django_db
T0 = datetime(2025, 10, 13, 9, 0, tzinfo=TZ)  # a Monday
OTHER = "销售金额62000元，数额较大；平台未提出该罪名的线索，依据立案追诉标准判断。"


@pytest.fixture
def bureau(world):
    """The demo's police bureau: 法制大队 (the liaison who signs), 经侦, 食药环侦, 治安, and its 负责人."""
    depts = {kind: create_department(world.police, actor=world.admin, name=name, kind=kind)
             for name, kind in (("法制大队", "legal"), ("经侦大队", "economic"), ("食药环侦大队", "food_drug_env"),
                                ("治安大队", "public_order"))}

    def officer(username, name, kind):
        return create_user(actor=world.admin, username=username, password="x-Passw0rd!", agency=world.police,
                           roles=["police_officer"], full_name=name, department=depts[kind])

    world.police_officer.department = depts["legal"]
    world.police_officer.save(update_fields=["department"])
    return SimpleNamespace(depts=depts, legal=world.police_officer, economic=officer("t_jz", "高经侦", "economic"),
                           food=officer("t_shy", "罗食药", "food_drug_env"), order=officer("t_za", "林治安", "public_order"),
                           head=world.police_head)


def todo(world, user) -> dict[str, str]:
    page = world.client(user).get("/").content.decode()
    table = page.split('<table id="todo">', 1)[1].split("</table>", 1)[0]
    return dict(re.findall(r'<a href="[^"]*">([^<]+)</a></td>\s*<td class="num">(?:<span class="flag bad">)?(\d+)', table))


def accept(world, bureau, crime, no_clue_reason=""):
    transfer = ready_transfer(world, now=T0, until="delivered", crime=crime, no_clue_reason=no_clue_reason)
    response = world.client(bureau.legal).post(f"/transfers/{transfer.pk}/act/sign/")
    assert response.status_code == 302
    transfer.refresh_from_db()
    return transfer


def test_acceptance_gives_a_market_order_crime_to_economic_and_only_they_have_it_to_do(world, bureau):
    transfer = accept(world, bureau, "合同诈骗罪", OTHER)
    assert transfer.department == bureau.depts["economic"]
    page = world.client(bureau.economic).get(f"/transfers/{transfer.pk}/").content.decode()
    dept = page.split('id="transfer-department">', 1)[1].split("</dd>", 1)[0]
    assert "经侦大队" in dept and "《刑法》第二百二十四条，刑法分则第三章第八节 扰乱市场秩序罪" in dept
    assert "按管辖对照表分派承办部门" in page  # on the timeline
    with time_machine.travel(T0 + timedelta(hours=1)):
        assert todo(world, bureau.economic)["已受理、待作出立案决定"] == "1"
        assert todo(world, bureau.food)["已受理、待作出立案决定"] == "0"
        assert todo(world, bureau.order)["已受理、待作出立案决定"] == "0"
        assert todo(world, bureau.legal)["已受理、待作出立案决定"] == "0"
        assert todo(world, bureau.head)["已受理、待作出立案决定"] == "1"  # the 负责人 has every one
    listed = world.client(bureau.food).get("/transfers/?status=accepted&mine=1").content.decode()
    assert f"/transfers/{transfer.pk}/" not in listed
    listed = world.client(bureau.economic).get("/transfers/?status=accepted&mine=1").content.decode()
    assert f"/transfers/{transfer.pk}/" in listed


@pytest.mark.parametrize(("crime", "reason", "basis"), [
    ("生产、销售有毒、有害食品罪", OTHER, "第三章第一节 生产、销售伪劣商品罪（食品、药品：第一百四十一条至第一百四十四条）"),
    ("生产、销售伪劣产品罪", "", "《刑法》第一百四十条；本表另行指定，不按所在章节"),  # 第一百四十条: 食药环侦 by its own line
    ("污染环境罪", OTHER, "第六章第六节 破坏环境资源保护罪"),
])
def test_food_drug_and_environment_crimes_go_to_food_drug_env(world, bureau, crime, reason, basis):
    transfer = accept(world, bureau, crime, reason)
    assert transfer.department == bureau.depts["food_drug_env"] and basis in transfer.routing_basis
    with time_machine.travel(T0 + timedelta(hours=1)):
        assert todo(world, bureau.food)["已受理、待作出立案决定"] == "1"
        assert todo(world, bureau.economic)["已受理、待作出立案决定"] == "0"


def test_a_crime_the_table_does_not_list_goes_by_the_chapter_and_section_of_its_article(world, bureau):
    clue = SimpleNamespace(rule_key="not_in_table", article="刑法第192条")
    department, basis = services.route(world.police, "集资诈骗罪", clue=clue)
    assert department == bureau.depts["economic"] and basis == "管辖对照表：《刑法》第一百九十二条，刑法分则第三章 破坏社会主义市场经济秩序罪"
    clue.article = "刑法第334条"  # 第六章第五节 危害公共卫生罪
    assert services.route(world.police, "非法采集人类遗传资源罪", clue=clue)[0] == bureau.depts["food_drug_env"]
    clue.article = "刑法第339条"  # 第六章第六节 破坏环境资源保护罪
    assert services.route(world.police, "非法处置进口的固体废物罪", clue=clue)[0] == bureau.depts["food_drug_env"]
    assert services.route(world.police, "某某罪", clue=None) == (None, "")
    # one name on several lines with different departments (非法经营罪: food → 食药环侦, tobacco → 经侦, …): the clue's
    # own line decides; without a clue, the chapter/section of the article
    food_clue = SimpleNamespace(rule_key="feifa_jingying_shipin", article="刑法第225条")
    assert services.route(world.police, "非法经营罪", clue=food_clue)[0] == bureau.depts["food_drug_env"]
    department, basis = services.route(world.police, "非法经营罪")
    assert department == bureau.depts["economic"] and basis == "管辖对照表：《刑法》第二百二十五条，刑法分则第三章第八节 扰乱市场秩序罪"


def test_an_unrouted_transfer_waits_for_the_head_and_is_in_everyones_list(world, bureau):
    transfer = accept(world, bureau, "某某罪", OTHER)
    assert transfer.department is None
    page = world.client(bureau.head).get(f"/transfers/{transfer.pk}/").content.decode()
    assert "未分派（管辖对照表未能确定），待负责人指定" in page and 'id="reassign-form"' in page
    with time_machine.travel(T0 + timedelta(hours=1)):
        assert todo(world, bureau.food)["已受理、待作出立案决定"] == "1"


def test_the_head_reassigns_with_a_reason_on_the_page_audited_and_on_the_timeline(world, bureau):
    transfer = accept(world, bureau, "合同诈骗罪", OTHER)
    food = bureau.depts["food_drug_env"]
    officer_page = world.client(bureau.economic).get(f"/transfers/{transfer.pk}/").content.decode()
    assert 'id="reassign-form"' not in officer_page  # only the 负责人 reassigns
    refused = world.client(bureau.economic).post(f"/transfers/{transfer.pk}/act/reassign/",
                                                 {"department": food.pk, "reason": "涉食品"})
    assert refused.status_code == 400 and "改派承办部门（须由公安机关负责人决定）" in refused.content.decode()
    head = world.client(bureau.head)
    assert 'id="reassign-form"' in head.get(f"/transfers/{transfer.pk}/").content.decode()
    empty = head.post(f"/transfers/{transfer.pk}/act/reassign/", {"department": food.pk, "reason": "  "})
    assert empty.status_code == 400 and "改派承办部门须写明理由" in empty.content.decode()
    transfer.refresh_from_db()
    assert transfer.department == bureau.depts["economic"]  # nothing changed
    same = head.post(f"/transfers/{transfer.pk}/act/reassign/", {"department": bureau.depts["economic"].pk,
                                                                 "reason": "x"})
    assert same.status_code == 400 and "该移送已由经侦大队承办，无需改派" in same.content.decode()
    done = head.post(f"/transfers/{transfer.pk}/act/reassign/",
                     {"department": food.pk, "reason": "涉案合同标的为不符合安全标准的食品，并案侦查"})
    assert done.status_code == 302
    page = head.get(f"/transfers/{transfer.pk}/").content.decode()
    assert "负责人改派承办部门" in page and "由经侦大队改派食药环侦大队：涉案合同标的为不符合安全标准的食品，并案侦查" in page
    dept = page.split('id="transfer-department">', 1)[1].split("</dd>", 1)[0]
    assert "食药环侦大队" in dept and "改派" in dept
    audit = AuditEntry.objects.get(action="transfer.reassign_department")
    assert audit.before == {"department": "经侦大队"} and audit.after == {"department": "食药环侦大队"}
    assert audit.reason == "涉案合同标的为不符合安全标准的食品，并案侦查"
    with time_machine.travel(T0 + timedelta(hours=1)):
        assert todo(world, bureau.food)["已受理、待作出立案决定"] == "1"
        assert todo(world, bureau.economic)["已受理、待作出立案决定"] == "0"


def test_reassign_through_the_api(world, bureau):
    transfer = accept(world, bureau, "合同诈骗罪", OTHER)
    api = world.client(bureau.head)
    url = f"/api/transfers/{transfer.pk}/reassign"
    got = api.get(f"/api/transfers/{transfer.pk}").json()
    assert got["department"] == "经侦大队" and got["routing_basis"].startswith("管辖对照表：")
    bad = api.post(url, {"department": bureau.depts["food_drug_env"].pk, "reason": ""}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["detail"] == "改派承办部门须写明理由"
    other = create_department(world.tax, actor=world.admin, name="稽查局", kind="other")
    bad = api.post(url, {"department": other.pk, "reason": "x"}, content_type="application/json")
    assert bad.status_code == 400 and "请选择测试市公安局的内设机构作为承办部门" in bad.json()["detail"]
    ok = api.post(url, {"department": bureau.depts["public_order"].pk, "reason": "涉及扰乱市场秩序的治安案件并案"},
                  content_type="application/json")
    assert ok.status_code == 200 and ok.json()["department"] == "治安大队"
    denied = world.client(bureau.economic).post(url, {"department": bureau.depts["economic"].pk, "reason": "x"},
                                                content_type="application/json")
    assert denied.status_code == 403


def test_not_before_the_police_accept_it(world, bureau):
    transfer = ready_transfer(world, now=T0, until="delivered", crime="合同诈骗罪", no_clue_reason=OTHER)
    response = world.client(bureau.head).post(f"/transfers/{transfer.pk}/act/reassign/",
                                              {"department": bureau.depts["economic"].pk, "reason": "x"})
    assert response.status_code == 400
    assert "移送当前为“已移送，待公安签收”，不能改派承办部门（公安机关受理后方可改派）" in response.content.decode()


def test_a_clue_that_fell_back_to_another_crime_is_routed_and_explained_by_that_crime(world, bureau):
    """不符合安全标准的食品 not meeting 《刑法》第一百四十三条 is judged 以生产、销售伪劣产品罪论处 (第一百四十九条): the clue keeps
    the food rule's key but names 第一百四十条; the reason must name the crime transferred, not the food one."""
    clue = SimpleNamespace(rule_key="buhege_shipin", crime_name="生产、销售伪劣产品罪", article="刑法第140条")
    department, basis = services.route(world.police, "生产、销售伪劣产品罪", clue=clue)
    assert department == bureau.depts["food_drug_env"]
    assert basis.startswith("管辖对照表：生产、销售伪劣产品罪") and "不符合安全标准的食品" not in basis


def test_routing_reasons_cite_articles_in_chinese_numerals_on_the_table_and_the_transfer(world, bureau):
    """One way of citing: 《刑法》第二百二十四条, never 刑法第224条 beside 第一百四十一条 (the table, the reason shown)."""
    from liangfa.transfers.routing import in_chinese

    table = world.client(world.admin).get("/transfers/routing/").content.decode()
    assert "《刑法》第二百二十四条" in table and not re.search(r"第\d+条", table)
    transfer = accept(world, bureau, "合同诈骗罪", OTHER)
    page = world.client(world.police_head).get(f"/transfers/{transfer.pk}/").content.decode()
    shown = page.split('id="transfer-department">', 1)[1].split("</dd>", 1)[0]
    assert "《刑法》第二百二十四条" in shown and not re.search(r"第\d+条", shown)
    # what an older database holds is rewritten by migration 0018 with the same helper
    assert in_chinese("管辖对照表：刑法第141条，刑法分则第三章第一节") == "管辖对照表：《刑法》第一百四十一条，刑法分则第三章第一节"
    assert in_chinese("《刑法》第225条；本表另行指定") == "《刑法》第二百二十五条；本表另行指定"


def test_an_unrouted_transfer_filed_meanwhile_is_listed_as_such_and_the_head_names_its_first_department(world, bureau):
    """The 待办 row and its list say what they hold: every received transfer the police still hold without a 承办部门,
    a filed one too (REASSIGNABLE); the page's control names a first department (指定), not 改派."""
    transfer = accept(world, bureau, "某某罪", OTHER)
    services.decide_filing(transfer, actor=bureau.legal, approver=bureau.head, file=True, case_no="测公立字〔2025〕5号")
    head = world.client(bureau.head)
    # accept() signs at the real time: the later steps follow it
    assert todo(world, bureau.head)["已受理（含已立案）、尚未指定承办部门（管辖对照表未能确定）"] == "1"
    listed = head.get("/transfers/?department=none").content.decode()
    assert "已受理（含已立案）、尚未指定承办部门（管辖对照表未能确定）" in listed
    assert transfer.case.decision_no in listed and "<td>已立案</td>" in listed
    page = head.get(f"/transfers/{transfer.pk}/").content.decode()
    form = page.split('id="reassign-form">', 1)[1].split("</form>", 1)[0]
    assert "<label>指定承办部门" in form and "<button>指定承办部门</button>" in form and "改派" not in form
    empty = head.post(f"/transfers/{transfer.pk}/act/reassign/", {"department": bureau.depts["economic"].pk,
                                                                  "reason": ""})
    assert empty.status_code == 400 and "指定承办部门须写明理由" in empty.content.decode()
    head.post(f"/transfers/{transfer.pk}/act/reassign/", {"department": bureau.depts["economic"].pk,
                                                          "reason": "经济犯罪，由经侦侦查"})
    page = head.get(f"/transfers/{transfer.pk}/").content.decode()
    assert "指定经侦大队承办：经济犯罪，由经侦侦查" in page
    assert "<button>改派</button>" in page  # named now: a later change is a 改派
    assert transfer.case.decision_no not in head.get("/transfers/?department=none").content.decode()
