"""Walk the running site as each demo persona in Chromium and keep a screenshot of every page.

    make run &                                   # or any server with the demo region loaded
    .venv/bin/python scripts/walk.py [--base http://127.0.0.1:8000] [--persona scjg_zf ...] [--cap 60]

Screenshots land in var/walk/<persona>/; what an official should not meet (500s, English words, raw keys,
downloads without a Chinese file name) is printed, one line each, and the exit status is 1 if anything was."""

import argparse
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liangfa.settings")
os.environ.setdefault("SECRET_KEY", "walk-script-reads-no-secret")


def main() -> int:
    import django

    django.setup()
    from playwright.sync_api import sync_playwright

    from liangfa.agencies.passwords import DEMO_PASSWORD
    from liangfa.demo.builder import PEOPLE
    from liangfa.walk import CHROMIUM_ARGS, proper_nouns, walk

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--persona", nargs="*", default=[p[0] for p in PEOPLE])
    parser.add_argument("--cap", type=int, default=60, help="pages per persona")
    parser.add_argument("--out", default=str(ROOT / "var" / "walk"))
    parser.add_argument("--no-shots", action="store_true", help="check only, keep no screenshots")
    args = parser.parse_args()
    out = Path(args.out)
    findings, names = 0, proper_nouns()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                    headless=True, args=CHROMIUM_ARGS)
        for username in args.persona:
            shutil.rmtree(out / username, ignore_errors=True)
            context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
            result = walk(context, args.base.rstrip("/"), username, DEMO_PASSWORD, cap=args.cap, names=names, shots=None if args.no_shots else out / username)
            context.close()
            print(f"== {username}: {len(result.pages)} 页，{len(result.downloads)} 个下载，{len(result.findings)} 处问题")
            for finding in result.findings:
                print("  ", finding)
            findings += len(result.findings)
        browser.close()
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
