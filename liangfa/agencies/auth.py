"""Login with lockout: after LOGIN_MAX_FAILURES failures the account is locked for a while."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from liangfa.agencies.models import User
from liangfa.core.audit import record_audit


class LockoutAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "用户名或密码错误。",
        "inactive": "该账号已停用，请联系管理员。",
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        user = User.objects.filter(username=username).first() if username else None
        now = timezone.now()
        if user and user.locked_until and user.locked_until > now:
            local = timezone.localtime(user.locked_until)
            raise forms.ValidationError(
                f"登录失败次数过多，账号已锁定至 {local:%H:%M}，请稍后再试或联系管理员解锁。", code="locked"
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if user:
                self._count_failure(user, now)
            raise
        if user and (user.failed_logins or user.locked_until):
            User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
        return cleaned

    def _count_failure(self, user, now) -> None:
        failures = user.failed_logins + 1
        if failures >= settings.LOGIN_MAX_FAILURES:
            until = now + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
            User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=until)
            record_audit("auth.lockout", obj=user, owner_agency_id=user.agency_id, now=now,
                         reason=f"连续 {failures} 次登录失败")
        else:
            User.objects.filter(pk=user.pk).update(failed_logins=failures)
