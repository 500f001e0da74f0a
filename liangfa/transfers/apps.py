from django.apps import AppConfig


class TransfersConfig(AppConfig):
    name = "liangfa.transfers"
    label = "transfers"
    verbose_name = "案件移送"

    def ready(self):
        from liangfa.cases.timeline import register
        from liangfa.transfers.timeline import transfer_steps

        register(transfer_steps)
