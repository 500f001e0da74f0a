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


def _listed(world, user, url: str) -> str:
    return world.client(user).get(url).content.decode()


def test_police_rows_for_the_head_and_the_written_notices_owed(world):
    """The police's 待办: a 受理 transfer the 管辖 table gave no 承办部门 (the 负责人 names one), a 呈请 waiting for the
    负责人, and the written notice owed to the agency once the 负责人 approved 立案后移送 (程序规定第一百八十四条: 三日)."""
    from liangfa.transfers import services

    transfer = ready_transfer(world, now=T0, until="accepted")  # the test bureau has no departments: none assigned
    with time_machine.travel(T0 + timedelta(hours=1)):
        head = todo(world, world.police_head)
        assert head["已受理（含已立案）、尚未指定承办部门（管辖对照表未能确定）"] == "1"
        assert "已受理（含已立案）、尚未指定承办部门（管辖对照表未能确定）" not in todo(world, world.police_officer)
        assert transfer.case.decision_no in _listed(world, world.police_head, "/transfers/?department=none")
        assert head["待负责人审批的呈请（立案、不予立案、复议决定、转送、立案后移送或并案、撤销案件）"] == "0"
    services.decide_filing(transfer, actor=world.police_officer, approver=world.police_head, file=True,
                           case_no="测公(经)立字〔2025〕3号", now=T0 + timedelta(hours=2))
    services.propose_decision(transfer, actor=world.police_officer, kind="move",
                              data={"organ": "邻市公安局", "reasons": "犯罪地在邻市"}, now=T0 + timedelta(days=1))
    with time_machine.travel(T0 + timedelta(days=1, hours=1)):
        head = todo(world, world.police_head)
        assert head["待负责人审批的呈请（立案、不予立案、复议决定、转送、立案后移送或并案、撤销案件）"] == "1"
        assert "第一百八十七条第一款" in world.client(world.police_head).get("/").content.decode()
        assert todo(world, world.police_officer)["立案后已移送或并案、待书面通知移送机关"] == "0"  # not yet approved
    services.approve_proposal(transfer, actor=world.police_head, now=T0 + timedelta(days=1, hours=2))
    with time_machine.travel(T0 + timedelta(days=1, hours=3)):
        officer = todo(world, world.police_officer)
        assert officer["立案后已移送或并案、待书面通知移送机关"] == "1"
        assert "《公安机关办理刑事案件程序规定》第一百八十四条：三日" in world.client(world.police_officer).get("/").content.decode()
        assert transfer.case.decision_no in _listed(world, world.police_officer, "/transfers/?notice=moved")
        assert transfer.case.decision_no not in _listed(world, world.police_officer, "/transfers/?notice=withdrawn")
        assert "已受理（含已立案）、尚未指定承办部门（管辖对照表未能确定）" in todo(world, world.police_head)
        assert todo(world, world.police_head)["已受理（含已立案）、尚未指定承办部门（管辖对照表未能确定）"] == "0"  # moved away
    services.notify_moved(transfer, actor=world.police_officer, now=T0 + timedelta(days=2))
    with time_machine.travel(T0 + timedelta(days=2, hours=1)):
        assert todo(world, world.police_officer)["立案后已移送或并案、待书面通知移送机关"] == "0"


def test_police_row_for_the_withdrawal_notice_owed(world):
    """程序规定第一百八十九条第一款: after the 负责人 approves 撤销案件, the agency is told within 三日."""
    from liangfa.testing import withdrawn_transfer
    from liangfa.transfers import services

    transfer = withdrawn_transfer(world, now=T0)
    with time_machine.travel(T0 + timedelta(days=8, hours=1)):
        assert todo(world, world.police_officer)["已撤销案件、待告知移送机关"] == "1"
        assert transfer.case.decision_no in _listed(world, world.police_officer, "/transfers/?notice=withdrawn")
        assert todo(world, world.market_officer).get("已撤销案件、待告知移送机关") is None  # the police's to do
    services.notify_withdrawn(transfer, actor=world.police_officer, now=T0 + timedelta(days=9))
    with time_machine.travel(T0 + timedelta(days=9, hours=1)):
        assert todo(world, world.police_officer)["已撤销案件、待告知移送机关"] == "0"
