from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Body, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from liangfa.agencies.api_auth import require_user
from liangfa.cases.services import get_case_for_user
from liangfa.clock.services import deadlines_for
from liangfa.core.errors import DomainError
from liangfa.dossiers import services
from liangfa.dossiers.views import ACTIONS
from liangfa.transfers.api import DeadlineOut

router = Router(tags=["调阅案卷"])


class MaterialOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    sha256: str
    size: int
    uploaded_at: datetime

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()


class DossierOut(Schema):
    id: int
    case_id: int
    decision_no: str
    agency: str
    requester: str
    reason: str
    status: str
    status_label: str
    requested_at: datetime
    supplied_at: datetime | None
    deadlines: list[DeadlineOut]

    @staticmethod
    def resolve_decision_no(obj):
        return obj.case.decision_no

    @staticmethod
    def resolve_agency(obj):
        return obj.agency.name

    @staticmethod
    def resolve_requester(obj):
        return obj.requester.name

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_deadlines(obj):
        return list(deadlines_for(obj))


class DossierDetailOut(DossierOut):
    materials: list[MaterialOut]


class DossierIn(Schema):
    case_id: int
    reason: str


def _detail(user, item):
    services.read_request(user, item, via="接口")
    item.materials_list = list(services.readable_materials(user, item))
    return item


class _Detail(DossierDetailOut):
    @staticmethod
    def resolve_materials(obj):
        return obj.materials_list


@router.get("", response=list[DossierOut], summary="调阅案卷（本机关发出或收到的）")
def list_dossiers(request):
    user = require_user(request)
    items = list(services.visible_dossiers(user)[:300])
    services.read_list(user, items, via="接口")
    return items


@router.post("", response={201: _Detail}, summary="调阅案卷：检察官向案件所属机关调阅（case_id、reason）")
def request_dossier(request, payload: DossierIn):
    user = require_user(request)
    item = services.request_dossier(actor=user, case=get_case_for_user(user, payload.case_id), reason=payload.reason)
    return Status(201, _detail(user, item))


@router.get("/{dossier_id}", response=_Detail, summary="调阅案卷及已提供的材料（跨机关查阅留回执）")
def get_dossier(request, dossier_id: int):
    user = require_user(request)
    return _detail(user, get_object_or_404(services.visible_dossiers(user), pk=dossier_id))


@router.post("/{dossier_id}/materials", response={201: MaterialOut}, summary="上传案卷材料（kind：record 笔录、evidence 证据、document 文书）")
def upload_material(request, dossier_id: int, kind: Form[str], title: Form[str], file: File[UploadedFile]):
    user = require_user(request)
    item = get_object_or_404(services.visible_dossiers(user), pk=dossier_id)
    return Status(201, services.add_material(item, actor=user, kind=kind, title=title, upload=file))


@router.post("/{dossier_id}/{action}", response=_Detail, summary="supply（提供，note）、close（阅毕，note）")
def act(request, dossier_id: int, action: str, payload: Body[dict]):
    user = require_user(request)
    item = get_object_or_404(services.visible_dossiers(user), pk=dossier_id)
    if action not in ACTIONS:
        raise DomainError(f"未知的操作：{action}")
    body = payload if isinstance(payload, dict) else {}
    ACTIONS[action](item, user, {k: str(v) for k, v in body.items() if isinstance(v, str | int)})
    return _detail(user, get_object_or_404(services.visible_dossiers(user), pk=dossier_id))
