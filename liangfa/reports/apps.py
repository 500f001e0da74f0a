from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "liangfa.reports"
    label = "reports"
    verbose_name = "情况通报"

    def ready(self):
        from liangfa.reports import checks  # noqa: F401  (registers the deploy check)
