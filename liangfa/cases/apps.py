from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "liangfa.cases"
    label = "cases"
    verbose_name = "行政处罚案件"

    def ready(self):
        from liangfa.cases.digest import check_case_digests
        from liangfa.core.integrity import register_content_check

        register_content_check(check_case_digests)
        from liangfa.cases.models import PenaltyCase
        from liangfa.cases.services import visible_cases
        from liangfa.clock.subjects import register

        register(PenaltyCase, visible_cases)  # a deadline links its case only for those who may open it
