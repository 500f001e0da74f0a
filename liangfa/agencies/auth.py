"""Login: one lockout (django-axes) for every path that checks a password or a one-time code.

Failures count per account and per client address; counters expire after LOGIN_LOCKOUT_MINUTES. An
unknown account locks and answers exactly like an existing one, so the answers tell nothing about who
exists. Checks of one account (and of one address) run one at a time, so parallel guesses cannot pass
the limit between the lockout check and the failure count.
"""

from contextlib import contextmanager

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib.auth import user_logged_in, user_login_failed
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone

from liangfa.agencies.passwords import is_published_password
from liangfa.core.audit import record_audit
from liangfa.core.locks import hold_until_commit

LOCKED_MESSAGE = "登录失败次数过多，已暂停登录 {minutes} 分钟，请稍后再试或联系管理员解锁。"
PUBLISHED_PASSWORD_MESSAGE = "该密码是公开的演示密码，生产环境中不能使用；请联系管理员重置密码。"


def client_ip(request) -> str:
    """The client's address; behind the HTTPS proxy (TRUST_X_FORWARDED_FOR=1) the hop it appended."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "") if settings.TRUST_X_FORWARDED_FOR else ""
    if forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


@contextmanager
def login_lock(username: str, request=None):
    """Serialise password and code checks of one account and of one address until the failure is counted.

    PostgreSQL: transaction-scoped advisory locks, always taken account first, then address, so two
    checks never wait on each other in a circle. SQLite: the transaction takes the write lock at its
    start (transaction_mode IMMEDIATE), which serialises every check."""
    keys = [f"liangfa.login.user:{(username or '').lower()}"]
    if request is not None:
        keys.append(f"liangfa.login.ip:{client_ip(request)}")
    with transaction.atomic():
        hold_until_commit(*keys)
        yield


def is_locked(request, username: str) -> bool:
    return AxesProxyHandler.is_locked(request, {"username": username})


def count_failure(request, username: str) -> None:
    """A wrong code or old password counts like a wrong login password (axes listens to this signal)."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)


def locked_message() -> str:
    return LOCKED_MESSAGE.format(minutes=settings.LOGIN_LOCKOUT_MINUTES)


class LockoutAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "用户名或密码错误。",
        "inactive": "该账号已停用，请联系管理员。",
    }

    def clean(self):
        password = self.cleaned_data.get("password") or ""
        if settings.LIANGFA_PRODUCTION and is_published_password(password):
            raise forms.ValidationError(PUBLISHED_PASSWORD_MESSAGE, code="published_password")
        username = self.cleaned_data.get("username") or ""
        with login_lock(username, self.request):
            was_locked = is_locked(self.request, username)
            try:
                return super().clean()
            except forms.ValidationError as exc:
                refused = exc  # raised after the lock's transaction commits the counted failure
                if not was_locked and getattr(self.request, "axes_locked_out", False):
                    audit_lockout(self.request, username)
        raise refused


def lockout_response(request, original_response=None, credentials=None):
    """The login page with the lockout message, the same for every account name (429)."""
    return render(request, "login.html", {"form": LockoutAuthenticationForm(request), "next": "",
                                          "locked_message": locked_message()}, status=429)


def locked_usernames() -> set[str]:
    """Account names locked now (for the user list and page); an address lock is not shown there."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return set(AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
                                            attempt_time__gte=since).values_list("username", flat=True))


def audit_lockout(request, username: str) -> None:
    """The lockout lands on the audit trail once, at the failure that reaches the limit."""
    from liangfa.agencies.models import User

    user = User.objects.filter(username=username).first()
    record_audit("auth.lockout", object_type="agencies.user", object_id=str(user.pk) if user else "",
                 object_repr=username[:150], owner_agency_id=user.agency_id if user else None,
                 reason=f"登录失败达到 {settings.LOGIN_MAX_FAILURES} 次，来自 {client_ip(request)}")


@receiver(user_logged_in, dispatch_uid="liangfa.audit_login")
def _audit_login(sender, request, user, **kwargs):
    if request is not None and getattr(request, "method", None) == "POST":
        record_audit("auth.login", actor=user, obj=user, owner_agency_id=user.agency_id,
                     reason=f"登录，来自 {client_ip(request)}")
