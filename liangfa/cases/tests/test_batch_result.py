"""The import result (issue 16): the new and changed cases and the clues they raised; the rejected rows as an
Excel file to correct and load again; the delivered file under the name it was uploaded with."""

import io
from urllib.parse import unquote

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from liangfa.cases.models import ImportBatch
from liangfa.cases.template import template_csv
from liangfa.testing import load, record


def _upload(client, world, rows, name, django_capture_on_commit_callbacks, **options):
    header = template_csv().strip().split(",")
    body = ",".join(header) + "\n" + "".join(",".join(f'"{row.get(h, "")}"' for h in header) + "\n" for row in rows)
    upload = SimpleUploadedFile(name, body.encode("utf-8"), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):  # the worker's turn
        client.post("/cases/import/", {"agency": world.market.pk, "file": upload, **options})
    return ImportBatch.objects.order_by("-pk").first()


def test_the_result_lists_new_and_changed_cases_and_their_clues(world, django_capture_on_commit_callbacks):
    load(world.market, [record(**{"行政处罚决定书文号": "测市监罚〔2025〕7号", "销售金额（元）": "1,000"})])
    client = world.client(world.market_officer)
    rows = [record(), record(**{"行政处罚决定书文号": "测市监罚〔2025〕7号", "销售金额（元）": "2,000"})]
    batch = _upload(client, world, rows, "十一月处罚.csv", django_capture_on_commit_callbacks)
    page = client.get(f"/cases/import/{batch.pk}/").content.decode()
    cases = page.split('id="batch-cases"')[1].split("</table>")[0]
    assert "新增" in cases and "测市监罚〔2025〕1号" in cases and "更新" in cases and "测市监罚〔2025〕7号" in cases
    clues = page.split('id="batch-clues"')[1].split("</table>")[0]
    assert "测市监罚〔2025〕1号" in clues and "生产、销售伪劣产品罪" in clues and "7号" not in clues
    assert "新增和更新的案件（2 件）" in page and "下载原文件（十一月处罚.csv）" in page
    original = client.get(f"/cases/import/{batch.pk}/file")
    assert "十一月处罚.csv" in unquote(original["Content-Disposition"])


def test_rejected_rows_download_as_excel_to_correct_and_load_again(world, django_capture_on_commit_callbacks):
    client = world.client(world.market_officer)
    rows = [record(), record(**{"行政处罚决定书文号": "测市监罚〔2025〕2号", "处罚决定日期": "2025-13-01"})]
    batch = _upload(client, world, rows, "十一月处罚.csv", django_capture_on_commit_callbacks, skip_invalid="on")
    assert "下载错误行（Excel）" in client.get(f"/cases/import/{batch.pk}/").content.decode()
    response = client.get(f"/cases/import/{batch.pk}/rejected.xlsx")
    assert unquote(response["Content-Disposition"]).endswith("导入错误行-十一月处罚.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rest = [list(r) for r in sheet.values]
    assert header[0] == "行政相对人名称" and header[-2:] == ["错误原因", "原文件行号"]
    assert len(rest) == 1 and rest[0][header.index("行政处罚决定书文号")] == "测市监罚〔2025〕2号"
    assert "处罚决定日期" in rest[0][-2] and rest[0][-1] == 3
    other = world.client(world.tax_officer).get(f"/cases/import/{batch.pk}/rejected.xlsx")
    assert other.status_code == 404
