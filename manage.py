#!/usr/bin/env python
"""Django's manage.py; the `liangfa` console command wraps it."""

import sys

from liangfa.cli import main

if __name__ == "__main__":
    sys.exit(main(["manage.py", *sys.argv[1:]], raw=True))
