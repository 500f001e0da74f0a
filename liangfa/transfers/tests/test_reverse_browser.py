"""In Chromium, the reverse path as the personas walk it on the pages: the procuratorate's 检察官 records the
不起诉 on the transfer page and drafts the 检察意见书 from it, the 检察长 approves it (it goes with the 不起诉决定书,
《人民检察院刑事诉讼规则》第三百七十三条), and the agency answers with the penalty it decided, linked to its case by
the 决定书文号 (《刑事诉讼法》第一百七十七条第三款)."""

from datetime import datetime

import pytest
import time_machine

from liangfa.clock.rules import TZ
from liangfa.transfers.tests.test_browser import CHROMIUM, browser, login  # noqa: F401  (the fixture)

pytestmark = pytest.mark.skipif(not CHROMIUM, reason="Debian chromium is not installed (.ci/run installs it)")


@pytest.mark.django_db(transaction=True)
@time_machine.travel(datetime(2025, 12, 1, 9, 0, tzinfo=TZ))
def test_non_prosecution_opinion_approved_by_the_chief_and_answered_with_the_agencys_penalty(
        live_server, browser, tmp_path, settings):  # noqa: F811
    from liangfa.agencies import services as agency_services
    from liangfa.cases.models import PenaltyCase
    from liangfa.testing import PASSWORD, build_world, load, ready_transfer, record
    from liangfa.transfers import services as transfers
    from liangfa.transfers.models import ReverseTransfer

    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    agency_services.create_user(actor=world.admin, username="chief", password=PASSWORD, agency=world.procuratorate,
                                roles=["prosecutor", "head"], full_name="宋检察长")
    t0 = datetime(2025, 8, 4, 9, 0, tzinfo=TZ)
    transfer = ready_transfer(world, now=t0, until="accepted")
    transfers.decide_filing(transfer, actor=world.police_officer, approver=world.police_head, file=True,
                            case_no="测公刑立字〔2025〕2号", now=t0)
    transfers.record_stage(transfer, actor=world.police_officer, stage="prosecution_review",
                           day=datetime(2025, 9, 1).date(), document_no="测公起诉字〔2025〕2号",
                           now=datetime(2025, 9, 1, 10, 0, tzinfo=TZ))
    # the penalty the agency will decide after the 检察意见 (imported like its other decisions)
    load(world.market, [record(**{"行政处罚决定书文号": "测市监罚〔2025〕77号", "处罚决定日期": "2025-11-20"})])
    penalty = PenaltyCase.objects.get(decision_no="测市监罚〔2025〕77号")
    base = live_server.url
    url = f"{base}/transfers/{transfer.pk}/"

    # 检察官: 不起诉 on the transfer page, then the 检察意见书 drafted from it
    prosecutor = login(browser, base, "prosecutor")
    prosecutor.goto(url)
    assert prosecutor.locator("#start-reverse").count() == 0  # no 不起诉 yet: nothing to send back
    form = "form[action$='/act/stage/']:has(option[value=non_prosecution])"
    prosecutor.select_option(f"{form} select[name=stage]", "non_prosecution")
    prosecutor.fill(f"{form} input[name=date]", "2025-11-03")
    prosecutor.fill(f"{form} input[name=document_no]", "测检不诉〔2025〕5号")
    prosecutor.click(f"{form} button")
    assert "登记诉讼阶段：已完成" in prosecutor.inner_text(".messages")
    assert "刑事诉讼：不起诉" in prosecutor.inner_text("#timeline")
    prosecutor.click("#start-reverse")
    assert "移送行政机关处理" in prosecutor.inner_text("h1")
    assert prosecutor.input_value("input[name=non_prosecution_no]") == "测检不诉〔2025〕5号"  # from the transfer
    assert prosecutor.input_value("input[name=party_name]") == transfer.case.party_name
    prosecutor.select_option("select[name=to_agency]", label="测试市市场监督管理局")
    prosecutor.fill("input[name=document_no]", "测检行意〔2025〕5号")
    prosecutor.select_option("select[name=non_prosecution_kind]", "discretionary")
    prosecutor.fill("textarea[name=summary]", "犯罪情节轻微，决定不起诉；其销售伪劣产品的行为应当给予行政处罚，建议依法处理并回复。")
    prosecutor.click("form.card button[type=submit]")
    assert "已提请检察长批准" in prosecutor.inner_text(".messages")
    assert prosecutor.locator("#awaiting-chief").count() == 1
    assert prosecutor.locator("#approve-reverse").count() == 0  # the 检察官 does not approve their own
    reverse = ReverseTransfer.objects.get()
    reverse_url = f"{base}/transfers/reverse/{reverse.pk}/"

    agency = login(browser, base, "m_officer")
    assert agency.goto(reverse_url).status == 404  # a draft stays inside the procuratorate

    # 检察长: approves; the 检察意见书 goes with the 不起诉决定书 and the agency's clock starts
    chief = login(browser, base, "chief")
    chief.on("dialog", lambda dialog: dialog.accept())
    chief.goto(reverse_url)
    assert "检察意见待检察长批准" in chief.inner_text("#awaiting-chief")
    chief.click("#approve-reverse")
    assert "已批准，检察意见书随不起诉决定书移送" in chief.inner_text(".messages")
    assert chief.inner_text("h1 .flag") == "待行政机关处理"
    assert "检察长 宋检察长" in chief.inner_text("main")

    # the agency: sees it, reads the 不起诉决定书 and answers with the penalty it decided, linking its case
    agency.goto(f"{base}/transfers/reverse/")
    agency.click(f"a[href='/transfers/reverse/{reverse.pk}/']")
    seen = agency.inner_text("main")
    assert "测检不诉〔2025〕5号" in seen and "酌定不起诉" in seen and "第一百七十七条第三款" in seen
    agency.fill("input[name=decision_no]", "测市监罚〔2025〕77号")
    agency.fill("textarea[name=result]", "已作出行政处罚：罚款并没收违法所得")
    agency.click("form.card button")
    assert "已回复处理结果" in agency.inner_text(".messages")
    assert agency.inner_text("h1 .flag") == "已回复"
    agency.click(f"a[href='/cases/{penalty.pk}/']")
    assert "测市监罚〔2025〕77号" in agency.inner_text("h1")

    # the whole path on the transfer's timeline, as the procuratorate reads it
    prosecutor.goto(url)
    timeline = prosecutor.inner_text("#timeline")
    assert "刑事诉讼：不起诉" in timeline and "反向移送行政机关处理" in timeline
    assert "行政机关回复反向移送处理结果" in timeline
