"""调阅案卷: the procuratorate asks for a case file, the agency uploads its materials within the period of the
rule data (DOS_SUPPLY), and every material another organ opens lands on the owner's 查阅回执."""

import hashlib
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from liangfa.agencies.access import ALL, visible_agency_ids
from liangfa.agencies.permissions import may_close_dossier, may_request_dossier, may_supply_dossier, require
from liangfa.clock import services as clock
from liangfa.core.audit import record_audit
from liangfa.core.errors import DomainError
from liangfa.core.events import actor_fields
from liangfa.core.receipts import Read, case_reads, record_reads
from liangfa.dossiers.choices import DOSSIER_TRANSITIONS, DossierStatus, DossierStep, MaterialKind
from liangfa.dossiers.models import DossierEvent, DossierMaterial, DossierRequest

RULE = "DOS_SUPPLY"
MAX_BYTES = 20 * 1024 * 1024
REASON_MAX = 2000
# Extension → the bytes such a file starts with (a renamed executable is refused).
SIGNATURES = {"pdf": (b"%PDF-",), "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
              "png": (b"\x89PNG\r\n\x1a\n",), "docx": (b"PK\x03\x04",)}


def visible_dossiers(user):
    """The requesting procuratorate's staff and the owning agency (and the agencies above it) see a 调阅;
    nobody else, although supervising bodies may read the registered case itself."""
    base = DossierRequest.objects.select_related("case", "agency", "requester")
    if not getattr(user, "is_authenticated", False):
        return base.none()
    if user.is_superuser:
        return base
    ids = visible_agency_ids(user)
    own = Q(requester_id=user.agency_id) if user.agency_id else Q(pk__in=[])
    if ids is ALL:
        return base.filter(own)
    return base.filter(own | Q(agency_id__in=ids))


def _step(item, code, *, actor, now, note="", before=""):
    DossierEvent.objects.create(request=item, time=now, **actor_fields(actor), code=code, from_status=before,
                                to_status=item.status, note=note)


def _move(item, to: str) -> str:
    if to not in DOSSIER_TRANSITIONS[item.status]:
        raise DomainError(f"调阅当前为“{item.get_status_display()}”，不能改为“{DossierStatus(to).label}”")
    before, item.status = item.status, to
    return before


def _text(value, field: str, limit: int = REASON_MAX) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(f"请填写{field}")
    if len(value) > limit:
        raise DomainError(f"{field}不能超过{limit}字（现为{len(value)}字）")
    return value


@transaction.atomic
def request_dossier(*, actor, case, reason: str, now=None) -> DossierRequest:
    now = now or timezone.now()
    require(may_request_dossier(actor), "只有人民检察院的检察官可以调阅行政执法机关的案卷")
    reason = _text(reason, "调阅事由")
    if DossierRequest.objects.filter(case=case, requester_id=actor.agency_id,
                                     status=DossierStatus.REQUESTED).exists():
        raise DomainError(f"已向{case.agency.name}调阅该案卷，尚待提供，无需重复调阅")
    item = DossierRequest.objects.create(case=case, agency_id=case.agency_id, requester_id=actor.agency_id,
                                         reason=reason, requested_by=actor, requested_at=now)
    clock.start_deadline(RULE, subject=item, holder_agency=case.agency, case=case, start_event="收到调阅案卷通知",
                         started_at=now)
    _step(item, DossierStep.REQUEST, actor=actor, now=now, note=reason)
    record_audit("dossier.request", actor=actor, now=now, obj=item, owner_agency_id=case.agency_id,
                 after={"case": case.decision_no, "reason": reason})
    return item


def _lock(item) -> DossierRequest:
    return DossierRequest.objects.select_for_update().select_related("case", "agency").get(pk=item.pk)


@transaction.atomic
def add_material(item, *, actor, kind: str, title: str, upload, now=None) -> DossierMaterial:
    """One 笔录, 证据 or 文书 of the file, kept with its SHA-256 (the procuratorate reads what was uploaded)."""
    now = now or timezone.now()
    item = _lock(item)
    require(may_supply_dossier(actor, item), "只有案卷所属机关的执法人员、法制审核员或负责人可以上传案卷材料")
    if item.status != DossierStatus.REQUESTED:
        raise DomainError(f"调阅当前为“{item.get_status_display()}”，不能再上传材料")
    if kind not in MaterialKind.values:
        raise DomainError(f"材料类别应为：{'、'.join(MaterialKind.labels)}")
    title = _text(title, "材料名称", 120)
    if upload is None:
        raise DomainError("请选择要上传的文件")
    name = Path(upload.name or "").name
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in SIGNATURES:
        raise DomainError(f"文件“{name[:60]}”的格式不支持：只接受 {'、'.join(s.upper() for s in SIGNATURES)}")
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise DomainError(f"文件“{name[:60]}”超过 {MAX_BYTES // (1024 * 1024)} MB")
    if not data.startswith(SIGNATURES[ext]):
        raise DomainError(f"文件“{name[:60]}”的内容与扩展名 {ext.upper()} 不符")
    material = DossierMaterial(request=item, kind=kind, title=title, sha256=hashlib.sha256(data).hexdigest(),
                               size=len(data), uploaded_by=actor, uploaded_at=now)
    material.file.save(f"upload.{ext}", ContentFile(data), save=False)
    material.save()
    _step(item, DossierStep.UPLOAD, actor=actor, now=now, note=f"{material.get_kind_display()}：{title}",
          before=item.status)
    record_audit("dossier.material", actor=actor, now=now, obj=item, owner_agency_id=item.agency_id,
                 after={"kind": kind, "title": title, "sha256": material.sha256})
    return material


@transaction.atomic
def supply(item, *, actor, note: str = "", now=None) -> DossierRequest:
    """The agency sends what it uploaded: the period stops, the procuratorate may read."""
    now = now or timezone.now()
    item = _lock(item)
    require(may_supply_dossier(actor, item), "只有案卷所属机关的执法人员、法制审核员或负责人可以提供案卷")
    if item.status == DossierStatus.REQUESTED and not item.materials.exists():
        raise DomainError("尚未上传任何案卷材料（笔录、证据或文书），不能提供")
    before = _move(item, DossierStatus.SUPPLIED)
    item.supplied_by, item.supplied_at, item.supply_note = actor, now, (note or "").strip()[:REASON_MAX]
    item.save()
    clock.complete_deadlines(item, RULE, now=now, by="已提供案卷材料")
    _step(item, DossierStep.SUPPLY, actor=actor, now=now, note=item.supply_note, before=before)
    record_audit("dossier.supply", actor=actor, now=now, obj=item, owner_agency_id=item.agency_id,
                 after={"materials": item.materials.count()})
    return item


@transaction.atomic
def close(item, *, actor, note: str = "", now=None) -> DossierRequest:
    now = now or timezone.now()
    item = _lock(item)
    require(may_close_dossier(actor, item), "只有调阅的人民检察院可以登记阅毕")
    before = _move(item, DossierStatus.CLOSED)
    item.closed_at = now
    item.save()
    _step(item, DossierStep.CLOSE, actor=actor, now=now, note=(note or "").strip()[:REASON_MAX], before=before)
    record_audit("dossier.close", actor=actor, now=now, obj=item, owner_agency_id=item.agency_id)
    return item


def read_request(user, item, *, via: str = "页面", now=None) -> None:
    """Opening a 调阅 shows the registered case: a read by another organ is receipted to the owner."""
    record_reads(user, case_reads([item.case]), what="调阅案卷", via=via, now=now)


def read_list(user, items, *, via: str = "页面", now=None) -> None:
    """A list of 调阅 names each case: receipted to the owners like any other read of their records."""
    record_reads(user, case_reads([item.case for item in items]), what="调阅案卷", via=via, now=now)


def readable_materials(user, item):
    """The requester reads the materials once supplied; the owner always."""
    if item.status == DossierStatus.REQUESTED and user.agency_id != item.agency_id and not user.is_superuser:
        return item.materials.none()
    return item.materials.all()


def open_material(user, material, *, via: str = "页面", now=None) -> DossierMaterial:
    """Every document opened by another organ leaves a receipt the owner sees (core/receipts.py)."""
    item = material.request
    record_reads(user, [Read(item.agency_id, "dossiers.dossiermaterial", str(material.pk),
                             f"{item.case.decision_no} {material.get_kind_display()}《{material.title}》")],
                 what="调阅案卷材料", via=via, now=now)
    return material
