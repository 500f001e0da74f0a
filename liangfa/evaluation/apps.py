from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "liangfa.evaluation"
    label = "evaluation"
    verbose_name = "执法质量考评"
