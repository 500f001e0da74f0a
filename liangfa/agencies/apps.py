from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "liangfa.agencies"
    label = "agencies"
    verbose_name = "机关与人员"

    def ready(self):
        from liangfa.agencies import auth  # noqa: F401  (lockout and login audit receivers)
