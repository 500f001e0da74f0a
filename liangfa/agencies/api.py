from ninja import Router, Schema

from liangfa.agencies.models import Agency

router = Router(tags=["机关"])


class AgencyOut(Schema):
    code: str
    name: str
    kind: str
    kind_label: str
    level: str
    region_code: str
    field: str
    field_label: str
    parent: str | None

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_field_label(obj):
        return obj.get_field_display()

    @staticmethod
    def resolve_parent(obj):
        return obj.parent.code if obj.parent_id else None


@router.get("", response=list[AgencyOut], summary="机关名录（公开信息）")
def list_agencies(request):
    return Agency.objects.filter(is_active=True).select_related("parent")
