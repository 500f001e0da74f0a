"""Per-address limits for the public forms and look-ups, kept in the cache (no CAPTCHA, no account).

A look-up counts only its failures: a person with the right paper is never slowed; someone trying codes is
stopped after PORTAL_LOOKUP_FAILURES wrong tries within PORTAL_LOOKUP_WINDOW seconds, whatever they try next.
"""

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    """REMOTE_ADDR, or the header the trusted proxy in front sets (PORTAL_CLIENT_IP_HEADER, e.g. HTTP_X_REAL_IP)."""
    header = getattr(settings, "PORTAL_CLIENT_IP_HEADER", "")
    value = request.META.get(header, "") if header else ""
    return (value.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "")) or "unknown"


def _key(request, scope: str) -> str:
    return f"portal:rate:{scope}:{client_address(request)}"


def exhausted(request, scope: str, limit: int) -> bool:
    return (cache.get(_key(request, scope)) or 0) >= limit


def spend(request, scope: str, window: int) -> int:
    key = _key(request, scope)
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def lookup_blocked(request) -> bool:
    return exhausted(request, "lookup", settings.PORTAL_LOOKUP_FAILURES)


def lookup_failed(request) -> None:
    spend(request, "lookup", settings.PORTAL_LOOKUP_WINDOW)


def submission_allowed(request) -> bool:
    """A form submission from this address, if it is still within PORTAL_SUBMISSIONS an hour (counted)."""
    if exhausted(request, "submit", settings.PORTAL_SUBMISSIONS):
        return False
    spend(request, "submit", 3600)
    return True
