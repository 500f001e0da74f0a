"""The indicator catalogue: loaded from data/evaluation_indicators.yaml the first time, then edited on the page by
the 法制 department; each edit is a new version, and an evaluation keeps the version it began with."""

from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from liangfa.agencies.permissions import may_edit_indicators, require
from liangfa.core import yamldata
from liangfa.core.audit import record_audit
from liangfa.core.errors import DomainError
from liangfa.evaluation.choices import EvaluationKind, Mode, Source
from liangfa.evaluation.models import Catalogue, Indicator

DATA = Path(__file__).resolve().parent.parent / "data" / "evaluation_indicators.yaml"


def _indicator(catalogue, item: dict) -> Indicator:
    source = item["source"]
    return Indicator(catalogue=catalogue, code=item["code"], description=item["description"],
                     points=Decimal(str(item["points"])), cap=None if item.get("cap") is None else Decimal(str(item["cap"])),
                     basis=item["basis"], mode=Mode.MANUAL if source == Source.MANUAL else Mode.AUTO, source=source,
                     kinds=list(item["kinds"]))


@transaction.atomic
def current_catalogue() -> Catalogue:
    found = Catalogue.objects.filter(active=True).order_by("-version").first()
    if found:
        return found
    data = yamldata.load(DATA.read_text(encoding="utf-8"))
    catalogue = Catalogue.objects.create(version=data["version"], checklist=data["checklist"],
                                         note="初始版本（随平台发布）", created_at=timezone.now())
    Indicator.objects.bulk_create([_indicator(catalogue, item) for item in data["indicators"]])
    return catalogue


def _points(value, label: str) -> Decimal | None:
    text = str(value if value is not None else "").strip()
    if not text:
        return None
    try:
        points = Decimal(text)
    except InvalidOperation:
        raise DomainError(f"“{label}”应为数字（分），填写的是“{text}”") from None
    if points < 0 or points > 100:
        raise DomainError(f"“{label}”应在 0–100 分之间")
    return points


@transaction.atomic
def revise_indicator(*, actor, code: str, description: str, points, cap, basis: str, kinds: list[str], note: str,
                     now=None) -> Catalogue:
    """Edit one indicator (or add one with a new code): the whole catalogue is copied into a new version."""
    now = now or timezone.now()
    require(may_edit_indicators(actor), "只有司法行政机关（法制部门）的法制审核员或负责人可以修改考评指标")
    old = current_catalogue()
    if not (note or "").strip():
        raise DomainError("请填写修改说明")
    if not description.strip() or not basis.strip():
        raise DomainError("请填写指标内容和依据")
    bad = [k for k in kinds if k not in EvaluationKind.values]
    if bad or not kinds:
        raise DomainError("请选择适用的考评类型（日常、阶段、专项、年度）")
    new_points = _points(points, "每次扣分")
    if new_points is None:
        raise DomainError("请填写“每次扣分”")
    catalogue = Catalogue.objects.create(version=old.version + 1, checklist=old.checklist, note=note.strip()[:300],
                                         created_at=now, created_by=actor)
    copies = [Indicator(catalogue=catalogue, code=i.code, description=i.description, points=i.points, cap=i.cap,
                        basis=i.basis, mode=i.mode, source=i.source, kinds=i.kinds) for i in old.indicators.all()]
    target = next((i for i in copies if i.code == code), None)
    if target is None:
        target = Indicator(catalogue=catalogue, code=code.strip()[:10], mode=Mode.MANUAL, source=Source.MANUAL)
        copies.append(target)
    before = {"description": target.description, "points": target.points, "cap": target.cap}
    target.description, target.points, target.cap = description.strip(), new_points, _points(cap, "扣分上限")
    target.basis, target.kinds = basis.strip(), kinds
    Indicator.objects.bulk_create(copies)
    Catalogue.objects.filter(pk=old.pk).update(active=False)
    record_audit("evaluation.indicator", actor=actor, now=now, obj=catalogue, owner_agency_id=actor.agency_id,
                 before=before, after={"code": target.code, "description": target.description,
                                       "points": target.points, "cap": target.cap, "version": catalogue.version},
                 reason=note)
    return catalogue
