from decimal import Decimal
from urllib.parse import unquote

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from liangfa.cases.models import CaseExport, ImportBatch, PenaltyCase
from liangfa.cases.template import template_csv
from liangfa.core.models import AuditEntry
from liangfa.testing import load, ready_transfer, record


def test_case_list_filters_and_paging(world):
    rows = [record(**{"行政处罚决定书文号": f"测罚{i}号", "处罚决定日期": f"2025-01-{i + 1:02d}",
                      "罚款金额（万元）": str(i)}) for i in range(1, 21)]
    load(world.market, rows)
    client = world.client(world.market_officer)
    page = client.get("/cases/?amount_min=100000&amount_max=150000")
    assert [c.decision_no for c in page.context["cases"]] == ["测罚15号", "测罚14号", "测罚13号", "测罚12号",
                                                              "测罚11号", "测罚10号"]
    first = client.get("/cases/?date_from=2025-01-05")
    assert len(first.context["cases"]) == 17
    from liangfa.cases import filters

    filters_size = filters.PAGE_SIZE
    try:
        filters.PAGE_SIZE = 5
        one = client.get("/cases/", {"q": "测罚"})
    finally:
        filters.PAGE_SIZE = filters_size
    assert one.status_code == 200
    api = client.get("/api/cases", {"status": "decided", "violation_type": "伪劣"}).json()
    assert len(api["items"]) == 20 and api["next_cursor"] == ""
    assert api["items"][0]["decision_no"] == "测罚20号" and api["items"][0]["status_label"] == "决定"


def test_keyset_paging_reaches_every_row_once(world):
    from liangfa.cases.filters import page
    from liangfa.cases.services import visible_cases

    load(world.market, [record(**{"行政处罚决定书文号": f"p{i}", "处罚决定日期": "2025-01-01"}) for i in range(7)])
    seen, cursor = [], ""
    while True:
        rows, cursor = page(visible_cases(world.market_officer), cursor, size=3)
        seen += [r.decision_no for r in rows]
        if not cursor:
            break
    assert sorted(seen) == [f"p{i}" for i in range(7)]


def test_case_detail_shows_party_history_across_agencies(world):
    load(world.market, [record()])
    load(world.county_market, [record(**{"行政处罚决定书文号": "县罚1号", "行政相对人名称": "焦作市恒信食品有限公司"})])
    case = PenaltyCase.objects.get(decision_no="测市监罚〔2025〕1号")
    page = world.client(world.market_officer).get(f"/cases/{case.pk}/").content.decode()
    assert "县罚1号" in page and "52,120.00" in page
    assert "《产品质量法》第五十条" in page


def test_status_change_follows_the_transition_map(world):
    load(world.market, [record()])
    case = PenaltyCase.objects.get()
    client = world.client(world.market_officer)
    response = client.post(f"/cases/{case.pk}/status/", {"status": "filed"}, follow=True)
    assert "不能改为“立案”" in response.content.decode()
    response = client.post(f"/cases/{case.pk}/status/", {"status": "executing", "note": "已缴纳"}, follow=True)
    assert "案件状态已更新" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "executing"
    event = case.events.get(code="status")
    assert (event.from_status, event.to_status, event.note) == ("decided", "executing", "已缴纳")
    assert AuditEntry.objects.filter(action="case.status", object_id=str(case.pk)).exists()


def test_upload_page_runs_the_import_and_shows_the_result(world, django_capture_on_commit_callbacks):
    client = world.client(world.market_officer)
    assert "下载导入模板" in client.get("/cases/import/").content.decode()
    template = client.get("/cases/import/template.xlsx")
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    header = template_csv().strip().split(",")
    row = record()
    body = ",".join(header) + "\n" + ",".join(f'"{row.get(h, "")}"' for h in header) + "\n"
    upload = SimpleUploadedFile("cases.csv", body.encode("utf-8"), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):  # the worker's turn
        client.post("/cases/import/", {"agency": world.market.pk, "file": upload})
    batch_page = client.get(f"/cases/import/{ImportBatch.objects.get().pk}/")
    response = batch_page
    assert response.status_code == 200
    batch = ImportBatch.objects.get()
    assert batch.status == "done" and batch.accepted == 1
    assert "已完成" in response.content.decode()
    assert PenaltyCase.objects.get().fine_amount == Decimal("52120.00")


def test_upload_with_errors_lists_them(world, django_capture_on_commit_callbacks):
    client = world.client(world.market_officer)
    upload = SimpleUploadedFile("bad.csv", "行政相对人名称\n某\n".encode(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/cases/import/", {"agency": world.market.pk, "file": upload})
    page = client.get(f"/cases/import/{ImportBatch.objects.get().pk}/").content.decode()
    assert "文件无法读取" in page and "缺少必需的表头" in page
    assert PenaltyCase.objects.count() == 0


def test_home_page_per_role(world):
    load(world.market, [record()])
    assert "52,120.00" in world.client(world.market_officer).get("/").content.decode()
    procuratorate_home = world.client(world.prosecutor).get("/").content.decode()
    assert "各机关案件" in procuratorate_home and "测试市市场监督管理局" in procuratorate_home
    assert "案件数和罚款合计统计于" in procuratorate_home


def test_region_figures_are_counted_again_after_an_import(world):
    """The home page of those who see every organ keeps its counts in the cache (desk/tally.py): an import
    must show at once, not after the cache expires."""
    load(world.market, [record()])
    before = world.client(world.prosecutor).get("/")
    assert before.context["totals"]["n"] == 1
    load(world.market, [record(**{"行政处罚决定书文号": "测罚二号", "罚款金额（万元）": "1"})])
    after = world.client(world.prosecutor).get("/")
    assert after.context["totals"]["n"] == 2
    assert "62,120.00" in after.content.decode()  # 52,120.00 + 10,000.00


def test_an_organs_figures_come_from_the_counts_by_organ_and_a_shared_case_counts_at_once(world):
    """An organ's home page reads its own cases off the cached counts by organ (desk/tally.py): an import shows
    at once; a case another organ shares with it (a transfer delivered to the police) is counted as it is now."""
    from datetime import timedelta

    from liangfa.transfers.services import deliver_transfer

    transfer = ready_transfer(world, now=timezone.now() - timedelta(hours=2), until="approved")
    officer, police = world.client(world.market_officer), world.client(world.police_officer)
    first = officer.get("/")
    assert first.context["totals"]["n"] == 1 and "案件数和罚款合计统计于" in first.content.decode()
    assert police.get("/").context["totals"] == {"n": 0, "fines": None}
    deliver_transfer(transfer, actor=world.market_officer, now=timezone.now())  # no import: the cache stays
    assert police.get("/").context["totals"] == first.context["totals"]
    load(world.market, [record(**{"行政处罚决定书文号": "测罚二号", "罚款金额（万元）": "1"})])
    after = officer.get("/").context["totals"]
    assert after["n"] == 2 and after["fines"] == first.context["totals"]["fines"] + Decimal("10000")


def test_batch_page_shows_progress_while_running(world, settings):
    from django.core.cache import cache
    from django.utils import timezone

    from liangfa.cases.services import progress_key

    batch = ImportBatch.objects.create(agency=world.market, uploaded_by=world.market_officer, created_at=timezone.now(),
                                       filename="big.csv", status="running")
    cache.set(progress_key(batch.pk), (4000, 10000))
    fragment = world.client(world.market_officer).get(f"/cases/import/{batch.pk}/", HTTP_HX_REQUEST="true")
    text = fragment.content.decode()
    assert "已处理" in text and ">4000<" in text and "/ 10000 行" in text and 'hx-trigger="every 2s"' in text


def test_the_ui_is_chinese_whatever_the_browser_asks_for(world):
    """An officer whose browser prefers English still gets Chinese labels and error messages."""
    client = world.client(world.market_officer)
    page = client.post("/cases/import/", {"agency": world.market.pk}, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    text = page.content.decode()
    assert "This field is required" not in text and "这个字段是必填项" in text
    assert "导入机关：" in text and "导入机关:" not in text


def test_the_filtered_list_exports_to_excel_that_loads_back_unchanged(world, tmp_path,
                                                                      django_capture_on_commit_callbacks):
    from openpyxl import load_workbook

    load(world.market, [record(), record(**{"行政处罚决定书文号": "测市监罚〔2025〕2号", "罚款金额（万元）": "0.3"})])
    client = world.client(world.market_officer)
    assert 'action="/cases/exports/"' in client.get("/cases/?amount_min=10000").content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the worker's turn
        started = client.post("/cases/exports/", {"amount_min": "10000"})
    job = CaseExport.objects.get()
    assert started["Location"] == f"/cases/exports/{job.pk}/"
    page = client.get(started["Location"]).content.decode()
    assert "已完成" in page and "共 1 件" in page and f"下载 行政处罚案件-{timezone.localdate():%Y%m%d}.xlsx" in page
    assert world.client(world.market_officer2).get(started["Location"]).status_code == 404  # the requester's alone
    response = client.get(f"/cases/exports/{job.pk}/download")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert unquote(response["Content-Disposition"]).endswith(f"行政处罚案件-{timezone.localdate():%Y%m%d}.xlsx")
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    rows = list(load_workbook(path).active.values)
    header, [row] = rows[0], rows[1:]  # only the case fined ≥ 10,000
    cell = dict(zip(header, row, strict=True))
    assert cell["行政处罚决定书文号"] == "测市监罚〔2025〕1号" and cell["罚款金额（元）"] == 52120
    assert cell["行政相对人代码_1（统一社会信用代码）"] == "91430923745919951M" and cell["案件状态"] == "决定"
    assert AuditEntry.objects.filter(action="case.export", actor_name__isnull=False).count() == 1
    # loaded back as it is: nothing changes
    result = load(world.market, [{k: ("" if v is None else v) for k, v in cell.items()}])
    assert (result.accepted, result.updated, result.unchanged, result.rejected) == (0, 0, 1, [])


def test_an_export_too_large_is_refused_with_the_reason(world, monkeypatch):
    import liangfa.cases.services as case_services

    monkeypatch.setattr(case_services, "EXPORT_LIMIT", 1)
    load(world.market, [record(), record(**{"行政处罚决定书文号": "测市监罚〔2025〕2号"})])
    page = world.client(world.market_officer).post("/cases/exports/", follow=True).content.decode()
    assert "筛选结果共 2 件，超过单次导出上限 1 件，请缩小筛选范围" in page
    page = world.client(world.market_officer).post("/cases/exports/", {"amount_min": "abc"}, follow=True)
    assert "筛选条件有误，请先在列表中改正后再导出" in page.content.decode()
    assert not CaseExport.objects.exists()


def test_a_big_export_shows_its_progress_while_the_worker_writes(world, monkeypatch):
    """The worker has not run yet: the page polls and shows how far it is (issue 16: not a silent link)."""
    load(world.market, [record()])
    client = world.client(world.market_officer)
    job = CaseExport.objects.get(pk=client.post("/cases/exports/")["Location"].split("/")[-2])
    page = client.get(f"/cases/exports/{job.pk}/").content.decode()
    assert "排队中" in page and 'hx-trigger="every 1s"' in page and "已写入" in page
    assert client.get(f"/cases/exports/{job.pk}/download").status_code == 404
    monkeypatch.setattr("liangfa.cases.export.PROGRESS_EVERY", 1)
    from liangfa.cases.services import run_case_export

    run_case_export.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 1, 1)


def test_case_search_matches_anywhere_and_brackets_alike(world):
    """Issue 16: anywhere in 决定书文号, party name and code; 〔〕[]（）() the same."""
    load(world.market, [record(**{"行政处罚决定书文号": "焦市监罚〔2026〕901号", "行政相对人名称": "焦作市（恒信）食品有限公司"}),
                        record(**{"行政处罚决定书文号": "焦市监罚〔2026〕17号", "行政相对人名称": "某商行",
                                  "行政相对人代码_1（统一社会信用代码）": "92410802MA44GU1234"})])
    client = world.client(world.market_officer)

    def found(q):
        return sorted(c.decision_no for c in client.get("/cases/", {"q": q}).context["cases"])

    assert found("[2026]901") == found("(2026)901") == found("2026〕901号") == ["焦市监罚〔2026〕901号"]
    assert found("恒信") == found("(恒信)食品") == ["焦市监罚〔2026〕901号"]
    assert found("MA44GU") == found("ma44gu") == ["焦市监罚〔2026〕17号"]
    assert found("监罚") == ["焦市监罚〔2026〕17号", "焦市监罚〔2026〕901号"]


def test_case_list_shows_and_filters_by_open_clues(world):
    load(world.market, [record(), record(**{"行政处罚决定书文号": "测市监罚〔2025〕2号", "销售金额（元）": "1,000"})])
    client = world.client(world.market_officer)
    page = client.get("/cases/").content.decode()
    assert "<th>涉罪线索</th>" in page and "1 条未结" in page
    assert [c.decision_no for c in client.get("/cases/", {"clue": "open"}).context["cases"]] == ["测市监罚〔2025〕1号"]
    assert [c.decision_no for c in client.get("/cases/", {"clue": "none"}).context["cases"]] == ["测市监罚〔2025〕2号"]
