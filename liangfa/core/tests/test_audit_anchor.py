"""The database refuses audit edits; signed checkpoints outside it catch a rewritten chain; case rows
changed outside the services are found."""

import csv
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from liangfa.cases.models import PenaltyCase
from liangfa.core.audit import CHAIN_FIELDS, GENESIS, _digest, record_audit, verify_chain
from liangfa.core.integrity import write_checkpoint
from liangfa.core.models import AuditEntry, AuditHead
from liangfa.core.tests.tamper import as_table_owner
from liangfa.testing import load, record


@pytest.fixture(autouse=True)
def _checkpoints(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "checkpoints.jsonl"


def _rows(n):
    for i in range(n):
        record_audit("test.act", object_type="x", object_id=str(i), object_repr=f"对象{i}", after={"n": i})


@pytest.mark.django_db
@pytest.mark.parametrize("sql", ["UPDATE core_auditentry SET reason = 'x'", "DELETE FROM core_auditentry"])
def test_the_database_refuses_update_and_delete(sql, audit_guarded):
    _rows(2)
    with pytest.raises(DatabaseError, match="审计记录只能追加"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert AuditEntry.objects.filter(reason="").count() == 2


def _rewrite_from(entry_id: int):
    """Recompute the chain from a row onward with the application's own hash function."""
    prev = AuditEntry.objects.filter(id__lt=entry_id).order_by("-id").values_list("hash", flat=True).first() or GENESIS
    with as_table_owner(), connection.cursor() as cursor:
        for entry in AuditEntry.objects.filter(id__gte=entry_id).order_by("id"):
            values = {name: getattr(entry, name) for name in CHAIN_FIELDS}
            if entry.id == entry_id:
                values["reason"] = "改写"
            digest = _digest(prev, values)
            cursor.execute("UPDATE core_auditentry SET reason = %s, prev_hash = %s, hash = %s WHERE id = %s",
                           [values["reason"], prev, digest, entry.id])
            prev = digest
    AuditHead.objects.filter(pk=1).update(last_hash=prev)


@pytest.mark.django_db
def test_a_rewritten_chain_fails_against_the_checkpoint():
    _rows(5)
    call_command("audit", "checkpoint")
    _rows(2)
    _rewrite_from(AuditEntry.objects.order_by("id")[1].id)
    with pytest.raises(CommandError, match="签名检查点不符"):
        call_command("audit", "verify")


@pytest.mark.django_db
def test_a_cut_tail_with_an_updated_head_fails_against_the_checkpoint():
    _rows(5)
    write_checkpoint()
    keep = AuditEntry.objects.order_by("id")[2]
    with as_table_owner(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry WHERE id > %s", [keep.id])
    AuditHead.objects.filter(pk=1).update(last_hash=keep.hash, count=3)
    report = verify_chain()
    assert not report.ok and "已不在链中" in report.problem


@pytest.mark.django_db
def test_a_forged_checkpoint_is_refused(settings):
    _rows(2)
    write_checkpoint()
    path = settings.AUDIT_CHECKPOINT_FILE
    line = json.loads(path.read_text())
    line["count"] = 1
    path.write_text(json.dumps(line) + "\n")
    assert "签名不符" in verify_chain().problem


@pytest.mark.django_db
def test_verify_passes_and_names_its_checkpoints(capsys):
    _rows(3)
    write_checkpoint()
    _rows(1)
    write_checkpoint()
    call_command("audit", "verify")
    assert "审计链完整：共 4 条记录，2 个签名检查点相符" in capsys.readouterr().out


def test_a_case_changed_outside_the_services_is_reported(world, capsys):
    load(world.market, [record(), record(**{"行政处罚决定书文号": "测市监罚〔2025〕2号", "罚款金额（万元）": "0.0125"})])
    call_command("audit", "verify")
    assert "核对案件内容 2 件" in capsys.readouterr().out
    case = PenaltyCase.objects.get(decision_no="测市监罚〔2025〕1号")
    with connection.cursor() as cursor:  # straight SQL: no service, no audit row
        cursor.execute("UPDATE cases_penaltycase SET fine_amount = 1 WHERE id = %s", [case.id])
    with pytest.raises(CommandError, match=r"案件 测市监罚〔2025〕1号（编号 \d+）的内容与最近一次经业务功能写入的不符"):
        call_command("audit", "verify")


def test_status_change_through_the_service_keeps_the_digest(world, capsys):
    from liangfa.cases.services import change_case_status

    load(world.market, [record()])
    case = PenaltyCase.objects.get()
    change_case_status(case, "executing", actor=world.market_officer)
    load(world.market, [record(**{"罚款金额（万元）": "6"})])  # an import update
    call_command("audit", "verify")
    assert "均与审计一致" in capsys.readouterr().out


@pytest.mark.django_db
def test_export_for_auditors_neutralises_formulas(tmp_path):
    record_audit("test.act", reason='=HYPERLINK("http://x")', object_repr="@SUM(A1)")
    out = tmp_path / "audit.csv"
    call_command("audit", "export", "--output", str(out), "--since", "2000-01-01")
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert rows[0][4] == "action" and rows[1][4] == "test.act"
    assert rows[1][11].startswith("'=") and rows[1][7] == "'@SUM(A1)"
