from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "liangfa.supervision"
    label = "supervision"
    verbose_name = "检察监督"

    def ready(self):
        from liangfa.clock.subjects import register
        from liangfa.supervision.models import DelayInquiry, Opinion, Supervision
        from liangfa.supervision.services import visible_inquiries, visible_opinions, visible_supervisions

        register(Supervision, visible_supervisions)
        register(DelayInquiry, visible_inquiries)
        register(Opinion, visible_opinions)
