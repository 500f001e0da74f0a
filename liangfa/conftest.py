"""Shared fixtures: a small region with one persona per agency role, plus an outsider."""

from pathlib import Path

import pytest

from liangfa.testing import World, build_world

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


@pytest.fixture(autouse=True)
def _fast_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    # a server run from this checkout writes its signed checkpoints to var/: a test must not verify against them
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit_checkpoints.jsonl"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()  # LocMemCache keeps its data in the module: a test must not read the last one's figures
    from liangfa.screening.services import forget_rules

    forget_rules()  # a rolled-back test sends no signal


@pytest.fixture(autouse=True, scope="session")
def _flushable_audit_table():
    """Tests that commit (live server, threads) end with a flush that deletes every row; on SQLite the
    audit table's trigger lets rows go only in maintenance (PostgreSQL's flush truncates). The tests of
    the guard itself switch it back on (`audit_guarded`)."""
    from liangfa.core.integrity import audit_maintenance

    with audit_maintenance():
        yield


@pytest.fixture(autouse=True, scope="session")
def _quiet_client_errors():
    """Django logs every 4xx answer as a warning that holds the request; pytest keeps each record of a test, so the
    fuzz's tens of thousands of refused requests (bodies of 100,000 characters) held gigabytes. A 500 still logs."""
    import logging

    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.fixture
def audit_guarded(monkeypatch):
    from liangfa.core import integrity

    monkeypatch.setattr(integrity, "_maintenance", False)


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def shared() -> Path:
    if not SHARED.exists():
        pytest.skip("../shared is not beside the checkout")
    return SHARED
