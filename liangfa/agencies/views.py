from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from liangfa.agencies import services, tokens
from liangfa.agencies.auth import locked_usernames
from liangfa.agencies.forms import AgencyForm, PasswordResetForm, RolesForm, TokenForm, UserCreateForm
from liangfa.agencies.models import Agency, CooperationAgreement, User
from liangfa.agencies.permissions import is_admin
from liangfa.core.errors import DomainError
from liangfa.core.http import id_param


def admin_required(view):
    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not is_admin(request.user):
            raise HttpForbidden("只有管理员可以管理机关和用户")
        return view(request, *args, **kwargs)

    return wrapper


@admin_required
def agency_list(request):
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.create_agency(actor=request.user, **{
                k: v for k, v in form.cleaned_data.items()})
            messages.success(request, f"已新增机关：{agency.name}")
            return redirect("agency_list")
        except DomainError as exc:
            form.add_error(None, str(exc))
    agencies = Agency.objects.select_related("parent").prefetch_related("departments").order_by("kind", "code")
    return render(request, "agencies/list.html", {"agencies": agencies, "form": form})


@admin_required
def agency_detail(request, code: str):
    agency = get_object_or_404(Agency, code=code)
    token = None
    token_form = TokenForm(request.POST if request.POST.get("form") == "token" else None)
    if request.method == "POST" and request.POST.get("form") == "token" and token_form.is_valid():
        data = token_form.cleaned_data
        token = tokens.issue_api_token(agency, actor=request.user, name=data["name"], days=data["days"],
                                       scope=data["scope"])
        messages.warning(request, "令牌只显示这一次，请立即复制保存。")
    elif request.method == "POST" and request.POST.get("form") in ("revoke", "rotate"):
        row = get_object_or_404(agency.api_tokens, pk=id_param(request.POST.get("token")))
        try:
            if request.POST["form"] == "revoke":
                tokens.revoke_api_token(row, actor=request.user)
                messages.success(request, f"已吊销令牌“{row.name}”")
            else:
                token = tokens.rotate_api_token(row, actor=request.user)
                messages.warning(request, f"已更换令牌“{row.name}”，旧令牌即时失效；新令牌只显示这一次，请立即复制保存。")
        except DomainError as exc:
            messages.error(request, str(exc))
    elif request.method == "POST" and request.POST.get("form") == "principal":
        chosen = id_param(request.POST.get("principal"))
        try:
            user = get_object_or_404(User, pk=chosen) if chosen else None
            services.set_principal(agency, user, actor=request.user)
            messages.success(request, f"已指定正职负责人：{user.display_name}" if user else "已取消正职负责人")
            return redirect("agency_detail", code=agency.code)
        except DomainError as exc:
            messages.error(request, str(exc))
    elif request.method == "POST" and request.POST.get("form") == "edit":
        edit_form = AgencyForm(request.POST, instance=Agency.objects.get(pk=agency.pk))
        if edit_form.is_valid():
            try:
                services.update_agency(agency, actor=request.user, **{
                    k: v for k, v in edit_form.cleaned_data.items() if k != "code"})
                messages.success(request, "机关信息已更新")
                return redirect("agency_detail", code=agency.code)
            except DomainError as exc:
                messages.error(request, str(exc))
        else:
            messages.error(request, "；".join(f"{k}：{''.join(v)}" for k, v in edit_form.errors.items()))
    elif request.method == "POST":
        try:
            _liaison_or_agreement(request, agency)
            return redirect("agency_detail", code=agency.code)
        except (DomainError, ValueError, User.DoesNotExist, Agency.DoesNotExist) as exc:
            messages.error(request, str(exc) or "提交的内容有误")
    return render(request, "agencies/detail.html", {
        "agency": agency, "users": agency.users.order_by("username"), "token": token, "token_form": token_form,
        "tokens": agency.api_tokens.order_by("-created_at"), "now": timezone.now(), "liaisons": agency.liaisons.select_related("user", "counterpart"),
        "others": Agency.objects.exclude(pk=agency.pk).order_by("kind", "name"),
        "agreements": CooperationAgreement.objects.filter(Q(agency_a=agency) | Q(agency_b=agency)),
        "edit_form": AgencyForm(instance=agency),
        "heads": [u for u in agency.users.filter(is_active=True).order_by("username") if u.has_role("head")],
    })


def _liaison_or_agreement(request, agency: Agency) -> None:
    from datetime import date

    counterpart = Agency.objects.get(pk=id_param(request.POST.get("counterpart")))
    if request.POST.get("form") == "liaison":
        user = User.objects.get(pk=id_param(request.POST.get("user")), agency=agency)
        services.appoint_liaison(actor=request.user, agency=agency, counterpart=counterpart, user=user,
                                 since=date.fromisoformat(request.POST.get("since", "")))
        messages.success(request, f"已指定联络员：{user.display_name}（对{counterpart.name}）")
    elif request.POST.get("form") == "agreement":
        services.record_agreement(actor=request.user, agency_a=agency, agency_b=counterpart,
                                  title=request.POST.get("title", "").strip() or f"{agency.name}与{counterpart.name}执法办案协作协议",
                                  signed_on=date.fromisoformat(request.POST.get("signed_on", "")),
                                  scope=request.POST.get("scope", ""), document=request.FILES.get("document"))
        messages.success(request, "已登记协作协议")


@admin_required
def user_list(request):
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_user(actor=request.user, username=data["username"], password=data["password"],
                                        agency=data["agency"], roles=data["roles"], full_name=data["full_name"],
                                        department=data["department"])
            messages.success(request, f"已新增用户：{user.username}")
            return redirect("user_list")
        except DomainError as exc:
            form.add_error(None, str(exc))
    users = User.objects.select_related("agency", "department").order_by("agency__code", "username")
    return render(request, "agencies/users.html", {"users": users, "form": form, "locked": locked_usernames()})


@admin_required
def user_detail(request, pk: int):
    user = get_object_or_404(User, pk=pk)
    form = RolesForm(request.POST or None, initial={"roles": user.roles})
    reset_form = PasswordResetForm(request.POST if "reset_password" in request.POST else None)
    if request.method == "POST":
        try:
            if "reset_password" in request.POST:
                if reset_form.is_valid():
                    services.reset_password(user, reset_form.cleaned_data["password"], actor=request.user)
                    messages.success(request, "密码已重置，该用户下次登录须先修改密码")
                    return redirect("user_detail", pk=user.pk)
                raise DomainError("；".join(reset_form.errors.get("password", [])))
            if "remove_totp" in request.POST:
                services.remove_totp_devices(user, actor=request.user)
                messages.success(request, "已解绑动态口令，该用户下次登录时重新绑定")
                return redirect("user_detail", pk=user.pk)
            if "toggle_active" in request.POST:
                services.set_active(user, not user.is_active, actor=request.user)
                messages.success(request, "账号已" + ("启用" if user.is_active else "停用"))
                return redirect("user_detail", pk=user.pk)
            if "unlock" in request.POST:
                services.unlock_user(user, actor=request.user)
                messages.success(request, "账号已解锁")
                return redirect("user_detail", pk=user.pk)
            if form.is_valid():
                services.set_roles(user, form.cleaned_data["roles"], actor=request.user)
                messages.success(request, "角色已更新")
                return redirect("user_detail", pk=user.pk)
        except DomainError as exc:
            messages.error(request, str(exc))
    return render(request, "agencies/user.html", {
        "subject": user, "form": form, "reset_form": reset_form, "locked": user.username in locked_usernames(),
        "has_totp": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
    })
