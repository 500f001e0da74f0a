"""Public forms: length limits the browser and the server both enforce; CSRF comes with Django's middleware."""

from django import forms

from liangfa.portal.choices import Satisfaction
from liangfa.portal.services import LIMITS


class RequestForm(forms.Form):
    agency = forms.TypedChoiceField(label="受理机关", coerce=int)
    name = forms.CharField(label="姓名或名称", max_length=LIMITS["name"])
    phone = forms.CharField(label="联系电话", max_length=LIMITS["phone"], required=False)
    email = forms.EmailField(label="电子邮箱", max_length=LIMITS["email"], required=False)
    subject = forms.CharField(label="标题", max_length=LIMITS["subject"])
    body = forms.CharField(label="内容", max_length=LIMITS["body"], widget=forms.Textarea(attrs={"rows": 6}))
    decision_no = forms.CharField(label="涉及的决定书文号（如有）", max_length=LIMITS["decision_no"], required=False)
    attachment = forms.FileField(label="附件（PDF、JPG、PNG、DOCX，不超过5MB，可不传）", required=False)
    crime_report = forms.BooleanField(label="我举报的行为可能涉嫌犯罪", required=False)

    def __init__(self, *args, agencies=(), kind="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "请选择")] + [(a.pk, a.name) for a in agencies]
        if kind != "complaint":
            del self.fields["crime_report"]
        if kind not in ("reconsideration", "info_query", "complaint"):
            del self.fields["decision_no"]


class BookingForm(forms.Form):
    slot = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**62)
    name = forms.CharField(label="姓名或名称", max_length=LIMITS["name"])
    phone = forms.CharField(label="联系电话", max_length=LIMITS["phone"])
    email = forms.EmailField(label="电子邮箱（可不填）", max_length=LIMITS["email"], required=False)
    subject = forms.CharField(label="办理事项", max_length=LIMITS["subject"])
    body = forms.CharField(label="说明", max_length=LIMITS["body"], widget=forms.Textarea(attrs={"rows": 3}))


class LookupForm(forms.Form):
    number = forms.CharField(label="受理编号", max_length=20)
    secret = forms.CharField(label="查询密码", max_length=8)


class ProgressForm(forms.Form):
    code = forms.CharField(label="查询码", max_length=20)
    verifier = forms.CharField(label="验证码", max_length=8)


class RatingForm(LookupForm):
    rating = forms.TypedChoiceField(label="满意度", coerce=int, choices=Satisfaction.choices, widget=forms.RadioSelect)
    note = forms.CharField(label="评价意见（可不填）", max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
