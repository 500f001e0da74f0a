"""Threshold values read from the 违法事实 at import, kept with their source; screening judges them."""

from liangfa.cases.models import PenaltyCase
from liangfa.screening.models import Clue
from liangfa.testing import load, record

TEXT_ONLY = record(**{"销售金额（元）": None,
                      "违法事实": "经查，当事人于2024年10月至11月间销售以次充好的食用油，销售金额合计人民币8.6万余元，"
                                  "违法所得人民币柒仟贰佰元整。"})


def test_a_case_whose_only_amount_is_in_its_facts_raises_its_clue(world):
    result = load(world.market, [TEXT_ONLY])
    assert result.committed, result.rejected
    case = PenaltyCase.objects.get()
    assert case.sales_amount == 86000 and case.illegal_gain == 7200
    entry = case.text_values["values"]["sales_amount"]
    assert entry["status"] == "extracted" and entry["where"] == "违法事实"
    [source] = entry["sources"]
    assert case.facts[source["start"]:source["end"]] == "8.6万余元"
    clue = Clue.objects.get()
    assert clue.reason.startswith("从违法事实中识别：“")
    assert "8.6万余元" in clue.reason and clue.needs_review
    assert any(c.startswith("需人工核实：销售金额") for c in clue.checks)


def test_a_structured_column_wins(world):
    load(world.market, [record(**{"违法事实": TEXT_ONLY["违法事实"], "销售金额（元）": "12,000"})])
    case = PenaltyCase.objects.get()
    assert case.sales_amount == 12000 and "sales_amount" not in case.text_values["values"]
    assert not Clue.objects.exists()


def test_the_case_page_shows_the_value_highlighted_and_a_handler_confirms_it(world):
    load(world.market, [TEXT_ONLY])
    case = PenaltyCase.objects.get()
    officer = world.client(world.market_officer)
    page = officer.get(f"/cases/{case.pk}/").content.decode()
    assert "从违法事实中识别" in page and "需人工核实" in page
    assert '<mark class="text-value" title="销售金额（从违法事实中识别）">8.6万余元</mark>' in page
    assert "生产、销售伪劣产品罪（《刑法》第一百四十条）" in page
    table = page[page.index('id="text-value-table"'):]
    table = table[:table.index("</table>")]
    assert "86,000.00 元" in table  # as the case's columns show money
    assert "违法事实原句：经查，当事人于2024年10月至11月间销售以次充好的食用油" in table  # each figure's sentence
    # the prosecutor reads it, and may not confirm
    prosecutor = world.client(world.prosecutor)
    seen = prosecutor.get(f"/cases/{case.pk}/").content.decode()
    assert "8.6万余元</mark>" in seen and "确认无误" not in seen
    prosecutor.post(f"/cases/{case.pk}/values/", {"field": "sales_amount", "action": "confirm"})
    case.refresh_from_db()
    assert case.text_values["values"]["sales_amount"]["status"] == "extracted"
    officer.post(f"/cases/{case.pk}/values/", {"field": "sales_amount", "action": "confirm"})
    case.refresh_from_db()
    assert case.text_values["values"]["sales_amount"]["status"] == "confirmed"
    clue = Clue.objects.get()
    assert clue.reason.startswith("从违法事实中识别（已人工核实）：") and not any("需人工核实" in c for c in clue.checks)
    # a correction below the threshold: the clue lapses
    response = officer.post(f"/cases/{case.pk}/values/", {"field": "sales_amount", "value": "30000", "note": ""})
    assert "更正数值必须写明依据" in officer.get(f"/cases/{case.pk}/").content.decode()
    officer.post(f"/cases/{case.pk}/values/", {"field": "sales_amount", "value": "", "note": ""})
    assert "请填写核实后的数值和依据" in officer.get(f"/cases/{case.pk}/").content.decode()
    officer.post(f"/cases/{case.pk}/values/", {"field": "sales_amount", "value": "30000", "note": "决定书认定3万元"})
    case.refresh_from_db()
    assert case.sales_amount == 30000 and case.text_values["values"]["sales_amount"]["status"] == "corrected"
    assert Clue.objects.get().status == "obsolete"
    page = officer.get(f"/cases/{case.pk}/").content.decode()
    assert "已人工更正" in page and "识别为 86000" in page and "决定书认定3万元" in page
    assert response.status_code == 302


def test_a_confirmed_value_survives_the_same_row_delivered_again(world):
    from liangfa.cases.services import check_text_value
    from liangfa.core.models import AuditEntry

    load(world.market, [TEXT_ONLY])
    case = PenaltyCase.objects.get()
    check_text_value(case, "sales_amount", actor=world.market_officer, value="90000", note="决定书认定9万元")
    assert AuditEntry.objects.filter(action="case.text_value.corrected").exists()
    result = load(world.market, [TEXT_ONLY])
    assert result.unchanged == 1
    case.refresh_from_db()
    assert case.sales_amount == 90000 and case.text_values["values"]["sales_amount"]["status"] == "corrected"
    # a delivery with the column filled in wins over the person's value read from the text
    load(world.market, [{**TEXT_ONLY, "销售金额（元）": "95,000"}])
    case.refresh_from_db()
    assert case.sales_amount == 95000 and "sales_amount" not in case.text_values["values"]


OIL = {"违法行为类型": "无证经营成品油", "处罚依据": "《成品油市场管理办法》第五十三条", "销售金额（元）": None,
       "行政相对人类别": "自然人", "行政相对人代码_1（统一社会信用代码）": None, "证件类型": "身份证",
       "证件号码": "410802199001011237", "行政相对人名称": "张某"}


def test_a_crime_the_catalogue_misses_is_suggested_by_the_words_and_raised_for_a_person(world):
    load(world.market, [record(**OIL, **{"行政处罚决定书文号": "测市监罚〔2025〕7号",
                                         "违法事实": "经查，当事人未取得成品油经营批准证书，在其院内私设加油点销售柴油，"
                                                     "非法经营数额共计人民币12万元。"})])
    clue = Clue.objects.get()
    assert clue.crime_name == "非法经营罪（从事其他非法经营活动）" and clue.needs_review
    assert clue.reason.startswith("据“") and "“成品油”" in clue.reason and "从违法事实中识别" in clue.reason
    assert any(c.startswith("违法行为目录未将“无证经营成品油”列为涉嫌非法经营罪") for c in clue.checks)
    # the same words and no amount at all: still a 需人工判断 clue, naming what is missing
    load(world.market, [record(**OIL, **{"行政处罚决定书文号": "测市监罚〔2025〕8号",
                                         "违法事实": "经查，当事人无证经营成品油。"})])
    second = Clue.objects.get(case__decision_no="测市监罚〔2025〕8号")
    assert second.kind == "conditions" and "缺少非法经营数额" in second.reason


def test_existing_cases_are_read_again_in_the_background_and_screened(world, monkeypatch,
                                                                      django_capture_on_commit_callbacks):
    from liangfa.cases import importer

    monkeypatch.setattr(importer, "EXTRACT", False)  # loaded before the reader existed
    load(world.market, [TEXT_ONLY])
    monkeypatch.setattr(importer, "EXTRACT", True)
    case = PenaltyCase.objects.get()
    assert case.sales_amount is None and not Clue.objects.exists()
    assert world.client(world.market_officer).get("/cases/reread/").status_code == 404
    head = world.client(world.market_head)
    assert "重新识别违法事实" in head.get("/cases/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the worker's turn
        response = head.post("/cases/reread/")
    status = head.get(response["Location"]).content.decode()
    assert "已完成" in status and "数值有变化 1 件" in status and "测试市市场监督管理局" in status
    case.refresh_from_db()
    assert case.sales_amount == 86000 and case.text_values["values"]["sales_amount"]["status"] == "extracted"
    assert Clue.objects.get().reason.startswith("从违法事实中识别")
    timeline = head.get(f"/cases/{case.pk}/").content.decode()
    assert "重新识别违法事实中的数值" in timeline
    # 管理员 chooses an agency or all; a second run changes nothing
    admin = world.client(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post("/cases/reread/", {"agency": ""})
    again = admin.get(response["Location"]).content.decode()
    assert "全部机关" in again and "数值有变化 0 件" in again
    assert "机关：请从列表中选择" in admin.post("/cases/reread/", {"agency": "x"}, follow=True).content.decode()


def _real(shared, rid: str) -> dict:
    import csv

    with open(shared / "data" / "penalty_records" / "real_penalty_records_dev.csv", encoding="utf-8") as fh:
        return next(r for r in csv.DictReader(fh) if r["rid"] == rid)


def test_real_published_decisions_are_read_with_their_units_and_arithmetic(world, shared):
    forest, drug, tobacco = _real(shared, "R20"), _real(shared, "R24"), _real(shared, "R15")
    rows = [record(**{"行政处罚决定书文号": r["decision_no"], "违法行为类型": r["violation"], "销售金额（元）": None,
                      "违法事实": f"经查，当事人{r['violation']}。{r['amounts']}"})
            for r in (forest, drug, tobacco)]
    assert load(world.market, rows).committed
    cases = {c.decision_no: c for c in PenaltyCase.objects.all()}
    area = cases[forest["decision_no"]]
    assert str(area.area_mu) == "1.046"  # 697㎡ in 亩, as the column keeps it
    [source] = area.text_values["values"]["area_mu"]["sources"]
    assert source["text"] == "697㎡" and source["notes"] == ["697㎡ = 1.0455亩（1亩 = 10000/15平方米）"]
    assert area.facts[source["start"]:source["end"]] == "697㎡"
    medicine = cases[drug["decision_no"]]
    assert (medicine.goods_value, medicine.illegal_gain, medicine.sales_amount) == (750, 615, 615)
    assert medicine.text_values["values"]["sales_amount"]["sources"][0]["derived"] == "41盒 × 15元 = 615元"
    cigarettes = cases[tobacco["decision_no"]]
    assert (cigarettes.cigarettes_count, cigarettes.sales_amount) == (1000, 670)  # 5条 × 200支, not 进货价
    page = world.client(world.market_officer).get(f"/cases/{cigarettes.pk}/").content.decode()
    assert "从违法事实中识别" in page and "<mark" in page and "670元</mark>" in page


def test_real_judgment_sentences_keep_their_totals_and_leave_unclear_money_unused(world, shared):
    import json

    passages = [json.loads(line) for line in
                (shared / "data" / "criminal_cases" / "laic2021_crime_amounts_dev.jsonl").read_text().splitlines()[:40]]
    rows = [record(**{"行政处罚决定书文号": f"测市监罚〔2025〕{100 + i}号", "违法事实": p["doc"][:5000]})
            for i, p in enumerate(passages)]
    assert load(world.market, rows).committed
    read = [c for c in PenaltyCase.objects.all() if c.text_values]
    assert read  # figures were found in real sentences
    for case in read:  # no value without a span of its text, no ambiguity without a reason
        for entry in case.text_values["values"].values():
            assert all(case.facts[s["start"]:s["end"]] == s["text"] for s in entry["sources"] if s["field"] == "facts")
        assert all(a["reason"] for a in case.text_values["ambiguous"])
    # the record's own 销售金额 column (62,000) always wins over what the judgment's text says
    assert all(c.sales_amount == 62000 for c in read)


def test_the_api_gives_the_values_read_with_their_source_and_the_clue_says_where_its_figure_came_from(world):
    from liangfa.agencies.tokens import issue_api_token
    from liangfa.cases.services import check_text_value

    load(world.market, [TEXT_ONLY])
    case = PenaltyCase.objects.get()
    token = issue_api_token(world.market, actor=world.admin, name="业务系统", scope="read")
    body = world.client(world.admin).get(f"/api/cases/{case.pk}", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    values = {v["field"]: v for v in body["text_values"]}
    sales = values["sales_amount"]
    assert (sales["metric"], sales["value"], sales["unit"], sales["how"]) == ("销售金额", "86000", "元", "total")
    assert (sales["status"], sales["confirmed"], sales["where"], sales["approx"]) == ("extracted", False, "违法事实", True)
    [source] = sales["sources"]
    assert (source["field"], source["field_label"], source["text"]) == ("facts", "违法事实", "8.6万余元")
    assert body["facts"][source["start"]:source["end"]] == "8.6万余元"
    assert source["sentence"].startswith("经查，当事人于2024年10月至11月间销售以次充好的食用油")
    assert values["illegal_gain"]["value"] == "7200" and body["text_ambiguous"] == []

    prosecutor = world.client(world.prosecutor)
    [clue] = prosecutor.get("/api/clues").json()
    [figure] = clue["figure_sources"]
    assert (figure["field"], figure["from_text"], figure["where"], figure["needs_check"]) == (
        "sales_amount", True, "违法事实", True)
    assert figure["sources"][0]["text"] == "8.6万余元" and "8.6万余元" in figure["quote"]

    check_text_value(case, "sales_amount", actor=world.market_officer)
    detail = world.client(world.market_officer).get(f"/api/cases/{case.pk}").json()
    assert {v["field"]: v["confirmed"] for v in detail["text_values"]} == {"sales_amount": True, "illegal_gain": False}
    [clue] = prosecutor.get("/api/clues").json()
    assert clue["figure_sources"][0]["confirmed"] and not clue["figure_sources"][0]["needs_check"]


def test_a_clue_on_an_imported_column_says_so(world):
    load(world.market, [record()])
    [clue] = world.client(world.prosecutor).get("/api/clues").json()
    assert clue["figure_sources"] == [{"field": "sales_amount", "metric": "销售金额（元）", "from_text": False,
                                       "where": "导入的数据列", "value": "62000.00", "confirmed": True,
                                       "needs_check": False, "status": "", "status_label": "", "quote": "",
                                       "sources": []}]
