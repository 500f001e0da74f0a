"""A person's own account: change the password, enrol or enter the one-time code (TOTP)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import redirect, render
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from liangfa.agencies import services
from liangfa.agencies.auth import audit_lockout, count_failure, is_locked, locked_message, login_lock
from liangfa.agencies.second_factor import SESSION_KEY, qr_svg
from liangfa.core.errors import DomainError
from liangfa.core.forms import ChineseLabels
from liangfa.core.http import safe_next

ENROL_KEY = "liangfa_totp_enrol"


class PasswordChangeForm(ChineseLabels, SetPasswordForm):
    """The old password is checked through the login lockout: a borrowed session cannot guess it."""

    old_password = forms.CharField(label="原密码", strip=False, widget=forms.PasswordInput)
    field_order = ["old_password", "new_password1", "new_password2"]

    def __init__(self, user, *args, request=None, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password2"].label = "再次输入新密码"

    def clean_old_password(self):
        old = self.cleaned_data["old_password"]
        with login_lock(self.user.username, self.request):
            locked = is_locked(self.request, self.user.username)
            wrong = not locked and not self.user.check_password(old)
            if wrong:
                count_failure(self.request, self.user.username)
        if locked:
            raise forms.ValidationError(locked_message(), code="locked")
        if wrong:
            raise forms.ValidationError("原密码不正确。", code="password_incorrect")
        return old


class CodeForm(forms.Form):
    token = forms.RegexField(label="动态口令", regex=r"^\d{6}$", max_length=6,
                             error_messages={"invalid": "动态口令是 6 位数字。", "required": "请输入动态口令。"})


@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_password(request.user, form.cleaned_data["new_password1"])
            update_session_auth_hash(request, request.user)
            messages.success(request, "密码已修改")
            return redirect(safe_next(request, "home"))
        except DomainError as exc:
            form.add_error("new_password1", str(exc))
    return render(request, "account/password.html", {"form": form, "forced": request.user.must_change_password})


@login_required
def otp(request):
    """Enter the code of the enrolled authenticator, or enrol one (QR code) when there is none."""
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    enrolling = device is None
    if enrolling:
        device = _enrolment_device(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = _check_code(request, device, form.cleaned_data["token"])
        if outcome == "locked":
            logout(request)
            messages.error(request, locked_message())
            return redirect("login")
        if outcome == "ok":
            if enrolling:
                services.confirm_totp_device(device, actor=user)
                request.session.pop(ENROL_KEY, None)
            otp_login(request, device)
            request.session[SESSION_KEY] = True
            return redirect(safe_next(request, "home"))
        form.add_error("token", "动态口令不正确或已过期。")
    return render(request, "account/otp.html", {
        "form": form, "enrolling": enrolling, "qr": qr_svg(device.config_url) if enrolling else "",
        "secret": _base32(device) if enrolling else "",
    })


def _check_code(request, device, token: str) -> str:
    username = request.user.username
    with login_lock(username, request):
        if is_locked(request, username):
            return "locked"
        if device.verify_token(token):
            return "ok"
        count_failure(request, username)
        if is_locked(request, username):
            audit_lockout(request, username)
            return "locked"
        return "wrong"


def _enrolment_device(request) -> TOTPDevice:
    """One unconfirmed device per enrolment, kept across the page's reloads."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False,
                                       pk=request.session.get(ENROL_KEY) or 0).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="动态口令", confirmed=False)
        request.session[ENROL_KEY] = device.pk
    return device


def _base32(device) -> str:
    from base64 import b32encode

    return b32encode(device.bin_key).decode()
