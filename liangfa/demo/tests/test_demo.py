import io

from django.apps import apps
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from liangfa.agencies.choices import Role
from liangfa.agencies.models import Agency, User
from liangfa.cases.models import PenaltyCase
from liangfa.core.audit import verify_chain
from liangfa.core.events import Event
from liangfa.core.models import AuditEntry
from liangfa.demo.builder import DEMO_PASSWORD, threshold_for
from liangfa.demo.catalogue import VIOLATIONS
from liangfa.parties.models import Party
from liangfa.transfers.services import sign_receipt


def _nothing_dated_ahead():
    """No step of the demo happened later than the moment it was built."""
    now = timezone.now()
    for model in apps.get_models():
        if issubclass(model, Event):
            assert not model.objects.filter(time__gt=now).exists(), model.__name__
    assert not AuditEntry.objects.filter(time__gt=now).exists()


def test_demo_region(db):
    out = io.StringIO()
    call_command("demo", "--cases", "600", stdout=out)
    text = out.getvalue()
    assert f"密码均为 {DEMO_PASSWORD}" in text and "jcy_jcg" in text
    assert Agency.objects.filter(kind="administrative").count() >= 15
    assert Agency.objects.get(code="jz-gaj").departments.count() == 5
    roles = {role for user in User.objects.all() for role in user.roles}
    assert roles == set(Role.values)
    # 600 generated + 2 complete real decisions + 5 showcase records + 11 handled online (one still awaits 立案)
    assert PenaltyCase.objects.count() == 618
    cross_agency = Party.objects.annotate(n=Count("cases__agency", distinct=True)).filter(n__gt=1)
    assert cross_agency.count() > 10
    from liangfa.screening.models import NetworkClue

    assert f"关联当事人合计线索：{NetworkClue.objects.count()} 条" in text  # judged after the demo's contacts
    over = 0
    for field_violations in VIOLATIONS.values():
        for violation in field_violations:
            threshold = threshold_for(violation)
            if threshold:
                over += PenaltyCase.objects.filter(violation_type=violation.name,
                                                   **{f"{violation.metric}__gte": threshold}).count()
    assert over >= 15  # the cases screening must find (a few hundred at the full 5,000)
    assert verify_chain().ok
    from liangfa.evaluation.models import Evaluation
    from liangfa.review.choices import FlowStep
    from liangfa.review.models import Dissent, HandledCase

    assert set(FlowStep.values) - {"not_filed"} <= set(HandledCase.objects.values_list("step", flat=True))
    assert Dissent.objects.count() == 4 and Dissent.objects.filter(case__remedies__result="altered").exists()
    quarterly = Evaluation.objects.get(kind="stage")
    assert quarterly.status == "finished" and quarterly.scores.filter(officer__isnull=True).count() == 5
    assert quarterly.deductions.exists() and quarterly.samples.filter(objection__result="accepted").exists()
    from liangfa.parties.models import PartyLink
    from liangfa.screening.models import Clue
    from liangfa.transfers.models import ReverseTransfer, Transfer

    states = set(Transfer.objects.values_list("status", flat=True))
    assert {"draft", "pending_approval", "refused", "approved", "delivered", "forwarded", "accepted", "filed",
            "not_filed", "reconsidering", "upheld", "supervision_requested"} <= states
    # 立案监督 that succeeded: a transfer brought to 已立案 on the 检察院's 通知立案书, its items handed over
    noticed = Transfer.objects.get(status="filed", events__code="file_on_notice")
    assert noticed.supervisions.get().status == "filed" and not noticed.items.filter(handed_over_at__isnull=True)
    assert noticed.events.filter(code="supervision_request").exists()
    # the police bureau's departments have their transfers: 受理 routed them by the 管辖 table
    assert noticed.department.name == "食药环侦大队"
    assert Transfer.objects.filter(status="accepted", department__name="食药环侦大队").exists()
    # a transfer names the crime the screening flagged on its case, when it flagged one
    flagged = Transfer.objects.filter(case__clues__isnull=False).distinct()
    assert flagged.count() >= 5
    assert all(any(c.crime_name.startswith(t.suspected_crime) for c in t.case.clues.all()) for t in flagged)
    assert ReverseTransfer.objects.filter(status="replied").exists() and ReverseTransfer.objects.filter(status="pending").exists()
    repeat = Clue.objects.get(case__decision_no__endswith="903号")
    assert repeat.kind == "repeat" and {p["agency"] for p in repeat.prior_listing} == {"焦作市烟草专卖局", "修武县市场监督管理局"}
    assert {"amount", "repeat"} <= set(Clue.objects.values_list("kind", flat=True))
    assert PartyLink.objects.filter(reason__contains="脱敏号码与另一方完整号码相符").exists()
    # the batch prefilter never drops a flag the engine would raise on the whole region
    from liangfa.screening.services import screen_all

    def flags(**kw):
        return {(c.id, f.rule_key, f.kind, f.value) for c, f in screen_all(write=False, **kw)}

    prefiltered = flags()
    assert prefiltered == flags(everything=True) and len(prefiltered) >= 15
    _nothing_dated_ahead()
    delivered = Transfer.objects.get(status="delivered")
    signed = sign_receipt(delivered, actor=User.objects.get(username="gaj_fz"))  # the police's first task
    assert signed.status == "accepted"
    again = io.StringIO()
    call_command("demo", "--if-empty", stdout=again)
    assert "已存在，跳过" in again.getvalue()
