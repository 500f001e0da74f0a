"""Writes to agencies, users, liaisons and agreements; each checks permission and leaves an audit row."""


from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from liangfa.agencies.choices import Role
from liangfa.agencies.models import Agency, CooperationAgreement, Department, Liaison, User
from liangfa.agencies.permissions import is_admin, require
from liangfa.core.audit import record_audit
from liangfa.core.errors import DomainError
from liangfa.core.regions import lookup


def _require_admin(actor) -> None:
    require(is_admin(actor), "只有管理员可以管理机关和用户")


AGENCY_FIELDS = ["code", "name", "kind", "level", "region_code", "field", "parent_id", "uscc"]


def _agency_snapshot(agency: Agency) -> dict:
    return {f: getattr(agency, f) for f in AGENCY_FIELDS}


@transaction.atomic
def create_agency(*, actor, now=None, **fields) -> Agency:
    _require_admin(actor)
    region = fields.get("region_code", "")
    if lookup(region)[0] is None:
        raise DomainError(f"行政区划代码 {region} 不在区划代码表中")
    if Agency.objects.filter(code=fields["code"]).exists():
        raise DomainError(f"机关代码 {fields['code']} 已被使用")
    agency = Agency.objects.create(**fields)
    record_audit("agency.create", actor=actor, now=now, obj=agency, owner_agency_id=agency.id,
                 after=_agency_snapshot(agency))
    return agency


@transaction.atomic
def update_agency(agency: Agency, *, actor, now=None, **changes) -> Agency:
    _require_admin(actor)
    before = _agency_snapshot(agency)
    if "region_code" in changes and lookup(changes["region_code"])[0] is None:
        raise DomainError(f"行政区划代码 {changes['region_code']} 不在区划代码表中")
    if changes.get("parent") is not None and (changes["parent"].pk == agency.pk
                                              or agency.pk in _ancestors(changes["parent"])):
        raise DomainError("上级机关不能是本机关或其下级机关")
    for key, value in changes.items():
        setattr(agency, key, value)
    agency.save()
    record_audit("agency.update", actor=actor, now=now, obj=agency, owner_agency_id=agency.id,
                 before=before, after=_agency_snapshot(agency))
    return agency


def _ancestors(agency: Agency) -> set[int]:
    seen = set()
    while agency.parent_id and agency.parent_id not in seen:
        seen.add(agency.parent_id)
        agency = agency.parent
    return seen


@transaction.atomic
def create_department(agency: Agency, *, actor, name: str, kind: str, now=None) -> Department:
    _require_admin(actor)
    dept, created = Department.objects.get_or_create(agency=agency, name=name, defaults={"kind": kind})
    if created:
        record_audit("department.create", actor=actor, now=now, obj=dept, owner_agency_id=agency.id,
                     after={"name": name, "kind": kind})
    return dept


def _check_roles(roles: list[str]) -> list[str]:
    unknown = [r for r in roles if r not in Role.values]
    if unknown:
        raise DomainError(f"未知角色：{'、'.join(unknown)}；可用角色：{'、'.join(Role.labels)}")
    return sorted(set(roles))


@transaction.atomic
def create_user(*, actor, username: str, password: str, agency: Agency | None, roles: list[str],
                full_name: str = "", department: Department | None = None, now=None) -> User:
    _require_admin(actor)
    if User.objects.filter(username=username).exists():
        raise DomainError(f"用户名 {username} 已存在")
    if department and department.agency_id != (agency.id if agency else None):
        raise DomainError("内设机构必须属于该用户所在机关")
    user = User(username=username, agency=agency, roles=_check_roles(roles), full_name=full_name,
                department=department)
    user.set_password(password)
    user.save()
    record_audit("user.create", actor=actor, now=now, obj=user, owner_agency_id=agency.id if agency else None,
                 after={"username": username, "agency": agency.code if agency else None, "roles": user.roles})
    return user


@transaction.atomic
def set_roles(user: User, roles: list[str], *, actor, now=None) -> User:
    _require_admin(actor)
    before = {"roles": list(user.roles)}
    user.roles = _check_roles(roles)
    user.save(update_fields=["roles"])
    record_audit("user.roles", actor=actor, now=now, obj=user, owner_agency_id=user.agency_id,
                 before=before, after={"roles": user.roles})
    return user


@transaction.atomic
def set_active(user: User, active: bool, *, actor, now=None) -> User:
    _require_admin(actor)
    if user == actor and not active:
        raise DomainError("不能停用自己的账号")
    user.is_active = active
    user.save(update_fields=["is_active"])
    record_audit("user.activate" if active else "user.deactivate", actor=actor, now=now, obj=user,
                 owner_agency_id=user.agency_id)
    return user


@transaction.atomic
def appoint_liaison(*, actor, agency: Agency, counterpart: Agency, user: User, since, now=None) -> Liaison:
    _require_admin(actor)
    if user.agency_id != agency.id:
        raise DomainError("联络员必须是本机关人员")
    if not user.has_role(Role.LIAISON):
        raise DomainError(f"{user.display_name} 没有联络员角色")
    liaison, _ = Liaison.objects.get_or_create(agency=agency, counterpart=counterpart, user=user,
                                               defaults={"since": since})
    record_audit("liaison.appoint", actor=actor, now=now, obj=user, owner_agency_id=agency.id,
                 after={"counterpart": counterpart.code, "since": since})
    return liaison


@transaction.atomic
def record_agreement(*, actor, agency_a: Agency, agency_b: Agency, title: str, signed_on, scope: str,
                     document=None, now=None) -> CooperationAgreement:
    _require_admin(actor)
    if agency_a == agency_b:
        raise DomainError("协作协议需要两个不同的机关")
    agreement = CooperationAgreement.objects.create(agency_a=agency_a, agency_b=agency_b, title=title,
                                                    signed_on=signed_on, scope=scope)
    if document:
        agreement.document.save(document.name, document)
    record_audit("agreement.record", actor=actor, now=now, obj=agreement, owner_agency_id=agency_a.id,
                 after={"a": agency_a.code, "b": agency_b.code, "signed_on": signed_on, "scope": scope})
    return agreement


@transaction.atomic
def unlock_user(user: User, *, actor, now=None) -> User:
    from axes.utils import reset

    _require_admin(actor)
    reset(username=user.username)
    record_audit("user.unlock", actor=actor, now=now, obj=user, owner_agency_id=user.agency_id)
    return user


def _validated(password: str, user: User) -> str:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError("密码不符合要求：" + "".join(exc.messages)) from exc
    return password


@transaction.atomic
def reset_password(user: User, new_password: str, *, actor, now=None) -> User:
    """管理员 sets a temporary password; the person must choose their own at the next login."""
    _require_admin(actor)
    user.set_password(_validated(new_password, user))
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    record_audit("user.password_reset", actor=actor, now=now, obj=user, owner_agency_id=user.agency_id)
    return user


@transaction.atomic
def change_password(user: User, new_password: str, *, now=None) -> User:
    """The person's own change (the old password was checked by the form, through the lockout)."""
    if user.check_password(new_password):
        raise DomainError("新密码不能与原密码相同")
    user.set_password(_validated(new_password, user))
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    record_audit("user.password_change", actor=user, now=now, obj=user, owner_agency_id=user.agency_id)
    return user


@transaction.atomic
def confirm_totp_device(device, *, actor, now=None):
    """An enrolled authenticator becomes the person's second factor (the previous one, if any, goes)."""
    type(device).objects.filter(user=actor, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record_audit("user.totp_enrol", actor=actor, now=now, obj=actor, owner_agency_id=actor.agency_id)
    return device


@transaction.atomic
def remove_totp_devices(user: User, *, actor, now=None) -> None:
    """管理员 removes a lost authenticator; the person enrols a new one at the next login."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _require_admin(actor)
    TOTPDevice.objects.filter(user=user).delete()
    record_audit("user.totp_remove", actor=actor, now=now, obj=user, owner_agency_id=user.agency_id)


@transaction.atomic
def set_principal(agency: Agency, user: User | None, *, actor, now=None) -> Agency:
    """Mark the agency's 正职负责人 or 主持工作的负责人: the one person who approves a transfer (R310 第五条)."""
    _require_admin(actor)
    if user is not None and (user.agency_id != agency.pk or not user.has_role(Role.HEAD) or not user.is_active):
        raise DomainError(f"正职负责人须是{agency.name}在岗的负责人（《行政执法机关移送涉嫌犯罪案件的规定》第五条）")
    before = agency.principal.display_name if agency.principal_id else ""
    agency.principal = user
    agency.save(update_fields=["principal"])
    record_audit("agency.principal", actor=actor, now=now, obj=agency, owner_agency_id=agency.id,
                 before={"principal": before}, after={"principal": user.display_name if user else ""})
    return agency
