"""Small request helpers shared by the views."""

from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, default: str) -> str:
    """The `next` of a form or link when it is a path of this site; otherwise `default` (a URL name or path).
    An absolute URL to another host (https://evil.example/…) or a scheme-relative one (//evil…) is refused."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(default)


def id_param(value) -> int:
    """An object id from a form or query: a positive integer of at most 18 digits, else 0 (matches nothing).
    Text such as '' or 'x' or '1e999999' would make the lookup raise instead of finding nothing."""
    text = str(value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else 0
