"""Background work for cases (django-tasks; `liangfa worker` runs it)."""

from django_tasks import task

from liangfa.cases.models import ImportBatch


@task()
def run_import_batch(batch_id: int) -> dict:
    from liangfa.cases.services import run_batch

    batch = ImportBatch.objects.select_related("agency", "uploaded_by").get(pk=batch_id)
    return run_batch(batch).as_dict()
