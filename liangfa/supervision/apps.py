from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "liangfa.supervision"
    label = "supervision"
    verbose_name = "检察监督"
