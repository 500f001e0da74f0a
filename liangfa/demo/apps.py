from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo municipality (焦作市): `liangfa demo` builds it, `liangfa run` prints its logins."""

    name = "liangfa.demo"
    verbose_name = "演示区域"
