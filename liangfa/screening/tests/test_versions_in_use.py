"""The new case fields, 缺少数据 and the running rule set, as officials see them."""

import io
import re
from pathlib import Path

from django.core.management import call_command

from liangfa.cases.models import PenaltyCase
from liangfa.screening.models import Clue, RuleSet
from liangfa.testing import load, record


def row(no, violation, decided="2025-03-18", **values):
    return record(**{"行政处罚决定书文号": no, "违法行为类型": violation, "处罚依据": "《某法》", "销售金额（元）": "",
                     "处罚决定日期": decided, "违法行为发生日期": decided, "决定生效日期": decided, **values})


def test_cigarettes_in_tiao_and_the_land_class_are_imported_and_judged(world):
    """2022年立案追诉标准（二）第七十一条第（一）项: 非法经营卷烟二十万支以上 (1条 = 200支)."""
    load(world.market, [row("1号", "无证批发卷烟", **{"卷烟数量（条）": "1,100"}),
                        row("2号", "非法占用耕地建房", **{"面积（亩）": "6", "土地类别": "基本农田以外的耕地"}),
                        row("3号", "非法占用耕地建房", **{"面积（亩）": "6"})])
    tobacco = PenaltyCase.objects.get(decision_no="1号")
    assert tobacco.cigarettes_count == 220000
    clue = Clue.objects.get(case=tobacco)
    assert (clue.metric_cn, clue.unit, clue.threshold) == ("非法经营卷烟数量", "支", 200000)
    assert not Clue.objects.filter(case__decision_no="2号").exists()  # 6亩 of ordinary 耕地: no clue
    review = Clue.objects.get(case__decision_no="3号")
    assert review.needs_review and review.checks[0].startswith("请核实是否永久基本农田（基本农田）")
    page = world.client(world.market_officer).get(f"/clues/{review.pk}/").content.decode()
    assert "请核实是否永久基本农田（基本农田）" in page and "（《刑法》第三百四十二条）" in page
    detail = world.client(world.market_officer).get(f"/api/cases/{PenaltyCase.objects.get(decision_no='2号').pk}").json()
    assert (detail["land_class"], detail["land_class_label"]) == ("other_farmland", "基本农田以外的耕地")
    assert detail["cigarettes_count"] is None


def test_a_rule_without_its_data_shows_on_the_case_page_and_in_the_dry_run(world):
    """2024年税收征管解释 第十三条 reads 票面金额: a 虚开发票 case without it is not judged in silence."""
    load(world.tax, [row("税罚1号", "虚开发票"), row("税罚2号", "虚开发票", **{"虚开发票票面金额（元）": "600,000"})])
    case = PenaltyCase.objects.get(decision_no="税罚1号")
    page = world.client(world.tax_officer).get(f"/cases/{case.pk}/").content.decode()
    assert "涉嫌虚开发票罪：缺少数据：虚开发票票面金额<" in page
    assert Clue.objects.get().case.decision_no == "税罚2号"
    err = io.StringIO()
    call_command("screen", "--dry-run", "--quiet", stdout=io.StringIO(), stderr=err)
    assert re.search(r"xukai_fapiao\s+1 件\s+虚开发票罪（虚开发票票面金额）", err.getvalue())


def test_the_clue_names_the_version_applied(world):
    """两高《关于适用刑事司法解释时间效力问题的规定》第三条 on the clue page: 2010年烟草专卖品解释 in 2021."""
    load(world.market, [row("1号", "无证批发卷烟", "2021-06-01", **{"非法经营数额（元）": "60,000"})])
    clue = Clue.objects.get()
    page = world.client(world.market_officer).get(f"/clues/{clue.pk}/").content.decode()
    assert "行为时适用2010年烟草专卖品解释第三条第一款；2022年立案追诉标准（二）第七十一条第（一）项标准相同" in page


def test_the_rules_page_says_which_version_runs_and_warns_when_the_packaged_file_is_newer(world):
    rules = RuleSet.objects.get(active=True)
    page = world.client(world.admin).get("/clues/rules/").content.decode()
    assert "第1版" in page and "文件修订于 2026-11-30" in page and rules.sha256[:12] not in page
    assert "rules-warning" not in page
    assert "（2010年） 第五十七条" in page and "2010-05-07 施行" in page  # each crime's chain of versions
    older = rules.text.replace("revised: 2026-11-30", "revised: 2026-01-01")
    RuleSet.objects.filter(pk=rules.pk).update(text=older, sha256="0" * 64)
    page = world.client(world.prosecutor).get("/clues/").content.decode()
    assert "随程序发布的立案追诉标准规则文件（修订于 2026-11-30）比正在运行的规则集新" in page
    assert "请管理员先回测" in page


def test_only_the_rules_module_reads_thresholds_yaml_and_routing_has_its_own_file():
    root = Path(__file__).resolve().parents[2]
    readers = [str(p.relative_to(root)) for p in root.rglob("*.py")
               if "tests" not in p.parts and re.search(r"[\"']thresholds\.yaml[\"']", p.read_text(encoding="utf-8"))]
    assert readers == ["screening/rules.py"]
    from liangfa.transfers.routing import default_rules

    by_key = {r["crime_key"]: r["department_kind"] for r in default_rules()}
    assert by_key["feifa_jingying_yancao"] == "economic"  # 经侦 first, as the note says
    assert by_key["lanfa_linmu"] == "forest_police" and by_key["zousi_putong_huowu"] == "other"
