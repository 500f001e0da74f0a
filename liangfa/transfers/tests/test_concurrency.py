"""Two people acting on the same transfer at once: one wins, the other gets a clear error."""

import threading

import pytest
from django.db import connection, connections

from liangfa.core.errors import DomainError
from liangfa.testing import build_world, ready_transfer
from liangfa.transfers import services
from liangfa.transfers.models import Transfer, TransferEvent

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


@pytest.mark.django_db(transaction=True)
def test_two_heads_approve_at_once():
    world = build_world()
    second_head = type(world.market_head).objects.get(pk=world.market_head.pk)
    transfer = ready_transfer(world, until="pending_approval")
    barrier = threading.Barrier(2)
    outcomes = []

    def act(actor, refuse):
        try:
            barrier.wait()
            if refuse:
                services.refuse_transfer(transfer, actor=actor, reason="证据不足")
            else:
                services.approve_transfer(transfer, actor=actor)
            outcomes.append("ok")
        except DomainError as exc:
            outcomes.append(str(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(world.market_head, False)),
               threading.Thread(target=act, args=(second_head, True))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1
    error = next(o for o in outcomes if o != "ok")
    assert error.startswith("移送当前为“")
    final = Transfer.objects.get(pk=transfer.pk)
    assert final.status in ("approved", "refused")
    decisions = TransferEvent.objects.filter(transfer=transfer, to_status__in=["approved", "refused"])
    assert decisions.count() == 1  # nothing half-done
