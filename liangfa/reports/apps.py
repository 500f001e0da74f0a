from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "liangfa.reports"
    label = "reports"
    verbose_name = "情况通报"
