"""Issue 16: a 检察建议 20 days past its reply date showed 待回复. Every list says 逾期 once a period ran out."""

from datetime import datetime, timedelta

import time_machine

from liangfa.clock.rules import TZ
from liangfa.supervision import services

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=TZ)


@time_machine.travel(NOW)
def test_a_recommendation_past_its_reply_date_shows_overdue_in_the_list(world):
    late = services.issue_opinion(actor=world.prosecutor, kind="recommendation", agency=world.market,
                                  now=NOW - timedelta(days=70), document_no="测检建〔2026〕3号",
                                  reply_due=(NOW - timedelta(days=20)).date(), content="建议建立移送前法制审核制度。")
    services.issue_opinion(actor=world.prosecutor, kind="recommendation", agency=world.market,
                           now=NOW - timedelta(days=5), document_no="测检建〔2026〕4号",
                           reply_due=(NOW + timedelta(days=25)).date(), content="建议加强培训。")
    for user in (world.prosecutor, world.market_head):
        table = world.client(user).get("/supervision/").content.decode().split("检察意见、检察建议")[1]
        rows = {row.split("</a>")[0].rsplit(">", 1)[-1]: row for row in table.split("<tr>")[2:4]}
        assert "逾期未回复" in rows["测检建〔2026〕3号"] and "待回复" not in rows["测检建〔2026〕3号"]
        assert "待回复" in rows["测检建〔2026〕4号"] and "逾期" not in rows["测检建〔2026〕4号"]
    services.reply_opinion(late, actor=world.market_head, result="adopted", reply="已建立制度。")
    table = world.client(world.prosecutor).get("/supervision/").content.decode()
    assert "逾期未回复" not in table and "<th>提示</th>" not in table
