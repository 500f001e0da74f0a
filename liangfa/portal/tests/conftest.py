import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _uploads_outside_web_root(settings, tmp_path):
    settings.PORTAL_UPLOAD_ROOT = tmp_path / "portal_uploads"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The per-address counters live in the cache, which outlives a test (another test's failed look-ups
    from 127.0.0.1 must not block this one's)."""
    cache.clear()
    yield
    cache.clear()
