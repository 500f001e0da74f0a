from django.apps import AppConfig


class ClockConfig(AppConfig):
    name = "liangfa.clock"
    label = "clock"
    verbose_name = "法定期限"
