"""Issue 15: 管理员 edits the violation → crime catalogue and loads a rule set on a page; each change is
back-tested (hits per crime and agency, difference from the open clues) before it may take effect, and its
activation (audited) screens the affected cases again in the background, its progress on the page."""

import pytest

from liangfa.core.models import AuditEntry
from liangfa.screening.models import CatalogueEntry, Clue, RuleChange, RuleSet
from liangfa.testing import load, record

pytestmark = pytest.mark.django_db

OIL = {"违法行为类型": "无证经营成品油", "销售金额（元）": "", "非法经营数额（元）": "80,000",
       "行政处罚决定书文号": "市罚油1号"}


def _catalogue_page(client):
    page = client.get("/clues/rules/changes/").content.decode()
    start = page.index('name="c-text"')
    body = page[page.index(">", start) + 1:page.index("</textarea>", start)]
    import html
    return page, html.unescape(body)


def test_a_catalogue_line_is_back_tested_then_activated_and_screens_again(world, django_capture_on_commit_callbacks):
    load(world.market, [record(**OIL)])
    assert not Clue.objects.exists()  # the catalogue does not know 成品油
    admin = world.client(world.admin)
    page, text = _catalogue_page(admin)
    assert "→ 非法经营罪" in text and "yancao" not in page  # crimes by name, never by key
    text += "成品油 → 非法经营罪（烟草专卖品）\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post("/clues/rules/changes/", {"kind": "catalogue", "c-text": text,
                                                        "c-note": "无证经营成品油按非法经营判断"}, follow=True)
    assert "回测中" in response.content.decode()  # the worker runs it after the commit
    change = RuleChange.objects.get()
    page = admin.get(f"/clues/rules/changes/{change.pk}/").content.decode()
    assert change.status == "tested" and "已回测，待启用" in page
    assert "将新增 1 条，不再成立 0 条" in page and "市罚油1号" in page
    assert not Clue.objects.exists() and not CatalogueEntry.objects.filter(keywords="成品油").exists()  # not yet
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"/clues/rules/changes/{change.pk}/activate/")
    page = admin.get(f"/clues/rules/changes/{change.pk}/").content.decode()
    change.refresh_from_db()
    assert change.status == "active" and change.version == "目录第1版"
    assert "已启用" in page and "已重新筛查" in page
    assert Clue.objects.get().case.decision_no == "市罚油1号"
    assert AuditEntry.objects.filter(action="rule_change.activate").exists()
    assert CatalogueEntry.objects.filter(keywords="成品油").exists()


def test_activation_needs_a_back_test_on_the_running_rules(world, django_capture_on_commit_callbacks):
    from liangfa.screening import changes
    from liangfa.screening.services import catalogue

    change = changes.propose_change("catalogue", changes.catalogue_text(catalogue()), note="原样", actor=world.admin)
    assert change.status == "testing"  # the back-test runs in the worker, after the commit
    admin = world.client(world.admin)
    page = admin.post(f"/clues/rules/changes/{change.pk}/activate/", follow=True).content.decode()
    assert "须先回测，回测完成后才能启用" in page
    changes.run_backtest(change.pk)
    CatalogueEntry.objects.create(keywords="成品油", crimes="feifa_jingying_yancao")  # someone changed it since
    page = admin.post(f"/clues/rules/changes/{change.pk}/activate/", follow=True).content.decode()
    assert "回测之后规则或目录已有其他修改：请重新回测，再启用" in page


def test_bad_catalogue_lines_and_rule_forms_are_refused_in_words(world):
    admin = world.client(world.admin)
    page = admin.post("/clues/rules/changes/", {"kind": "catalogue", "c-text": "成品油 非法经营罪\n",
                                                "c-note": "x"}).content.decode()
    assert "目录第1行：缺少“→”" in page
    page = admin.post("/clues/rules/changes/", {"kind": "catalogue", "c-text": "成品油 → 抢劫罪\n",
                                                "c-note": "x"}).content.decode()
    assert "目录第1行：罪名“抢劫罪”不在立案追诉标准规则集中" in page
    page = admin.post("/clues/rules/changes/", {"kind": "rules", "r-source": "packaged", "r-effective": "",
                                                "r-note": ""}).content.decode()
    assert "施行日期：必填" in page and "修改说明：必填" in page
    assert not RuleChange.objects.exists()


def test_a_rule_set_is_back_tested_and_activated_with_its_date(world, django_capture_on_commit_callbacks):
    load(world.market, [record()])
    admin = world.client(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        admin.post("/clues/rules/changes/", {"kind": "rules", "r-source": "packaged", "r-effective": "2026-01-01",
                                             "r-note": "随程序发布的新版本"})
    change = RuleChange.objects.get()
    page = admin.get(f"/clues/rules/changes/{change.pk}/").content.decode()
    assert "回测结果" in page and "2026年1月1日起的行为适用" in page
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"/clues/rules/changes/{change.pk}/activate/")
    change.refresh_from_db()
    newest = RuleSet.objects.get(version=change.version)
    assert change.status == "active" and newest.effective_from.isoformat() == "2026-01-01"
    assert newest.loaded_by == "管理员"


def test_only_the_administrator_changes_rules(world):
    for person in (world.market_officer, world.prosecutor, world.tax_officer):
        assert world.client(person).get("/clues/rules/changes/").status_code == 403
    assert "修改规则或目录" not in world.client(world.prosecutor).get("/clues/rules/").content.decode()
    assert "修改规则或目录" in world.client(world.admin).get("/clues/rules/").content.decode()
