"""A held meeting of the market bureau with the police and the procuratorate, for the tests."""

from datetime import datetime

from liangfa.clock.rules import TZ
from liangfa.meetings import services

HELD = datetime(2025, 6, 2, 9, 0, tzinfo=TZ)


def held_meeting(world, *, held_at=HELD, now=None, title="2025年第二季度联席会议"):
    meeting = services.schedule_meeting(actor=world.market_officer, title=title, held_at=held_at,
                                        members=[world.police, world.procuratorate], agenda="移送案件情况\n证据标准",
                                        now=now or held_at)
    rows = [{"agency_id": a.pk, "present": True, "attendees": "某某"} for a in (world.market, world.police)]
    rows.append({"agency_id": world.procuratorate.pk, "present": False, "absence_reason": "出庭"})
    return services.record_attendance(meeting, actor=world.market_officer, rows=rows, now=held_at)
