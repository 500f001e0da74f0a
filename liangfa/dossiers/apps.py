from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "liangfa.dossiers"
    label = "dossiers"
    verbose_name = "调阅案卷"

    def ready(self):
        from liangfa.cases.timeline import register
        from liangfa.clock.subjects import register as register_subject
        from liangfa.dossiers.models import DossierRequest
        from liangfa.dossiers.services import visible_dossiers
        from liangfa.dossiers.timeline import dossier_steps

        register(dossier_steps)
        register_subject(DossierRequest, visible_dossiers)
