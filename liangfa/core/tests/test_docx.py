"""The 公文 template every 文书 is printed on, and the administrator's own template taking its place."""

import io
import shutil
from datetime import date

from docx import Document
from docx.oxml.ns import qn

from liangfa.core.docx import PACKAGED, render, render_docx, template_path, tidy


def test_packaged_template_is_the_gongwen_layout():
    data = render("立案通知书", organ="测试市公安局", when=date(2026, 3, 4), doc_no="测公（经）立字〔2026〕1号",
                  recipient="测试市市场监督管理局", attachments=["涉案物品清单"],
                  blocks=["你单位移送的案件，本机关已决定立案。。", ("table", ["序号", "物品名称"], [["1", "白酒"]])])
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [37, 35, 28, 26]
    assert section._sectPr.find(qn("w:docGrid")).get(qn("w:linePitch")) == "579"
    texts = [p.text for p in document.paragraphs]
    assert texts[:4] == ["立案通知书", "测公（经）立字〔2026〕1号", "测试市市场监督管理局：", "你单位移送的案件，本机关已决定立案。"]
    assert texts[-3:] == ["", "测试市公安局", "2026年3月4日"] and "附件：涉案物品清单" in texts
    assert [c.text for c in document.tables[0].rows[1].cells] == ["1", "白酒"]
    body = document.paragraphs[3].style
    assert body.font.size.pt == 16 and body.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert body.paragraph_format.first_line_indent.pt == 32
    assert document.paragraphs[0].style.element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert document.core_properties.language == "zh-CN" and document.core_properties.title == "立案通知书"


def test_an_administrators_template_replaces_the_packaged_one(settings, tmp_path):
    settings.DOCX_TEMPLATE_DIR = tmp_path
    assert template_path("立案通知书") == PACKAGED / "公文.docx"
    own = Document(str(PACKAGED / "公文.docx"))
    own.paragraphs[0].insert_paragraph_before("焦作市公安局（自定义版头）")
    own.add_paragraph("刑事案件编号：{{ data.criminal_case_no }}")
    own.save(tmp_path / "立案通知书.docx")
    assert template_path("立案通知书") == tmp_path / "立案通知书.docx"
    assert template_path("不予立案通知书") == PACKAGED / "公文.docx"
    texts = [p.text for p in Document(io.BytesIO(render("立案通知书", organ="测试市公安局", when=date(2026, 3, 4),
                                                        data={"criminal_case_no": "A4108"}))).paragraphs]
    assert texts[0] == "焦作市公安局（自定义版头）" and texts[-1] == "刑事案件编号：A4108"
    shutil.copy(tmp_path / "立案通知书.docx", tmp_path / "公文.docx")
    assert template_path("不予立案通知书") == tmp_path / "公文.docx"


def test_older_callers_get_the_layout_and_a_recipient():
    document = Document(io.BytesIO(render_docx("检察建议书", "焦检建〔2026〕3号", ["焦作市市场监督管理局：", "建议如下。"],
                                                "焦作市人民检察院", date(2026, 1, 5))))
    assert document.paragraphs[2].style.name == "主送机关" and document.paragraphs[2].text == "焦作市市场监督管理局："


def test_text_slips_are_tidied():
    assert tidy("理由：证据不足。。") == "理由：证据不足。"
    assert tidy("补正下列材料：。") == "补正下列材料："
    assert tidy("金额1.5万元") == "金额1.5万元"
