"""liangfa backup / restore: database and uploaded files together, checked against their SHA-256."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from liangfa.cases.models import PenaltyCase
from liangfa.core.models import AuditEntry
from liangfa.testing import build_world, load, ready_transfer, record
from liangfa.transfers.models import TransferDocument


def _uploaded_files() -> dict[str, bytes]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_brings_back_database_and_files(tmp_path, capsys):
    world = build_world()
    ready_transfer(world, until="delivered")
    files, cases, audit_rows = _uploaded_files(), PenaltyCase.objects.count(), AuditEntry.objects.count()
    assert files
    call_command("backup", "--output", str(tmp_path / "b"))
    manifest = (tmp_path / "b" / "manifest.json").read_text()
    assert "database" in manifest and "media.tar" in manifest
    load(world.market, [record(**{"行政处罚决定书文号": "测市监罚〔2025〕99号"})])  # after the backup
    for path in Path(settings.MEDIA_ROOT).rglob("*"):
        if path.is_file():
            path.unlink()
    call_command("restore", str(tmp_path / "b"), "--yes")
    out = capsys.readouterr().out
    assert "审计链完整" in out
    assert PenaltyCase.objects.count() == cases and AuditEntry.objects.count() == audit_rows
    assert _uploaded_files() == files


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused_before_anything_changes(tmp_path):
    world = build_world()
    load(world.market, [record()])
    call_command("backup", "--output", str(tmp_path / "b"))
    media = tmp_path / "b" / "media.tar"
    media.write_bytes(media.read_bytes() + b"x")
    load(world.market, [record(**{"行政处罚决定书文号": "测市监罚〔2025〕99号"})])
    with pytest.raises(CommandError, match="SHA-256 与清单不符"):
        call_command("restore", str(tmp_path / "b"), "--yes")
    assert PenaltyCase.objects.count() == 2
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "b"))


def test_a_document_whose_file_is_missing_says_so(world):
    transfer = ready_transfer(world, until="approved")
    doc = TransferDocument.objects.filter(transfer=transfer).exclude(file="").first()
    Path(doc.file.path).unlink()
    response = world.client(world.market_officer).get(f"/transfers/{transfer.pk}/documents/{doc.pk}/")
    assert response.status_code == 404 and "文件缺失" in response.content.decode()
    assert AuditEntry.objects.filter(action="file.missing").count() == 1
