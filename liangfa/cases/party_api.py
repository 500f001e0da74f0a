"""The party API: a party and its cases in every agency the reader may see."""

from datetime import date

from django.http import Http404
from ninja import Router, Schema

from liangfa.agencies.api_auth import require_user
from liangfa.cases.api import CaseOut
from liangfa.cases.services import party_for_user, party_history
from liangfa.core.receipts import case_reads, record_reads

router = Router(tags=["当事人"])


class PartyOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    id_raw: str
    id_status: str
    id_error: str
    warnings: list[str]
    birth_date: date | None
    region_code: str
    legal_rep: str
    cases: list[CaseOut]

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_cases(obj):
        return obj.visible_history


@router.get("/{party_id}", response=PartyOut, summary="当事人及其在可见机关的全部案件")
def get_party(request, party_id: int):
    user = require_user(request)
    party = party_for_user(user, party_id)
    if party is None:
        raise Http404
    party.visible_history = party_history(user, party)
    record_reads(user, case_reads(party.visible_history), what="当事人的案件", via="接口")
    return party
