"""The 期限看板 links a deadline's subject only for a person who may open it (a dead link is a dead end)."""

from liangfa.agencies import services as agency_services
from liangfa.testing import ready_transfer


def test_a_supervising_body_sees_the_deadline_and_its_case_not_the_transfer_it_may_not_open(world):
    transfer = ready_transfer(world, until="pending_approval")
    justice = agency_services.create_agency(actor=world.admin, code="t-sfj", name="测试市司法局", kind="justice",
                                            level="city", region_code="410800", field="justice")
    reviewer = agency_services.create_user(actor=world.admin, username="j_head", password="x", agency=justice,
                                           roles=["head"], full_name="司法局")
    page = world.client(reviewer).get("/clock/").content.decode()
    assert "审批移送涉嫌犯罪案件书面报告" in page
    assert f'href="/cases/{transfer.case_id}/"' in page and f'href="/transfers/{transfer.pk}/"' not in page
    assert world.client(reviewer).get(f"/cases/{transfer.case_id}/").status_code == 200

    officer_page = world.client(world.market_officer).get("/clock/").content.decode()
    assert f'href="/transfers/{transfer.pk}/"' in officer_page
