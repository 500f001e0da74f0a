from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "liangfa.evaluation"
    label = "evaluation"
    verbose_name = "执法质量考评"

    def ready(self):
        from liangfa.evaluation.reporting import evaluations_section
        from liangfa.reports.annual import register_section

        register_section("evaluations", "行政执法考评", 30, evaluations_section)
