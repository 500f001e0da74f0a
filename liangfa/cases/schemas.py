"""Schemas the API of several apps shares."""

from ninja import Schema


class OnCaseOut(Schema):
    """What every record about a case (clue, transfer) says of it: the case, its 决定书文号, the agency."""

    case_id: int
    decision_no: str
    agency: str

    @staticmethod
    def resolve_decision_no(obj):
        return obj.case.decision_no

    @staticmethod
    def resolve_agency(obj):
        return obj.agency.name
