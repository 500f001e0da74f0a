"""How fast this machine is today, printed by every bench script next to its figures.

Goals stated in milliseconds or requests per second move with the machine (the same code measured 2.3×
slower on one day than the day before): these two references let figures from different days be
compared. Not a test.
"""

import os
import time

PYTHON_LOOP = 2_000_000


def python_ms() -> float:
    """A fixed pure-Python workload (dict and arithmetic), best of three."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        seen: dict[int, int] = {}
        for i in range(PYTHON_LOOP):
            seen[i & 0xFFFF] = seen.get(i & 0xFFFF, 0) + i
        best = min(best, time.perf_counter() - started)
    return best * 1000


def pg_round_trip_ms(url: str, count: int = 2000) -> float | None:
    """Median time of `SELECT 1` over one connection (what each query of an incremental screening pays)."""
    try:
        import psycopg
    except ImportError:
        return None
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            times = []
            for _ in range(count):
                started = time.perf_counter()
                conn.execute("SELECT 1").fetchone()
                times.append(time.perf_counter() - started)
    except psycopg.OperationalError:
        return None
    times.sort()
    return times[len(times) // 2] * 1000


def describe(pg_url: str | None = None) -> str:
    text = f"# machine: {os.cpu_count()} cores; Python reference loop {python_ms():.0f} ms"
    if pg_url:
        trip = pg_round_trip_ms(pg_url)
        text += f"; PostgreSQL SELECT 1 round trip {trip:.3f} ms" if trip is not None else "; PostgreSQL unreachable"
    return text
