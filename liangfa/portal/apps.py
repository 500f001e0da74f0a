from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "liangfa.portal"
    verbose_name = "执法公开与群众服务"

    def ready(self):
        # Decided cases join the publication queue; a changed published case is published again.
        from liangfa.cases.signals import cases_imported
        from liangfa.portal.publication import on_cases_imported

        cases_imported.connect(on_cases_imported, dispatch_uid="portal.publication")

        from liangfa.portal.reporting import disclosure_section
        from liangfa.reports.annual import register_section

        register_section("disclosure", "执法公开和公众反馈", 70, disclosure_section)
