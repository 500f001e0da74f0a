from django.apps import AppConfig


class CooperationConfig(AppConfig):
    name = "liangfa.cooperation"
    label = "cooperation"
    verbose_name = "协作配合"
