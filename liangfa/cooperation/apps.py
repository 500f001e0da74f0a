from django.apps import AppConfig


class CooperationConfig(AppConfig):
    name = "liangfa.cooperation"
    label = "cooperation"
    verbose_name = "协作配合"

    def ready(self):
        from liangfa.cases.timeline import register
        from liangfa.clock.subjects import register as register_subject
        from liangfa.cooperation.models import Consultation
        from liangfa.cooperation.services import visible_consultations
        from liangfa.cooperation.timeline import cooperation_steps

        register(cooperation_steps)
        register_subject(Consultation, visible_consultations)
