"""`liangfa run` stops its worker however it is stopped (Ctrl-C, kill, a closed terminal)."""

import os
import signal
import subprocess

import pytest

from liangfa import cli


@pytest.fixture
def restore_signals():
    saved = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP)}
    yield
    for signum, handler in saved.items():
        signal.signal(signum, handler)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_stopped_server_stops_its_worker(monkeypatch, restore_signals, signum):
    started, real_popen = [], subprocess.Popen

    def popen(args, **kwargs):  # the worker, played by a process that would outlive us
        started.append(real_popen(["sleep", "60"], **kwargs))
        return started[-1]

    def call_command(name, *args, **kwargs):
        if name == "runserver":
            assert args == ("0.0.0.0:8080",)
            os.kill(os.getpid(), signum)

    monkeypatch.setattr(cli.subprocess, "Popen", popen)
    monkeypatch.setattr("django.core.management.call_command", call_command)
    monkeypatch.setenv("CLOCK_TICK_SECONDS", "3600")
    with pytest.raises(SystemExit):
        cli.run_server(["0.0.0.0:8080"])
    assert started[0].poll() is not None  # terminated and reaped, not left running
