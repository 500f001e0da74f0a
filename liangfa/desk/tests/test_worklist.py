"""The 待办 list on the home page: what waits on each role, with the statutory period behind it."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from liangfa.testing import load, ready_transfer, record

T0 = datetime(2025, 10, 13, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Monday: no holiday in reach


def todo(world, user) -> dict[str, str]:
    """The 待办 table as {事项: 件数}."""
    page = world.client(user).get("/").content.decode()
    table = page.split('<table id="todo">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<a href="[^"]*">([^<]+)</a></td>\s*<td class="num">(?:<span class="flag bad">)?(\d+)', table)
    return dict(rows)


def test_each_role_sees_what_waits_on_it(world):
    transfer = ready_transfer(world, now=T0, until="pending_approval")
    # a county bureau's clue: the city bureau above sees it, but only the county acts on it
    load(world.county_market, [record(**{"行政处罚决定书文号": "测县监罚〔2025〕1号"})])
    with time_machine.travel(T0 + timedelta(days=1)):  # due 10-16 23:59: within 3 days
        head = todo(world, world.market_head)
        assert head["待负责人审批的移送"] == "1" and head["待核查的涉罪线索"] == "1"
        assert head["3日内到期的法定期限"] == "1" and head["本机关已逾期的法定期限"] == "0"
        page = world.client(world.market_head).get("/").content.decode()
        assert "《行政执法机关移送涉嫌犯罪案件的规定》第五条第二款：三日" in page
        assert todo(world, world.county_officer)["待核查的涉罪线索"] == "1"
        officer = todo(world, world.market_officer)
        assert "待负责人审批的移送" not in officer  # only a 负责人 approves
        assert todo(world, world.police_officer)["待签收的移送案件"] == "0"
    with time_machine.travel(T0 + timedelta(days=5)):  # the approval is late
        assert todo(world, world.market_head)["本机关已逾期的法定期限"] == "1"
    from liangfa.transfers import services

    services.approve_transfer(transfer, actor=world.market_head, now=T0 + timedelta(days=5))
    services.deliver_transfer(transfer, actor=world.market_officer, now=T0 + timedelta(days=5, hours=1))
    with time_machine.travel(T0 + timedelta(days=5, hours=2)):
        police = todo(world, world.police_officer)
        assert police["待签收的移送案件"] == "1" and police["已受理、待作出立案决定"] == "0"
        assert todo(world, world.tax_officer)["待核查的涉罪线索"] == "0"  # another agency's clue is not its work
    services.sign_receipt(transfer, actor=world.police_officer, now=T0 + timedelta(days=5, hours=3))
    with time_machine.travel(T0 + timedelta(days=5, hours=4)):
        assert todo(world, world.police_officer)["已受理、待作出立案决定"] == "1"
        prosecutor = todo(world, world.prosecutor)
        assert "应移未移线索" in prosecutor and "待签收的移送案件" not in prosecutor
