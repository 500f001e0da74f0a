from django import forms
from django.contrib.auth.password_validation import validate_password

from liangfa.agencies.choices import Role
from liangfa.agencies.models import Agency, Department, TokenScope, User
from liangfa.core.forms import ChineseLabels


class AgencyForm(ChineseLabels, forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["code", "name", "kind", "level", "region_code", "field", "parent", "uscc"]


class UserCreateForm(ChineseLabels, forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    full_name = forms.CharField(label="姓名", max_length=50)
    agency = forms.ModelChoiceField(label="所属机关", queryset=Agency.objects.all())
    department = forms.ModelChoiceField(label="内设机构", queryset=Department.objects.all(), required=False)
    roles = forms.MultipleChoiceField(label="角色", choices=Role.choices, widget=forms.CheckboxSelectMultiple)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput)

    def clean(self):
        cleaned = super().clean()
        password, username = cleaned.get("password"), cleaned.get("username")
        if password and username:
            # The rules see the new person's own name and account (no 'zhangsan2026!').
            try:
                validate_password(password, User(username=username, full_name=cleaned.get("full_name", "")))
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return cleaned


class PasswordResetForm(ChineseLabels, forms.Form):
    password = forms.CharField(label="临时密码", widget=forms.PasswordInput, strip=False)


class RolesForm(ChineseLabels, forms.Form):
    roles = forms.MultipleChoiceField(label="角色", choices=Role.choices, widget=forms.CheckboxSelectMultiple)


class TokenForm(ChineseLabels, forms.Form):
    name = forms.CharField(label="用途（如：市场监管局业务系统）", max_length=100)
    scope = forms.ChoiceField(label="权限", choices=TokenScope.choices, initial=TokenScope.PUSH)
    days = forms.IntegerField(label="有效期（天）", min_value=1, max_value=730, initial=365)
