"""A legal reviewer for the test region, and a case walked to a given step through the services."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from liangfa.agencies import services as agency_services
from liangfa.review import review, services
from liangfa.review.policy import CHECKLIST_POINTS
from liangfa.testing import PASSWORD

PARTY = {"name": "焦作市恒信食品有限公司", "kind": "法人及非法人组织", "code": "91430923745919951M", "legal_rep": "张三"}
ALL_OK = {code: {"finding": "ok", "note": ""} for code in CHECKLIST_POINTS}


def reviewer(world, *, qualified=True, username="m_reviewer"):
    user = agency_services.create_user(actor=world.admin, username=username, password=PASSWORD, agency=world.market,
                                       roles=["legal_reviewer"], full_name="审核员王")
    if qualified:
        user.legal_qualification_no = "A20193101000001"
        user.save(update_fields=["legal_qualification_no"])
    return user


def filed(world, now: datetime, **kwargs):
    h = services.propose_filing(agency=world.market, actor=world.market_officer, party=PARTY,
                                violation_type="销售不符合食品安全标准的食品", summary="当事人销售超过保质期的食品。",
                                legal_basis="《食品安全法》第三十四条", co_handler=world.market_officer2, now=now, **kwargs)
    return services.approve_filing(h, actor=world.market_head, now=now)


def notified(world, now: datetime, fine="50000", **flags):
    h = filed(world, now)
    services.add_material(h, actor=world.market_officer, title="现场检查笔录",
                          upload=SimpleUploadedFile("笔录.txt", "笔录".encode()), now=now)
    return services.issue_notice(h, actor=world.market_officer, proposed_penalty=f"罚款{fine}元",
                                 proposed_category="罚款", proposed_fine=Decimal(fine), hearing_right=False,
                                 served_at=now, now=now + timedelta(hours=1), **flags)


def reviewed(world, now: datetime, reviewer_user, **flags):
    h = notified(world, now, **flags)
    services.record_statement(h, actor=world.market_officer, waived=True, now=now + timedelta(hours=2))
    review.submit_review(h, actor=world.market_officer, now=now + timedelta(hours=3))
    review.conclude_review(h, actor=reviewer_user, findings=ALL_OK, result="approve", reasons="事实清楚",
                           now=now + timedelta(hours=4))
    h.refresh_from_db()
    return h


def day(text: str) -> date:
    return date.fromisoformat(text)
