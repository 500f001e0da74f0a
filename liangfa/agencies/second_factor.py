"""Who must give a one-time code (TOTP) after the password, and the enrolment QR code."""

import segno
from django.conf import settings
from django_otp import user_has_device

from liangfa.agencies.choices import Role

SESSION_KEY = "liangfa_needs_totp"


def required_by_role(user) -> bool:
    """管理员 and 检察官 in production (LIANGFA_HTTPS=1 or LIANGFA_REQUIRE_TOTP=1)."""
    return settings.REQUIRE_SECOND_FACTOR and (user.is_superuser or user.has_role(Role.ADMIN, Role.PROSECUTOR))


def needs_second_factor(request) -> bool:
    """Required by role, or chosen by the person (an enrolled authenticator is always asked for).
    Asked of the database once per session."""
    if SESSION_KEY not in request.session:
        user = request.user
        request.session[SESSION_KEY] = required_by_role(user) or user_has_device(user)
    return request.session[SESSION_KEY]


def qr_svg(uri: str) -> str:
    """The otpauth:// URI as an inline SVG, drawn here (no image service, no script)."""
    return segno.make(uri, error="m").svg_inline(scale=5, dark="#111", light="#fff")
