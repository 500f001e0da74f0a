"""Data already on a platform before the 撤案/移送 statuses and the Chinese routing reasons: migrations 0018 and 0019
bring it in line (run here on rows written the old way)."""

import importlib
from datetime import datetime, timedelta

import pytest
from django.apps import apps

from liangfa.clock.rules import TZ
from liangfa.testing import ready_transfer, withdrawn_transfer
from liangfa.transfers import services
from liangfa.transfers.models import CriminalStageRecord, RoutingRule, Transfer

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=TZ)
pytestmark = pytest.mark.django_db


def _migration(name: str):
    return importlib.import_module(f"liangfa.transfers.migrations.{name}")


def test_transfers_withdrawn_or_moved_the_old_way_take_their_status_and_show_it(world):
    withdrawn = withdrawn_transfer(world, now=T0)
    Transfer.objects.filter(pk=withdrawn.pk).update(status="filed")  # as the old stage form left it
    assert CriminalStageRecord.objects.filter(transfer=withdrawn, stage="case_withdrawn").exists()
    _migration("0019_police_status_of_moved_and_withdrawn").settle(apps, None)
    page = world.client(world.police_officer).get(f"/transfers/{withdrawn.pk}/").content.decode()
    assert 'id="transfer-status">已撤销案件</span>' in page and 'id="withdraw-case-form"' not in page


def test_a_merge_approved_the_old_way_reads_merged(world):
    transfer = ready_transfer(world, now=T0, until="accepted")
    services.decide_filing(transfer, actor=world.police_officer, approver=world.police_head, file=True,
                           case_no="测公(经)立字〔2026〕8号", now=T0 + timedelta(hours=1))
    services.propose_decision(transfer, actor=world.police_officer, kind="move",
                              data={"organ": "邻市公安局", "merge": "1", "reasons": "同一团伙"}, now=T0 + timedelta(days=1))
    services.approve_proposal(transfer, actor=world.police_head, now=T0 + timedelta(days=1))
    Transfer.objects.filter(pk=transfer.pk).update(status="filed")
    _migration("0019_police_status_of_moved_and_withdrawn").settle(apps, None)
    assert Transfer.objects.get(pk=transfer.pk).get_status_display() == "立案后已移送其他公安机关并案侦查"


def test_routing_reasons_stored_with_arabic_numbers_are_rewritten(world):
    rule = RoutingRule.objects.get(crime_name="合同诈骗罪")
    RoutingRule.objects.filter(pk=rule.pk).update(basis="刑法第224条，刑法分则第三章第八节 扰乱市场秩序罪")
    transfer = ready_transfer(world, now=T0, until="accepted")
    Transfer.objects.filter(pk=transfer.pk).update(routing_basis="管辖对照表：刑法第140条，刑法分则第三章第一节")
    _migration("0018_police_routing_basis_in_chinese").rewrite(apps, None)
    assert RoutingRule.objects.get(pk=rule.pk).basis == "《刑法》第二百二十四条，刑法分则第三章第八节 扰乱市场秩序罪"
    assert Transfer.objects.get(pk=transfer.pk).routing_basis == "管辖对照表：《刑法》第一百四十条，刑法分则第三章第一节"
