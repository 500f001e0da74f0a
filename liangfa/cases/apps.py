from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "liangfa.cases"
    label = "cases"
    verbose_name = "行政处罚案件"
