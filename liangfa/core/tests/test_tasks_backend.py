import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from liangfa.screening.tasks import screen_related

pytestmark = pytest.mark.django_db(transaction=True)
COMPARED = [f.attname for f in DBTaskResult._meta.local_concrete_fields if f.attname not in ("id", "enqueued_at")]


def test_a_task_queued_by_our_backend_is_the_row_the_stock_backend_writes_and_the_worker_runs_it(settings):
    settings.TASKS = {"default": {"BACKEND": "liangfa.core.tasks_backend.DatabaseBackend"}}
    ours = screen_related.enqueue([3, 5])
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    stock = screen_related.enqueue([3, 5])
    rows = {str(row.id): row for row in DBTaskResult.objects.all()}
    assert [getattr(rows[ours.id], n) for n in COMPARED] == [getattr(rows[stock.id], n) for n in COMPARED]
    assert rows[ours.id].status == "READY" and rows[ours.id].args_kwargs == {"args": [[3, 5]], "kwargs": {}}
    settings.TASKS = {"default": {"BACKEND": "liangfa.core.tasks_backend.DatabaseBackend"}}
    call_command("db_worker", batch=True, verbosity=0)
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
