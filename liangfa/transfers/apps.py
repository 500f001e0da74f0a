from django.apps import AppConfig


class TransfersConfig(AppConfig):
    name = "liangfa.transfers"
    label = "transfers"
    verbose_name = "案件移送"

    def ready(self):
        from liangfa.cases.timeline import register
        from liangfa.clock.subjects import register as register_subject
        from liangfa.transfers.models import ReverseTransfer, Transfer
        from liangfa.transfers.reverse import visible_reverse
        from liangfa.transfers.services import visible_transfers
        from liangfa.transfers.timeline import transfer_steps

        register(transfer_steps)
        register_subject(Transfer, visible_transfers)
        register_subject(ReverseTransfer, visible_reverse)
