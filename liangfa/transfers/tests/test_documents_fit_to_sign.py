"""The transfer's 文书 as an official prints them: 公文 layout (GB/T 9704-2012), each organ's own 文号,
what the documents must carry (立案通知书: 刑事案件编号 and date; 移送书: what was attached; 涉案物品清单:
规格/数量/单位/存放地点), the names the law gives them, and Chinese download names."""

import io
import re
from datetime import datetime
from urllib.parse import unquote

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from docx.oxml.ns import qn

from liangfa.clock.rules import TZ, period
from liangfa.testing import ready_transfer
from liangfa.transfers import package, services

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)


def opened(doc) -> Document:
    doc.file.open("rb")
    try:
        return Document(io.BytesIO(doc.file.read()))
    finally:
        doc.file.close()


def text(document: Document) -> str:
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def assert_gongwen(document: Document, title: str, doc_no: str = "") -> None:
    """A4, margins 37/35/28/26 mm, 仿宋_GB2312 三号 body indented two characters, 小标宋 二号 title,
    page numbers "— 1 —" in 4号宋体, zh-CN, no doubled full stop."""
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [37, 35, 28, 26]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 225 mm / 22 lines
    first = document.paragraphs[0]
    assert first.text == title and first.style.name == "文书标题"
    assert first.style.font.size.pt == 22 and first.style.element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    body = [p for p in document.paragraphs if p.style.name == "正文" and p.text]
    assert body, "a 文书 has a body"
    style = body[0].style
    assert style.font.size.pt == 16 and style.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert style.paragraph_format.first_line_indent.pt == 32  # two characters of 三号
    assert style.element.rPr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    assert document.core_properties.language == "zh-CN"
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —") and "PAGE" in footer._p.xml
    assert footer.style.font.size.pt == 14 and footer.style.element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
    assert section.even_page_footer.paragraphs[0].text.startswith("— ")
    if doc_no:
        assert document.paragraphs[1].text == doc_no
    words = text(document)
    assert "。。" not in words and "{{" not in words and "{%" not in words


def test_filing_notice_carries_case_number_date_and_the_police_number(world):
    transfer = ready_transfer(world, now=T0, until="accepted")
    services.decide_filing(transfer, actor=world.police_officer, approver=world.police_head, file=True, case_no="A4108000000002026030001",
                           now=T0.replace(day=4))
    notice = transfer.documents.get(kind="filing_notice")
    assert re.fullmatch(r"测公(（[^）]+）)?立字〔2026〕1号", notice.doc_no)
    document = opened(notice)
    assert_gongwen(document, "立案通知书", notice.doc_no)
    words = text(document)
    assert "刑事案件编号：A4108000000002026030001" in words and "已于2026年3月4日决定立案侦查" in words
    assert f"自接到本通知书之日起{period('AGY_HANDOVER')}内" in words
    assert document.paragraphs[2].text == "测试市市场监督管理局："  # 主送机关, flush left
    assert document.paragraphs[-1].text == "2026年3月4日" and document.paragraphs[-2].text == "测试市公安局"


def test_each_organ_numbers_its_own_documents_in_sequence(world):
    first = ready_transfer(world, now=T0, until="delivered")
    letters = list(first.documents.filter(kind="transfer_letter"))
    # drafted before the 调查报告 was attached, so issued again on delivery — under the same number
    assert len(letters) == 2 and {d.doc_no for d in letters} == {"测市监移〔2026〕1号"}
    assert first.documents.get(kind="item_list").doc_no == "测市监移〔2026〕1号"  # travels with the 移送书
    services.sign_receipt(first, actor=world.police_officer, now=T0)
    services.notify_materials_incomplete(first, actor=world.police_officer, missing="现场检查笔录。", now=T0)
    services.cure_materials(first, actor=world.market_officer, note="已补正", now=T0)
    services.decide_filing(first, actor=world.police_officer, approver=world.police_head, file=False, reason="trivial", detail="数额较小。",
                           materials_returned=True, now=T0)
    services.request_reconsideration(first, actor=world.market_officer, grounds="销售金额已达五万元以上。", now=T0)
    services.decide_reconsideration(first, actor=world.police_officer, approver=world.police_head, file=False, reasons="证据不足。", now=T0)
    numbers = dict(first.documents.exclude(doc_no="").values_list("kind", "doc_no"))
    assert re.fullmatch(r"测公(（[^）]+）)?补字〔2026〕1号", numbers["cure_notice"])
    assert re.fullmatch(r"测公(（[^）]+）)?不立字〔2026〕1号", numbers["non_filing_notice"])
    assert numbers["reconsideration_request"] == "测市监提复〔2026〕1号"
    assert re.fullmatch(r"测公(（[^）]+）)?复决字〔2026〕1号", numbers["reconsideration_decision"])
    decision = opened(first.documents.get(kind="reconsideration_decision"))
    assert_gongwen(decision, "复议决定通知书")  # R310 第九条第二款 names it so
    assert "理由：证据不足。" in text(decision)  # the typed stop is not doubled
    non_filing = text(opened(first.documents.get(kind="non_filing_notice")))
    assert "（数额较小）" in non_filing and f"{period('AGY_RECONSIDER_REQUEST')}内提请本机关复议" in non_filing
    assert "补正下列材料：现场检查笔录。" in text(opened(first.documents.get(kind="cure_notice")))


def test_numbers_continue_across_transfers_and_restart_each_year(world):
    from django.db import transaction

    from liangfa.core.numbering import numbered

    with transaction.atomic():
        taken = [numbered(world.police, "立案通知书", 2026) for _ in range(3)]
        other_year = numbered(world.police, "立案通知书", 2027)
        other_organ = numbered(world.tax, "涉嫌犯罪案件移送书", 2026)
    assert taken == ["测公立字〔2026〕1号", "测公立字〔2026〕2号", "测公立字〔2026〕3号"]
    assert (other_year, other_organ) == ("测公立字〔2027〕1号", "测税移〔2026〕1号")
    try:
        with transaction.atomic():
            numbered(world.police, "立案通知书", 2026)
            raise RuntimeError("the document was not written")
    except RuntimeError:
        pass
    with transaction.atomic():  # a number whose document was never written is not a gap
        assert numbered(world.police, "立案通知书", 2026) == "测公立字〔2026〕4号"


def test_letter_lists_what_was_attached_and_item_list_has_its_columns(world):
    transfer = ready_transfer(world, now=T0, until="draft")
    officer = world.market_officer
    package.add_item(transfer, actor=officer, name="假冒白酒", spec="500ml/瓶", quantity="48", unit="瓶",
                     storage_place="测试市市场监管局罚没物品仓库", now=T0)
    package.attach_document(transfer, actor=officer, kind="test_report", title="白酒检验报告", now=T0,
                            upload=SimpleUploadedFile("白酒检验报告（2026）.pdf", b"%PDF-1.4 report"))
    items = package.generate_document(transfer, actor=officer, kind="item_list", now=T0)
    letter = package.generate_document(transfer, actor=officer, kind="transfer_letter", now=T0)
    document = opened(letter)
    assert_gongwen(document, "涉嫌犯罪案件移送书", letter.doc_no)
    attachments = [p.text for p in document.paragraphs if p.text.startswith(("附件：", "　　　"))]
    assert attachments[0].startswith("附件：1．")
    listed = " ".join(attachments)
    assert "涉嫌犯罪案件情况的调查报告" in listed and "涉案物品清单" in listed
    assert "检验报告/鉴定意见（白酒检验报告）" in listed and "回执" not in listed
    sheet = opened(items)
    assert_gongwen(sheet, "涉案物品清单")
    table = sheet.tables[0]
    assert [c.text for c in table.rows[0].cells][:6] == ["序号", "物品名称", "规格", "数量", "单位", "存放地点"]
    assert [c.text for c in table.rows[2].cells][:6] == ["2", "假冒白酒", "500ml/瓶", "48", "瓶",
                                                        "测试市市场监管局罚没物品仓库"]


def test_downloads_have_chinese_names_and_uploads_keep_theirs(world):
    transfer = ready_transfer(world, now=T0, until="draft")
    client = world.client(world.market_officer)
    letter = transfer.documents.get(kind="transfer_letter")
    response = client.get(f"/transfers/{transfer.pk}/documents/{letter.pk}/")
    name = unquote(response["Content-Disposition"].split("filename*=utf-8''")[-1])
    assert name == f"涉嫌犯罪案件移送书-{transfer.case.decision_no}.docx"
    upload = transfer.documents.get(kind="investigation_report")
    response = client.get(f"/transfers/{transfer.pk}/documents/{upload.pk}/")
    assert unquote(response["Content-Disposition"].split("filename*=utf-8''")[-1]) == "调查报告.docx"


def test_police_send_the_supplement_list_as_a_document(world):
    transfer = ready_transfer(world, now=T0, until="draft")
    package.add_evidence(transfer, actor=world.market_officer, kind="inquiry_record",
                         description="对当事人的询问笔录", now=T0)
    services.submit_report(transfer, actor=world.market_officer, now=T0)
    services.approve_transfer(transfer, actor=world.market_head, now=T0)
    services.deliver_transfer(transfer, actor=world.market_officer, now=T0)
    services.sign_receipt(transfer, actor=world.police_officer, now=T0)
    page = world.client(world.police_officer).get(f"/transfers/{transfer.pk}/").content.decode()
    assert "act/supplement_list/" in page
    response = world.client(world.police_officer).post(f"/transfers/{transfer.pk}/act/supplement_list/",
                                                       {"note": "请于询问时告知权利义务。"})
    assert response.status_code == 302
    sheet = transfer.documents.get(kind="supplement_list")
    assert re.fullmatch(r"测公(（[^）]+）)?补证字〔2026〕1号", sheet.doc_no)
    document = opened(sheet)
    assert_gongwen(document, "补证清单", sheet.doc_no)
    words = text(document)
    assert "对当事人的询问笔录" in words and "须由侦查机关重新询问、制作笔录" in words
    assert "其他说明：请于询问时告知权利义务。" in words
    market_page = world.client(world.market_officer).get(f"/transfers/{transfer.pk}/").content.decode()
    assert "act/supplement_list/" not in market_page  # only the police send it
    assert "发出补证清单（" in market_page  # the agency sees it arrive on the timeline with its number


def test_forward_notice_has_the_name_the_police_rules_give_it(world):
    transfer = ready_transfer(world, now=T0, until="delivered")
    services.forward_transfer(transfer, actor=world.police_officer, approver=world.police_head, organ="测试市海关缉私局", notice="走私案件。", now=T0)
    notice = transfer.documents.get(kind="forward_notice")
    assert notice.title == "移送案件通知书" and notice.get_kind_display() == "移送案件通知书"
    words = text(opened(notice))
    assert "第一百七十五条" in words and "移送测试市海关缉私局处理" in words


def test_the_supplement_list_advises_what_the_standards_agreed_with_jianfa_still_expect(world):
    """Issue 17: the 补证清单 reads the evidence standards agreed with 检法 (会商) and lists what they still expect,
    as advice after the table of evidence to convert."""
    from liangfa.meetings import evidence

    transfer = ready_transfer(world, now=T0, until="draft")
    package.add_evidence(transfer, actor=world.market_officer, kind="inquiry_record",
                         description="对当事人的询问笔录", now=T0)
    services.submit_report(transfer, actor=world.market_officer, now=T0)
    services.approve_transfer(transfer, actor=world.market_head, now=T0)
    services.deliver_transfer(transfer, actor=world.market_officer, now=T0)
    services.sign_receipt(transfer, actor=world.police_officer, now=T0)
    evidence.load_standards(actor=world.prosecutor, now=T0)
    expected = package.agreed_evidence_missing(transfer)
    assert any("产品质量检验报告" in line for line in expected)
    response = world.client(world.police_officer).post(f"/transfers/{transfer.pk}/act/supplement_list/", {"note": ""})
    assert response.status_code == 302
    words = text(opened(transfer.documents.get(kind="supplement_list")))
    assert "另按与人民检察院、人民法院会商确定的证据标准（建议补充，供参考）：" in words
    assert "产品质量检验报告" in words and "对当事人的询问笔录" in words
    assert "。。" not in words


def test_the_supplement_list_says_nothing_of_agreed_standards_when_none_are_agreed(world):
    transfer = ready_transfer(world, now=T0, until="draft")
    package.add_evidence(transfer, actor=world.market_officer, kind="inquiry_record", description="询问笔录", now=T0)
    services.submit_report(transfer, actor=world.market_officer, now=T0)
    services.approve_transfer(transfer, actor=world.market_head, now=T0)
    services.deliver_transfer(transfer, actor=world.market_officer, now=T0)
    services.sign_receipt(transfer, actor=world.police_officer, now=T0)
    doc = package.send_supplement_list(transfer, actor=world.police_officer, now=T0)
    assert "会商确定的证据标准" not in text(opened(doc))
