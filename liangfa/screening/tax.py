"""The 逃税 gate on a page: the tax agency records the 追缴通知 it issued and whether the party paid in time.

《刑法》第二百零一条第四款: after the tax authority's 追缴通知, a party who pays the tax and the late fee and
accepts the administrative penalty is not prosecuted (unless punished twice within five years); without a 追缴通知
there is no prosecution (2024 解释第三条第二款). So a 逃税 clue waits for the notice and closes on payment."""

from django import forms

from liangfa.core.forms import ChineseLabels

GATE_CITATION = ("《刑法》第二百零一条第四款；《最高人民法院、最高人民检察院关于办理危害税收征管刑事案件适用法律若干问题的解释》"
                 "第三条第二款")

PAYMENT_CHOICES = [("unpaid", "尚未按期补缴（追缴期限已过或拒不缴纳）"),
                   ("complied", "已按期补缴税款、缴纳滞纳金并接受行政处罚")]


class TaxNoticeForm(ChineseLabels, forms.Form):
    document_no = forms.CharField(label="追缴通知书文号", max_length=100,
                                  error_messages={"required": "追缴通知书文号：必填"})
    issued_on = forms.DateField(label="下达日期", widget=forms.DateInput(attrs={"type": "date"}),
                                error_messages={"required": "下达日期：必填", "invalid": "下达日期：格式应为 2025-01-01"})
    payment = forms.ChoiceField(label="缴纳情况", choices=PAYMENT_CHOICES, widget=forms.RadioSelect,
                                error_messages={"required": "缴纳情况：请选择", "invalid_choice": "缴纳情况：只能选列出的一项"})
