"""The named checks decide alike in the service, on the page and in the menu."""

import pytest

from liangfa.agencies import services as agency_services
from liangfa.agencies.permissions import may_draft_transfer, may_import
from liangfa.cases.models import PenaltyCase
from liangfa.core.errors import PermissionDenied
from liangfa.testing import PASSWORD, load, record
from liangfa.transfers import services as transfers


def _court(world):
    court = agency_services.create_agency(actor=world.admin, code="t-fy", name="测试市中级人民法院", kind="court",
                                          level="city", region_code="410800", field="judicial")
    judge = agency_services.create_user(actor=world.admin, username="judge_head", password=PASSWORD, agency=court,
                                        roles=["head"], full_name="法院负责人")
    return court, judge


def test_only_an_administrative_agency_imports_its_own_cases(world):
    court, judge = _court(world)
    assert not may_import(judge, court)
    with pytest.raises(PermissionDenied, match="不是行政执法机关"):
        load(court, [record()], actor=judge)
    assert not PenaltyCase.objects.filter(agency=court).exists()
    page = world.client(judge).get("/")
    assert "数据导入" not in page.content.decode()
    assert "数据导入" in world.client(world.market_officer).get("/").content.decode()
    assert may_import(world.market_officer, world.market) and not may_import(world.market_officer, world.tax)


def test_the_legal_reviewer_may_draft_a_transfer_and_the_page_offers_it(world):
    reviewer = agency_services.create_user(actor=world.admin, username="m_legal", password=PASSWORD,
                                           agency=world.market, roles=["legal_reviewer"])
    load(world.market, [record()])
    case = PenaltyCase.objects.get()
    assert may_draft_transfer(reviewer, case)
    assert "发起移送" in world.client(reviewer).get(f"/cases/{case.pk}/").content.decode()
    transfers.draft_transfer(case, actor=reviewer, team=[world.market_officer, world.market_officer2],
                             suspected_crime="生产、销售伪劣产品罪", report="销售金额62000元")
    # the outsider sees no button and the service refuses alike
    assert not may_draft_transfer(world.tax_officer, case)


def test_the_template_tag_asks_the_same_check(world, rf):
    from django.template import Context, Template

    load(world.market, [record()])
    case = PenaltyCase.objects.get()
    template = Template('{% load permissions %}{% may "may_draft_transfer" case as ok %}{{ ok }}')
    for user, expected in ((world.market_officer, "True"), (world.tax_officer, "False")):
        request = rf.get("/")
        request.user = user
        assert template.render(Context({"request": request, "case": case})) == expected


def test_an_organ_moved_during_a_request_is_seen_moved_for_the_rest_of_it(world):
    """Subtrees are looked up once per request (agencies/access.py); saving an organ forgets them."""
    from liangfa.agencies.access import subtrees_remembered, visible_agency_ids

    with subtrees_remembered():
        assert world.county_market.pk in visible_agency_ids(world.market_officer)
        world.county_market.parent = None
        world.county_market.save()
        assert world.county_market.pk not in visible_agency_ids(world.market_officer)
    assert visible_agency_ids(world.market_officer) == {world.market.pk}
