"""The 管理员's pages for changing the rules and the catalogue: propose → back-test → activate."""

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from liangfa.agencies.permissions import may_change_rules
from liangfa.core.errors import DomainError
from liangfa.core.forms import ChineseLabels
from liangfa.screening import changes
from liangfa.screening.models import RuleChange
from liangfa.screening.rules import default_rules_text

RUNNING = {RuleChange.Status.TESTING, RuleChange.Status.ACTIVATING}


class RulesForm(ChineseLabels, forms.Form):
    source = forms.ChoiceField(label="规则文件来源", widget=forms.RadioSelect, initial="packaged",
                               choices=[("packaged", "随程序发布的规则文件"), ("upload", "上传规则文件")],
                               error_messages={"invalid_choice": "规则文件来源：只能选列出的一项"})
    upload = forms.FileField(label="规则文件", required=False)
    effective = forms.DateField(label="施行日期（该日起的行为适用）", widget=forms.DateInput(attrs={"type": "date"}),
                                error_messages={"required": "施行日期：必填", "invalid": "施行日期：格式应为 2025-01-01"})
    note = forms.CharField(label="修改说明", max_length=300, error_messages={"required": "修改说明：必填"})

    def clean(self):
        data = super().clean()
        if data.get("source") == "upload" and not data.get("upload"):
            self.add_error("upload", "规则文件：选择“上传规则文件”时必须选择文件")
        effective = data.get("effective")
        if effective and not date(2000, 1, 1) <= effective <= date(2100, 12, 31):
            self.add_error("effective", "施行日期：须在2000年至2100年之间")
        return data

    def text(self) -> str:
        if self.cleaned_data["source"] == "packaged":
            return default_rules_text()
        try:
            return self.cleaned_data["upload"].read().decode("utf-8")
        except UnicodeDecodeError:
            raise DomainError("规则文件：须为 UTF-8 编码的文本") from None


class CatalogueForm(ChineseLabels, forms.Form):
    text = forms.CharField(label="目录（每行：关键词；关键词 → 罪名；罪名 ｜ 排除：词；词 ｜ 依据：词）",
                           widget=forms.Textarea(attrs={"rows": 24, "cols": 110}),
                           error_messages={"required": "目录：不能为空"})
    note = forms.CharField(label="修改说明", max_length=300, error_messages={"required": "修改说明：必填"})


def _admin(request):
    if not may_change_rules(request.user):
        raise HttpForbidden("只有管理员可以修改规则和目录")


@login_required
def change_list(request):
    _admin(request)
    from liangfa.screening.services import catalogue

    rules_form = RulesForm(prefix="r")
    catalogue_form = CatalogueForm(prefix="c", initial={"text": changes.catalogue_text(catalogue())})
    if request.method == "POST":
        kind = request.POST.get("kind")
        form = RulesForm(request.POST, request.FILES, prefix="r") if kind == "rules" else CatalogueForm(request.POST, prefix="c")
        if form.is_valid():
            try:
                if kind == "rules":
                    change = changes.propose_change("rules", form.text(), note=form.cleaned_data["note"],
                                                    effective=form.cleaned_data["effective"], actor=request.user)
                else:
                    change = changes.propose_change("catalogue", form.cleaned_data["text"],
                                                    note=form.cleaned_data["note"], actor=request.user)
                messages.success(request, "已提交，正在回测")
                return redirect("rule_change", pk=change.pk)
            except DomainError as exc:
                form.add_error(None, str(exc))
        if kind == "rules":
            rules_form = form
        else:
            catalogue_form = form
    return render(request, "screening/changes.html", {
        "rules_form": rules_form, "catalogue_form": catalogue_form,
        "changes": RuleChange.objects.select_related("created_by", "activated_by")[:100]})


@login_required
def change_detail(request, pk: int):
    _admin(request)
    change = get_object_or_404(RuleChange.objects.select_related("created_by", "activated_by"), pk=pk)
    template = "screening/_change_progress.html" if request.headers.get("HX-Request") else "screening/change.html"
    return render(request, template, {"change": change, "running": change.status in RUNNING,
                                      "stale": change.status == RuleChange.Status.TESTED
                                      and change.baseline != changes.baseline(),
                                      "percent": int(100 * change.done / change.total) if change.total else 0})


@login_required
@require_POST
def change_activate(request, pk: int):
    _admin(request)
    change = get_object_or_404(RuleChange, pk=pk)
    try:
        changes.activate_change(change, actor=request.user)
        messages.success(request, "已启用，正在重新筛查受影响的案件")
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("rule_change", pk=change.pk)


@login_required
@require_POST
def change_retest(request, pk: int):
    _admin(request)
    change = get_object_or_404(RuleChange, pk=pk)
    try:
        changes.retest_change(change, actor=request.user)
        messages.success(request, "已重新提交回测")
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("rule_change", pk=change.pk)
