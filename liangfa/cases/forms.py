from django import forms
from django.urls import reverse
from django.utils.html import format_html

from liangfa.agencies.access import scope_by_agency
from liangfa.agencies.choices import AgencyKind, Field
from liangfa.agencies.models import Agency
from liangfa.agencies.permissions import is_admin, may_import
from liangfa.cases.choices import CaseStatus
from liangfa.cases.filters import CLUE_CHOICES, CaseFilter
from liangfa.cases.services import visible_cases
from liangfa.core.forms import ChineseLabels
from liangfa.core.text import normalize_doc_no


class CaseFilterForm(ChineseLabels, forms.Form):
    agency = forms.ChoiceField(label="机关", required=False)
    field = forms.ChoiceField(label="领域", required=False, choices=[("", "全部领域"), *Field.choices])
    violation_type = forms.CharField(label="违法行为类型", required=False)
    date_from = forms.DateField(label="决定日期起", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="至", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    amount_min = forms.DecimalField(label="罚款≥（元）", required=False, min_value=0)
    amount_max = forms.DecimalField(label="罚款≤（元）", required=False, min_value=0)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *CaseStatus.choices])
    q = forms.CharField(label="文号、当事人或代码", required=False)
    clue = forms.ChoiceField(label="涉罪线索", required=False, choices=CLUE_CHOICES)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = scope_by_agency(Agency.objects.all(), user, field="id").order_by("kind", "name")
        self.fields["agency"].choices = [("", "全部机关"), *((a.code, a.name) for a in agencies)]

    def to_filter(self) -> CaseFilter:
        if not self.is_valid():
            return CaseFilter()
        data = {k: v for k, v in self.cleaned_data.items()}
        return CaseFilter(**{k: (v if v is not None else None) for k, v in data.items()})


class ImportForm(ChineseLabels, forms.Form):
    agency = forms.ModelChoiceField(label="导入机关", queryset=Agency.objects.none())
    file = forms.FileField(label="文件（Excel 或 CSV）")
    dry_run = forms.BooleanField(label="试导入（只校验，不写入）", required=False)
    skip_invalid = forms.BooleanField(label="跳过错误行（只导入有效行）", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        administrative = Agency.objects.filter(is_active=True, kind=AgencyKind.ADMINISTRATIVE)
        own = administrative.filter(pk=user.agency_id)
        self.fields["agency"].queryset = administrative if is_admin(user) else own if own and may_import(
            user, own[0]) else Agency.objects.none()
        if user.agency_id:
            self.fields["agency"].initial = user.agency_id

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError("只接受 .csv 或 .xlsx 文件")
        return upload


class StatusForm(ChineseLabels, forms.Form):
    status = forms.ChoiceField(label="新状态", choices=CaseStatus.choices)
    note = forms.CharField(label="说明", required=False, widget=forms.TextInput)


class CaseNumberInput(forms.TextInput):
    """A 决定书文号 box that offers the matching cases as one types (HTMX fills a datalist)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {**(attrs or {})}
        options = f"{attrs.get('id') or name}-cases"
        attrs.update({"list": options, "autocomplete": "off", "placeholder": "输入文号或当事人查找",
                      "hx-get": reverse("case_lookup"), "hx-trigger": "input changed delay:300ms",
                      "hx-target": f"#{options}", "hx-swap": "innerHTML"})
        return format_html('{}<datalist id="{}"></datalist>', super().render(name, value, attrs, renderer), options)


class CaseNumberField(forms.CharField):
    """A case chosen by its 决定书文号 among those this person may open (brackets and widths alike)."""

    widget = CaseNumberInput

    def __init__(self, *, user=None, **kwargs):
        kwargs.setdefault("label", "案件（决定书文号）")
        super().__init__(**kwargs)
        self.user = user

    def clean(self, value):
        number = super().clean(value)
        if not number:
            return None
        found = list(visible_cases(self.user).filter(decision_no_key=normalize_doc_no(number))
                     .select_related("agency")[:5])
        mine = [c for c in found if c.agency_id == self.user.agency_id]
        if len(mine) == 1 or len(found) == 1:
            return (mine or found)[0]
        if found:
            raise forms.ValidationError(f"有多个机关的案件文号为“{number}”，请在本机关的案件页发起")
        raise forms.ValidationError(f"没有找到决定书文号为“{number}”的案件（或您无权查看）；请从提示中选择")
