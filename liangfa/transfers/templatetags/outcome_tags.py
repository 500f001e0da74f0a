"""逮捕, 起诉 and 判决 with the 折抵, on the transfer page and the case page (transfers/outcomes.py)."""

from django import template
from django.utils import timezone

from liangfa.agencies.choices import AgencyKind
from liangfa.agencies.models import Agency
from liangfa.agencies.permissions import (
    is_prosecutor,
    may_enter_judgment,
    may_record_arrest,
    may_record_indictment,
)
from liangfa.clock.rules import get_rule
from liangfa.transfers import outcomes
from liangfa.transfers.choices import PrincipalPenalty, TransferStatus, TrialInstance

register = template.Library()


@register.inclusion_tag("transfers/_outcomes.html", takes_context=True)
def transfer_outcomes(context, transfer):
    user = context["request"].user
    court = outcomes.court_of(transfer)
    judgment = outcomes.current_judgment(transfer)
    filed = transfer.status == TransferStatus.FILED
    may_judge = court is not None and may_enter_judgment(user, court.pk)
    return {
        "t": transfer, "rows": outcomes.outcome_rows(transfer), "court": court, "judgment": judgment,
        "state": outcomes.state_of(transfer), "csrf_token": context.get("csrf_token"),
        "today": timezone.localdate().isoformat(),
        "can_arrest": filed and may_record_arrest(user, transfer),
        "can_indict": filed and may_record_indictment(user, transfer) and is_prosecutor(user),
        "can_judge": filed and may_judge, "can_confirm": may_judge and judgment is not None and not judgment.effective_on,
        "courts": Agency.objects.filter(kind=AgencyKind.COURT, is_active=True).order_by("name"),
        "principals": PrincipalPenalty.choices, "instances": TrialInstance.choices,
        "second_only": judgment is not None, "appeal_rule": get_rule(outcomes.APPEAL),
    }


@register.inclusion_tag("transfers/_case_outcomes.html")
def case_outcomes(case):
    """On the case page: how each transfer of the case ended in court, and what was set off."""
    rows = []
    for transfer in case.transfers.all():
        judgment = outcomes.current_judgment(transfer)
        state = outcomes.state_of(transfer)
        if state:
            rows.append({"t": transfer, "state": state, "judgment": judgment,
                         "text": outcomes.sentence_text(judgment) if judgment else "",
                         "offset": outcomes.offset_of(judgment) if judgment else None})
    return {"rows": rows}
