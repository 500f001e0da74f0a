"""The `liangfa` console command: a friendly face on Django's manage.py.

    liangfa run                      serve http://127.0.0.1:8000 with one background worker
    liangfa worker                   run the background worker (django-tasks database backend)
    liangfa demo [--if-empty]        build the demo region and print its logins
    liangfa import cases FILE --agency CODE [--dry-run] [--skip-invalid] [--format json]
    liangfa import template [--format csv|xlsx] [--output FILE]
    liangfa audit verify             check the audit hash chain, its signed checkpoints and case contents
    liangfa audit checkpoint         append a signed checkpoint of the chain's head (daily)
    liangfa backup / restore         database and uploaded files with a SHA-256 manifest
    liangfa <any manage.py command>  e.g. migrate, createsuperuser, shell
"""

import os
import signal
import subprocess
import sys
import threading

# Two-word commands map onto one management command each.
SUBCOMMANDS = {
    ("import", "cases"): "import_cases",
    ("import", "template"): "import_template",
}
ALIASES = {
    "worker": "db_worker",
}


def translate(argv: list[str]) -> list[str]:
    """Turn `liangfa import cases X` into the management command `import_cases X`."""
    if len(argv) >= 2 and (argv[0], argv[1]) in SUBCOMMANDS:
        return [SUBCOMMANDS[(argv[0], argv[1])], *argv[2:]]
    if argv and argv[0] == "import":
        return ["import_cases", *argv[1:]] if argv[1:] else ["help", "import_cases"]
    if argv and argv[0] in ALIASES:
        return [ALIASES[argv[0]], *argv[1:]]
    return argv


def run_server(args: list[str]) -> int:
    """Serve the site and keep one worker alive beside it for background work."""
    from django.core.management import call_command

    addr = args[0] if args else os.environ.get("LIANGFA_ADDR", "127.0.0.1:8000")
    call_command("demo_logins")
    worker = subprocess.Popen([sys.executable, "-m", "liangfa.cli", "worker"], preexec_fn=_die_with_parent)
    # Stopped by a signal (kill, systemd, a closed terminal), the server leaves through `finally` too.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _leave)
    stop = threading.Event()
    threading.Thread(target=_tick_every, args=(stop, int(os.environ.get("CLOCK_TICK_SECONDS", "300"))),
                     daemon=True).start()
    threading.Thread(target=_checkpoint_daily, args=(stop,), daemon=True).start()
    try:
        call_command("runserver", addr, use_reloader=False)
    finally:
        stop.set()
        worker.terminate()
        worker.wait(timeout=10)
    return 0


def _leave(signum, frame):
    raise SystemExit(0)


def _die_with_parent() -> None:
    """Linux: the worker gets SIGTERM when `liangfa run` ends in any way, even by SIGKILL."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # elsewhere `finally` in run_server stops it


def _tick_every(stop, seconds: int) -> None:
    """Queue the clock tick for the worker every few minutes (production: a timer runs `liangfa clock tick`)."""
    from liangfa.clock.tasks import clock_tick  # models load only once main() set Django up

    while not stop.wait(seconds):
        clock_tick.enqueue()


def _checkpoint_daily(stop) -> None:
    """Anchor the audit chain outside the database at start and every day (production: a daily timer
    runs `liangfa audit checkpoint`)."""
    from django.db import connection

    from liangfa.core.integrity import write_checkpoint

    while True:
        try:
            write_checkpoint()
        except Exception as exc:  # a full disk must not stop the server; the next day tries again
            print(f"审计检查点写入失败：{exc}", file=sys.stderr)
        finally:
            connection.close()
        if stop.wait(24 * 3600):
            return


def main(argv: list[str] | None = None, raw: bool = False) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liangfa.settings")
    argv = list(sys.argv if argv is None else argv)
    prog, args = argv[0], argv[1:]
    if not raw:
        args = translate(args)
    import django
    from django.core.management import execute_from_command_line

    if args and args[0] == "run":
        django.setup()
        return run_server(args[1:])
    try:
        execute_from_command_line([prog, *args])
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
