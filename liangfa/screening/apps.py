from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "liangfa.screening"
    label = "screening"
    verbose_name = "线索发现"
