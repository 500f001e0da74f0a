from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "liangfa.decisions"
    label = "decisions"
    verbose_name = "重大行政决策"

    def ready(self):
        from liangfa.decisions.reporting import decisions_section
        from liangfa.reports.annual import register_section

        register_section("decisions", "重大行政决策", 100, decisions_section)
