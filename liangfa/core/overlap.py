"""Write one batch on a second database connection while the caller prepares the next.

A batch job (screening a region) spends part of each batch waiting for the server to take its rows. On
PostgreSQL a second connection can write batch k while the engine judges batch k+1. That connection sees
only committed rows, so the overlap is used only when the caller holds no transaction of its own (a
command or a task, not a test or a request); otherwise each batch is written in line, as before. At most
one batch waits, so memory stays that of two batches; the writer's error reaches the caller at the next
batch or at the end.
"""

from concurrent.futures import Future, ThreadPoolExecutor

from django.conf import settings
from django.db import connection, connections, transaction


class BatchWriter:
    def __init__(self, overlap: bool):
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="liangfa-writer") if overlap else None
        self._pending: Future | None = None
        self.overlapping = overlap

    @classmethod
    def here(cls) -> "BatchWriter":
        overlap = (settings.OVERLAP_WRITES and connection.vendor == "postgresql"
                   and not connection.in_atomic_block)
        return cls(overlap)

    def write(self, store, *args, **kwargs) -> None:
        """store(*args, **kwargs) in its own transaction: now, or on the writer's connection."""
        if self._pool is None:
            with transaction.atomic():
                store(*args, **kwargs)
            return
        self.wait()
        self._pending = self._pool.submit(_atomically, store, args, kwargs)

    def wait(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def close(self) -> None:
        if self._pool is None:
            return
        try:
            self.wait()
        finally:
            self._pool.submit(connections.close_all).result()  # the writer thread's own connection
            self._pool.shutdown()
            self._pool = None


def _atomically(store, args, kwargs) -> None:
    with transaction.atomic():
        store(*args, **kwargs)
