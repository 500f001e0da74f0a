"""The demo's year of meetings, its 研讨, training and two 重大行政决策; the annual report's figures
checked against the demo's own pages."""

import io
import re

from django.core.management import call_command
from django.utils import timezone

from liangfa.agencies.models import Agency, User
from liangfa.decisions.models import MajorDecision
from liangfa.meetings.models import ActionItem, CaseConference, EvidenceStandard, Meeting, TrainingSession
from liangfa.meetings.services import action_state
from liangfa.reports.annual import build_annual
from liangfa.testing import PASSWORD


def test_demo_meetings_decisions_and_the_annual_report(db, client):
    call_command("demo", "--cases", "300", stdout=io.StringIO())
    now = timezone.now()
    assert Meeting.objects.filter(status="confirmed").count() == 4
    states = {action_state(a, now) for a in ActionItem.objects.all()}
    assert {"已办结", "逾期办结", "已逾期", "办理中"} <= states
    assert CaseConference.objects.filter(status="agreed").count() == 1
    assert TrainingSession.objects.count() == 2 and EvidenceStandard.objects.count() > 10
    assert sorted(MajorDecision.objects.values_list("status", flat=True)) == ["archived", "review_failed"]

    prosecutor = User.objects.get(username="jcy_jcg2")
    prosecutor.set_password(PASSWORD)
    prosecutor.save()
    client.force_login(prosecutor)
    year = now.year
    organ = Agency.objects.get(code="jz-gaj")
    sections = {s.key: s for s in build_annual(organ, year, prosecutor, now=now)}
    figures = {f.label: f.value for s in sections.values() for f in s.figures}
    market = Agency.objects.get(code="jz-scjg")
    market_sections = {s.key: s for s in build_annual(market, year, prosecutor, now=now)}
    market_figures = {f.label: f.value for s in market_sections.values() for f in s.figures}
    page = client.get(f"/reports/?period={year}").content.decode()
    row = re.findall(r'<td class="num">(\d+)</td>', re.search(rf"<tr><td>{market.name}</td>(.*?)</tr>", page).group(1))
    assert market_figures["行政处罚"] == int(row[0]) > 0
    assert market_figures["涉罪线索"] == int(row[1]) and market_figures["移送"] == int(row[2])
    assert market_figures["立案"] == int(row[3]) and market_figures["不予立案"] == int(row[4])
    # the meetings page lists the police's 议定事项 with the same states the report counts
    police = User.objects.get(username="gaj_fz")
    client.force_login(police)
    listed = client.get("/meetings/").content.decode()
    mine = re.search(r'<table id="my-actions">(.*?)</table>', listed, re.S).group(1)
    this_year = [a for a in ActionItem.objects.filter(owner_agency=organ) if a.meeting.held_at.year == year]
    assert figures["承办议定事项"] == len(this_year)
    assert figures["逾期未办结"] == sum(1 for a in this_year if action_state(a, now) == "已逾期")
    assert mine.count("已逾期") >= figures["逾期未办结"]
    assert market_figures["列入决策事项目录"] == 2 and market_figures["审查未通过"] == 1
    assert market_figures["讨论中有不同意见"] == 1 and market_figures["已公布"] == 1
