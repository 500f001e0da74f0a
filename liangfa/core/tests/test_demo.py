import io

from django.core.management import call_command
from django.db.models import Count

from liangfa.agencies.choices import Role
from liangfa.agencies.models import Agency, User
from liangfa.cases.models import PenaltyCase
from liangfa.core.audit import verify_chain
from liangfa.demo.builder import DEMO_PASSWORD, threshold_for
from liangfa.demo.catalogue import VIOLATIONS
from liangfa.parties.models import Party


def test_demo_region(db):
    out = io.StringIO()
    call_command("demo", "--cases", "600", stdout=out)
    text = out.getvalue()
    assert f"密码均为 {DEMO_PASSWORD}" in text and "jcy_jcg" in text
    assert Agency.objects.filter(kind="administrative").count() >= 15
    assert Agency.objects.get(code="jz-gaj").departments.count() == 5
    roles = {role for user in User.objects.all() for role in user.roles}
    assert roles == set(Role.values)
    assert PenaltyCase.objects.count() == 602  # 600 generated + the 2 complete real decisions
    cross_agency = Party.objects.annotate(n=Count("cases__agency", distinct=True)).filter(n__gt=1)
    assert cross_agency.count() > 10
    over = 0
    for field_violations in VIOLATIONS.values():
        for violation in field_violations:
            threshold = threshold_for(violation)
            if threshold:
                over += PenaltyCase.objects.filter(violation_type=violation.name,
                                                   **{f"{violation.metric}__gte": threshold}).count()
    assert over >= 15  # the cases screening must find (a few hundred at the full 5,000)
    assert verify_chain().ok
    again = io.StringIO()
    call_command("demo", "--if-empty", stdout=again)
    assert "已存在，跳过" in again.getvalue()
