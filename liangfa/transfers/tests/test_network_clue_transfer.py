"""A transfer started from a 关联当事人合计 network clue after 转为线索 (screening/networks.py): the platform's clue
for the case, so no 未经平台线索移送的理由 is asked; the report opens with the combined figure and its basis. The
procuratorate's 检察意见 from the same clue names the case by its 决定书文号 and the clue by its number."""

import re
from html import unescape

from liangfa.screening.models import NetworkClue
from liangfa.screening.tests.test_network_clues import _split_business

LIST = "/clues/network/"


def _converted(world):
    _split_business(world)
    clue = NetworkClue.objects.get()
    world.client(world.market_officer).post(f"{LIST}{clue.pk}/decide/", {"to": "converted", "reason": "同一人分拆经营"})
    clue.refresh_from_db()
    return clue


def test_a_transfer_from_a_converted_network_clue_is_a_platform_clue_with_the_combined_figure(world):
    clue = _converted(world)
    own = clue.cases[0]
    officer = world.client(world.market_officer)
    listed = unescape(officer.get(f"{LIST}?state=converted").content.decode())
    url = re.search(rf'href="(/transfers/new/{own["case_id"]}/\?[^"]+)"', listed).group(1)
    assert f"network_clue={clue.pk}" in url
    form = officer.get(url).content.decode()
    assert "未经平台线索移送的理由" not in form
    assert "由关联当事人合计线索发起" in form and f"第{clue.pk}号 涉嫌生产、销售伪劣产品罪" in form
    report = unescape(form.split('name="report"', 1)[1].split("</textarea>", 1)[0])
    assert "本案销售金额30,000.00 元" in report
    assert "各案销售金额合计55,000.00 元（标准50,000.00 元）" in report and "法定代表人/经营者身份证号相同" in report
    assert "测市监罚〔2025〕1号" in report and "测县市监罚〔2025〕7号" in report and "同一人分拆经营" in report
    # posted without a reason: accepted as the platform's clue; the page and the head's approval say so
    response = officer.post(f"/transfers/new/{own['case_id']}/", {
        "suspected_crime": "生产、销售伪劣产品罪", "team": [world.market_officer2.pk], "report": report,
        "network_clue": clue.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    page = officer.get(response["Location"]).content.decode()
    assert f"关联当事人合计线索第{clue.pk}号：涉嫌生产、销售伪劣产品罪" in page and "未关联平台线索" not in page
    # reached by the crime alone (an older link), the converted clue is found too
    assert "未经平台线索移送的理由" not in world.client(world.market_officer).get(
        f"/transfers/new/{own['case_id']}/?crime=生产、销售伪劣产品罪").content.decode()


def test_the_procuratorate_s_opinion_names_the_case_by_its_decision_number_and_the_clue(world):
    clue = _converted(world)
    county = clue.cases[1]
    prosecutor = world.client(world.prosecutor)
    listed = unescape(prosecutor.get(f"{LIST}?state=converted").content.decode())
    url = re.search(rf'href="(/supervision/opinions/new/\?case={county["case_id"]}&[^"]+)"', listed).group(1)
    page = prosecutor.get(url).content.decode()
    shown = page.split('id="opinion-case">', 1)[1].split("</span>", 1)[0]
    assert "测县市监罚〔2025〕7号" in shown and f'value="{county["case_id"]}"' in shown  # the id only as hidden data
    assert f'<input name="case" value="{county["case_id"]}" size="6">' not in page
    assert f"线索：关联当事人合计线索第{clue.pk}号（涉嫌生产、销售伪劣产品罪" in page
    assert f"经审查关联当事人合计线索第{clue.pk}号" in page
