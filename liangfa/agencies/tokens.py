"""API tokens of an agency's own system: issued, rotated and revoked by 管理员 (each audited), with an
expiry and a last-used time. A token stands for its agency; a push-only token cannot read."""

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from liangfa.agencies.models import Agency, ApiToken, TokenScope
from liangfa.agencies.permissions import is_admin, require
from liangfa.core.audit import record_audit
from liangfa.core.errors import DomainError

TOKEN_DAYS = range(1, 731)  # up to two years; a token with no end is not issued
CACHE_SECONDS = 30  # a revoked token stops at once in this process, within this long in the others


@dataclass(frozen=True)
class Holder:
    agency: Agency
    scope: str
    expires_at: datetime | None

    @property
    def may_read(self) -> bool:
        return self.scope == TokenScope.READ


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _admin(actor) -> None:
    require(is_admin(actor), "只有管理员可以管理接口令牌")


@transaction.atomic
def issue_api_token(agency: Agency, *, actor, name: str, days: int = 365, scope: str = TokenScope.PUSH,
                    now=None) -> str:
    """The token, shown once; only its hash is kept."""
    _admin(actor)
    now = now or timezone.now()
    if days not in TOKEN_DAYS:
        raise DomainError("令牌有效期为1至730天")
    if scope not in TokenScope.values:
        raise DomainError("未知的令牌权限")
    if not name.strip():
        raise DomainError("请填写令牌用途")
    token = "lf_" + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(agency=agency, name=name.strip(), token_hash=hash_token(token), scope=scope,
                                  created_by=actor, expires_at=now + timedelta(days=days))
    record_audit("api_token.issue", actor=actor, now=now, obj=row, owner_agency_id=agency.id,
                 after={"name": row.name, "scope": scope, "expires_at": row.expires_at})
    return token


@transaction.atomic
def revoke_api_token(row: ApiToken, *, actor, now=None) -> ApiToken:
    _admin(actor)
    now = now or timezone.now()
    row = ApiToken.objects.select_for_update().get(pk=row.pk)
    if row.revoked:
        raise DomainError("该令牌已吊销")
    row.revoked, row.revoked_at = True, now
    row.save(update_fields=["revoked", "revoked_at"])
    _cache.pop(row.token_hash, None)
    record_audit("api_token.revoke", actor=actor, now=now, obj=row, owner_agency_id=row.agency_id)
    return row


@transaction.atomic
def rotate_api_token(row: ApiToken, *, actor, days: int = 365, now=None) -> str:
    """A new token for the same system and scope; the old one is revoked at the same moment."""
    revoke_api_token(row, actor=actor, now=now)
    return issue_api_token(row.agency, actor=actor, name=row.name, days=days, scope=row.scope, now=now)


_cache: dict[str, tuple[float, Holder]] = {}


def holder_of(token: str) -> Holder | None:
    """Whom a token stands for, or None (unknown, revoked or expired). The last use is written at most
    every 5 minutes."""
    digest = hash_token(token)
    now = timezone.now()
    cached = _cache.get(digest)
    if cached and time.monotonic() - cached[0] < CACHE_SECONDS:
        holder = cached[1]
        return holder if holder.expires_at is None or holder.expires_at > now else None
    row = ApiToken.objects.select_related("agency").filter(token_hash=digest, revoked=False).first()
    if row is None or (row.expires_at and row.expires_at <= now):
        _cache.pop(digest, None)
        return None
    if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    if len(_cache) > 1000:
        _cache.clear()
    holder = Holder(row.agency, row.scope, row.expires_at)
    _cache[digest] = (time.monotonic(), holder)
    return holder
