"""django_tasks_db's database backend, with the INSERT of a queued task written once per process.

Each incremental screening queues a task for the worker (the party's other cases); the ORM's save of a
15-column row (building the INSERT statement each time) cost more than the database's insert and was a
third of the whole screening. The row written is the one `DBTaskResult.objects.create` writes: each
field's own pre_save and get_db_prep_save, in the model's column order. Everything else (validation,
the task_enqueued signal, the worker) is django_tasks_db's, and the model's pre_save/post_save
signals are sent as save() sends them (django_tasks_db sets run_after in one).
"""

from django.db import connections, router
from django.db.models.signals import post_save, pre_save
from django_tasks_db.backend import DatabaseBackend as StockBackend
from django_tasks_db.compat import normalize_json


class DatabaseBackend(StockBackend):
    _insert_sql: dict[str, str] = {}

    def _task_to_db_task(self, task, args, kwargs):
        from django_tasks_db.models import DBTaskResult

        row = DBTaskResult(id=self._get_id(), args_kwargs=normalize_json({"args": args, "kwargs": kwargs}),
                           priority=task.priority, task_path=task.module_path, queue_name=task.queue_name,
                           run_after=task.run_after, backend_name=self.alias)
        using = router.db_for_write(DBTaskResult)
        connection = connections[using]
        fields = DBTaskResult._meta.local_concrete_fields
        sql = self._insert_sql.get(using)
        if sql is None:
            quote = connection.ops.quote_name
            sql = self._insert_sql[using] = "INSERT INTO {} ({}) VALUES ({})".format(
                quote(DBTaskResult._meta.db_table), ", ".join(quote(f.column) for f in fields),
                ", ".join(["%s"] * len(fields)))
        pre_save.send(sender=DBTaskResult, instance=row, raw=False, using=using, update_fields=None)
        params = [f.get_db_prep_save(f.pre_save(row, True), connection=connection) for f in fields]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
        row._state.adding, row._state.db = False, using
        post_save.send(sender=DBTaskResult, instance=row, created=True, update_fields=None, raw=False, using=using)
        return row
