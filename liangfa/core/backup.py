"""Backup and restore: the database and the uploaded files together, with a manifest of their SHA-256.

PostgreSQL goes through pg_dump/pg_restore (custom format), SQLite through its online backup API. The
uploaded files (MEDIA_ROOT) go into a tar. The secret key file and the audit key file are NOT in the
backup: keep them apart (README)."""

import hashlib
import json
import os
import sqlite3
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

from liangfa.core.errors import DomainError

MANIFEST = "manifest.json"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env() -> tuple[list[str], dict]:
    db = settings.DATABASES["default"]
    args = ["-h", str(db.get("HOST") or "127.0.0.1"), "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres"]
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    return args, env


def _db_name() -> str:
    return connection.settings_dict["NAME"]


def backup(target: Path) -> dict:
    """Write the database, the uploaded files and the manifest into the folder `target` (created)."""
    target.mkdir(parents=True, exist_ok=False)
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        database = target / "database.dump"
        subprocess.run(["pg_dump", *args, "-Fc", "-f", str(database), _db_name()], env=env, check=True)
    else:
        database = target / "database.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(database) as copy:
            connection.connection.backup(copy)
        copy.close()
    media = target / "media.tar"
    with tarfile.open(media, "w") as archive:
        root = Path(settings.MEDIA_ROOT)
        if root.exists():
            archive.add(root, arcname="media")
    from liangfa.core.models import AuditEntry

    manifest = {
        "created": datetime.now(UTC).isoformat(), "engine": connection.vendor,
        "audit_rows": AuditEntry.objects.count(),
        "files": {path.name: sha256(path) for path in (database, media)},
    }
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
    return manifest


def check(source: Path) -> dict:
    """The manifest, after every file matched its SHA-256; a mismatch or a missing file stops the restore."""
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise DomainError(f"备份目录 {source} 没有可读的 {MANIFEST}") from exc
    for name, expected in manifest["files"].items():
        path = source / name
        if not path.exists():
            raise DomainError(f"备份文件缺失：{name}")
        if sha256(path) != expected:
            raise DomainError(f"备份文件 {name} 的 SHA-256 与清单不符（文件损坏或被改动），未恢复任何数据")
    if manifest["engine"] != connection.vendor:
        raise DomainError(f"该备份来自 {manifest['engine']}，当前数据库是 {connection.vendor}")
    return manifest


def restore(source: Path) -> dict:
    """Replace the database and the uploaded files with the backup's (after `check`)."""
    from liangfa.core.integrity import audit_maintenance

    manifest = check(source)
    if connection.vendor == "postgresql":
        connections.close_all()
        args, env = _pg_env()
        subprocess.run(["pg_restore", *args, "--clean", "--if-exists", "--no-owner", "--single-transaction",
                        "-d", _db_name(), str(source / "database.dump")], env=env, check=True)
    else:
        connection.ensure_connection()
        with audit_maintenance(), sqlite3.connect(source / "database.sqlite3") as copy:
            copy.backup(connection.connection)
        copy.close()
    root = Path(settings.MEDIA_ROOT)
    with tarfile.open(source / "media.tar") as archive:
        root.parent.mkdir(parents=True, exist_ok=True)
        archive.extractall(root.parent / ".restore", filter="data")
    restored = root.parent / ".restore" / "media"
    if root.exists():
        _replace_tree(root, restored)
    elif restored.exists():
        restored.rename(root)
    (root.parent / ".restore").exists() and _remove(root.parent / ".restore")
    return manifest


def _replace_tree(root: Path, restored: Path) -> None:
    old = root.with_name(root.name + ".before-restore")
    _remove(old)
    root.rename(old)
    if restored.exists():
        restored.rename(root)
    else:
        root.mkdir()
    _remove(old)


def _remove(path: Path) -> None:
    import shutil

    if path.exists():
        shutil.rmtree(path)
