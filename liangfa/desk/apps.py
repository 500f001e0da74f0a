from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The top floor: pages that gather from every domain (home page, 待办, read receipts)."""

    name = "liangfa.desk"
    verbose_name = "工作台"

    def ready(self):
        from liangfa.cases.signals import cases_imported
        from liangfa.desk.tally import forget

        cases_imported.connect(forget, dispatch_uid="desk.tally")
