"""gunicorn settings for production: `gunicorn liangfa.wsgi:application -c python:liangfa.gunicorn_conf`.

Threaded workers (gthread): a page mostly waits on the database, so threads let one process serve
several requests at once; 50 connections no longer queue behind 2 processes. Each thread holds its own
database connection (PostgreSQL: workers × threads connections)."""

import os

bind = os.environ.get("LIANGFA_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "8"))
timeout = 60
keepalive = 5
accesslog = os.environ.get("ACCESS_LOG") or None
