"""The persona walk (issue 16): a small demo region, each demo persona logs in through the login page and
follows every link of the menu and of each page it reaches in Chromium. No page may give a 500 or a dead
link, show an English word outside a short list of proper nouns, or show a raw key (rule id, status code,
None, file path); every download has a Chinese file name. `scripts/walk.py` walks a running site the same
way and keeps screenshots."""

import os
import shutil

import pytest

from liangfa.desk.tests.walk_known import KNOWN
from liangfa.walk import CHROMIUM_ARGS, proper_nouns, walk

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium is not installed (.ci/run installs it)")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop in this thread


@pytest.mark.django_db(transaction=True)
def test_every_persona_walks_the_site_without_a_dead_end(live_server, settings, tmp_path):
    from playwright.sync_api import sync_playwright

    from liangfa.agencies.passwords import DEMO_PASSWORD
    from liangfa.demo.builder import PEOPLE, build

    settings.MEDIA_ROOT = tmp_path / "media"
    build(cases=80, out=lambda *_: None)
    names = proper_nouns()
    findings, walked = [], {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for username, *_ in PEOPLE:
            context = browser.new_context(locale="zh-CN")
            result = walk(context, live_server.url, username, DEMO_PASSWORD, cap=45, names=names, allowed=KNOWN)
            context.close()
            walked[username] = len(result.pages)
            findings += [str(f).replace(live_server.url, "") for f in result.findings]
        browser.close()
    assert all(n >= 8 for n in walked.values()), walked  # every persona reached the pages of its menu
    assert not findings, "\n".join(findings)
