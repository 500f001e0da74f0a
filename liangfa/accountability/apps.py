from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "liangfa.accountability"
    label = "accountability"
    verbose_name = "以罚代刑责任追究"
