from django.apps import AppConfig


class TransfersConfig(AppConfig):
    name = "liangfa.transfers"
    label = "transfers"
    verbose_name = "案件移送"
