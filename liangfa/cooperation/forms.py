"""The 协作 page's forms: a case is chosen by its 决定书文号 (offered as one types), dates by a date picker;
a missing or wrong entry is a field error in Chinese and what was typed stays."""

from django import forms
from django.utils import timezone

from liangfa.agencies.choices import AgencyKind
from liangfa.agencies.models import Agency
from liangfa.cases.forms import CaseNumberField
from liangfa.cooperation.choices import AssistanceKind, ConsultationTopic
from liangfa.core.forms import ChineseLabels

REQUIRED = "请填写{}"


def _required(label: str) -> dict:
    return {"required": REQUIRED.format(label)}


class CooperationForm(ChineseLabels, forms.Form):
    """Every form here knows its user (whose cases may be named); on one page, ids are told apart by auto_id."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field, CaseNumberField):
                field.user = user
        if "counterpart" in self.fields:
            self.fields["counterpart"].queryset = Agency.objects.exclude(pk=user.agency_id).order_by("kind", "name")
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.empty_label = "请选择"


def _agencies(*kinds):
    return Agency.objects.filter(kind__in=kinds).order_by("kind", "name")


class ThreadForm(CooperationForm):
    counterpart = forms.ModelChoiceField(label="对方机关", queryset=Agency.objects.none(),
                                         error_messages={"required": "请选择对方机关"})
    title = forms.CharField(label="主题", required=False, max_length=200)
    case = CaseNumberField(required=False, label="案件（可选）")
    text = forms.CharField(label="消息", error_messages=_required("消息"), widget=forms.TextInput(attrs={"size": 40}))


class ConsultForm(CooperationForm):
    to_agency = forms.ModelChoiceField(label="咨询机关", queryset=_agencies(AgencyKind.POLICE, AgencyKind.PROCURATORATE),
                                       error_messages={"required": "请选择公安机关或人民检察院"})
    topic = forms.ChoiceField(label="类别", choices=ConsultationTopic.choices, error_messages={"required": "请选择咨询类别"})
    case = CaseNumberField(required=False, label="案件（可选）")
    question = forms.CharField(label="咨询事项", error_messages=_required("咨询事项"),
                               widget=forms.TextInput(attrs={"size": 40}))


class InterventionForm(CooperationForm):
    case = CaseNumberField(label="案件（决定书文号）", error_messages={"required": "请填写申请提前介入的案件文号"})
    police = forms.ModelChoiceField(label="公安机关", queryset=_agencies(AgencyKind.POLICE),
                                    error_messages={"required": "请选择公安机关"})
    reason = forms.CharField(label="理由", error_messages=_required("申请提前介入的理由"),
                             widget=forms.TextInput(attrs={"size": 40}))


class AssistForm(CooperationForm):
    kind = forms.ChoiceField(label="类别", choices=AssistanceKind.choices, error_messages={"required": "请选择协作类别"})
    counterpart = forms.ModelChoiceField(label="协助机关", queryset=Agency.objects.none(),
                                         error_messages={"required": "请选择协助机关"})
    subject = forms.CharField(label="事项", error_messages=_required("请求事项"), widget=forms.TextInput(attrs={"size": 30}))
    due_date = forms.DateField(label="期望完成日期", widget=forms.DateInput(attrs={"type": "date"}),
                               error_messages={"required": "请选择期望完成日期", "invalid": "期望完成日期应为有效日期"})
    case = CaseNumberField(required=False, label="案件（可选）")

    def clean_due_date(self):
        day = self.cleaned_data["due_date"]
        if day < timezone.localdate():
            raise forms.ValidationError("期望完成日期不能早于今天")
        return day


FORMS = {"thread": ThreadForm, "consult": ConsultForm, "intervene": InterventionForm, "assist": AssistForm}


def blank_forms(user) -> dict:
    return {name: form(user=user, auto_id=f"{name}-%s") for name, form in FORMS.items()}
