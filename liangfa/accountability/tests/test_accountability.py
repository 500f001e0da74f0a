"""以罚代刑 accountability (issue 17): a clue confirmed 应移未移 becomes a file with what happened, who was
responsible and the evidence; it is referred to the 监察机关 (which then sees it, and only it) or the superior,
which records the outcome."""

from datetime import datetime, timedelta

import pytest
import time_machine

from liangfa.accountability.models import AccountabilityFile
from liangfa.agencies import services as agency_services
from liangfa.clock.rules import TZ
from liangfa.core.models import AuditEntry
from liangfa.screening.models import Clue
from liangfa.testing import PASSWORD, load, record

RAISED = datetime(2026, 3, 2, 10, 0, tzinfo=TZ)
LATER = RAISED + timedelta(days=40)  # the 三十日 check period (AGY_CLUE_CHECK) ran out


@pytest.fixture
def region(world):
    world.jcw = agency_services.create_agency(actor=world.admin, code="t-jcw", name="测试市监察委员会",
                                              kind="supervision", level="city", region_code="410800", field="general")
    world.inspector = agency_services.create_user(actor=world.admin, username="inspector", password=PASSWORD,
                                                  agency=world.jcw, roles=["inspector"], full_name="纪监察")
    load(world.market, [record()], now=RAISED)
    world.clue = Clue.objects.get()
    return world


def _open(client, clue, **extra):
    data = {"ground": "untransferred", "clue": clue.pk, "facts": "销售金额六万二千元，核查期满未移送，仅处罚款",
            "responsible": "承办人王某（执法人员）；负责人赵某", **extra}
    return client.post("/accountability/new/", data, follow=True)


def test_open_refer_to_the_supervision_organ_and_its_outcome(region):
    w = region
    prosecutor, inspector = w.client(w.prosecutor), w.client(w.inspector)
    with time_machine.travel(LATER):
        form = prosecutor.get("/accountability/new/").content.decode()
        assert "测市监罚〔2025〕1号" in form and "据此立卷" in form
        page = _open(prosecutor, w.clue).content.decode()
        item = AccountabilityFile.objects.get()
        assert "立卷审查中" in page and "承办人王某" in page
        assert "平台提出线索：涉嫌" in page and "第十六条第二款" in page
        for outsider in (w.inspector, w.market_officer, w.tax_officer, w.police_officer):
            assert w.client(outsider).get(f"/accountability/{item.pk}/").status_code == 404, outsider
        assert "测市监罚" not in inspector.get("/accountability/").content.decode()

        refused = prosecutor.post(f"/accountability/{item.pk}/act/refer/", {"kind": "superior", "to": w.market.pk,
                                                                            "note": "请上级处理"}, follow=True)
        assert "没有上级行政执法机关" in refused.content.decode()
        prosecutor.post(f"/accountability/{item.pk}/act/refer/", {"kind": "supervision", "to": w.jcw.pk,
                                                                  "note": "涉及公职人员失职"})
        assert "待登记处理结果的问责卷" in inspector.get("/").content.decode()
        seen = inspector.get(f"/accountability/{item.pk}/").content.decode()
        assert "移送监察机关：测试市监察委员会" in seen and "第十八条" in seen and "conclude-file" in seen
        wrong = prosecutor.post(f"/accountability/{item.pk}/act/conclude/", {"outcome": "sanction", "note": "x"},
                                follow=True).content.decode()
        assert "只有问责卷移送到的机关可以登记处理结果" in wrong
        inspector.post(f"/accountability/{item.pk}/act/conclude/", {"outcome": "sanction", "note": "政务警告"})
        item.refresh_from_db()
        assert item.get_status_display() == "已办结" and item.get_outcome_display() == "给予处分（政务处分）"
        assert "给予处分（政务处分）：政务警告" in prosecutor.get(f"/accountability/{item.pk}/").content.decode()
    actions = list(AuditEntry.objects.filter(action__startswith="accountability.").values_list("action", flat=True))
    assert actions == ["accountability.open", "accountability.refer", "accountability.conclude"]
    receipts = w.client(w.market_head).get("/audit/reads/").content.decode()
    assert "问责卷" in receipts and "测试市监察委员会" in receipts  # the 监察机关's read is on the owner's list


def test_only_an_overdue_clue_and_only_the_named_organs_open_a_file(region):
    w = region
    with time_machine.travel(RAISED + timedelta(days=5)):
        early = _open(w.client(w.prosecutor), w.clue).content.decode()
        assert "不存在、无权查看或不属于应移未移" in early and not AccountabilityFile.objects.exists()
    with time_machine.travel(LATER):
        assert w.client(w.market_head).get("/accountability/new/").status_code == 404
        api = w.client(w.tax_officer).post("/api/accountability", {"ground": "untransferred", "facts": "x",
                                                                   "responsible": "y", "clue_id": w.clue.pk},
                                           content_type="application/json")
        assert api.status_code == 403 and "检察官" in api.json()["detail"]
        missing = _open(w.client(w.inspector), w.clue, responsible=" ").content.decode()
        assert "请填写责任人员" in missing and not AccountabilityFile.objects.exists()
        made = w.client(w.inspector).post("/api/accountability", {
            "ground": "untransferred", "facts": "以罚代刑", "responsible": "承办人", "clue_id": w.clue.pk},
            content_type="application/json")
        assert made.status_code == 201 and made.json()["ground_label"] == "应移未移（以行政处罚代替移送）"
        assert made.json()["timeline"][0]["what"].startswith("平台提出线索")
        assert w.client(w.prosecutor).get(f"/api/accountability/{made.json()['id']}").status_code == 404
