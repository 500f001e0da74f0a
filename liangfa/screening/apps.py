from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ScreeningConfig(AppConfig):
    name = "liangfa.screening"
    label = "screening"
    verbose_name = "线索发现"

    def ready(self):
        from liangfa.cases.filters import CLUE_STATES
        from liangfa.cases.signals import case_transferred, cases_imported, cases_reread, text_value_checked
        from liangfa.parties.signals import parties_linked
        from liangfa.screening.choices import OPEN, ClueStatus
        from liangfa.screening.models import CatalogueEntry, RuleSet
        from liangfa.screening.services import (
            forget_rules,
            on_cases_imported,
            on_cases_imported_link,
            on_cases_reread,
            on_parties_linked,
            on_text_value_checked,
            on_transfer_sent,
        )

        CLUE_STATES.update(open=sorted(OPEN), any=sorted(set(ClueStatus.values) - {ClueStatus.OBSOLETE}))
        case_transferred.connect(on_transfer_sent, dispatch_uid="close-clues-on-transfer")
        parties_linked.connect(on_parties_linked, dispatch_uid="screen-linked-parties")
        cases_imported.connect(on_cases_imported, dispatch_uid="screen-imported-cases")
        cases_reread.connect(on_cases_reread, dispatch_uid="screen-reread-cases")
        text_value_checked.connect(on_text_value_checked, dispatch_uid="screen-checked-text-value")
        cases_imported.connect(on_cases_imported_link, dispatch_uid="propose-links-on-import")
        from liangfa.screening.networks import on_cases_imported_network

        cases_imported.connect(on_cases_imported_network, dispatch_uid="network-clues-on-import")
        for model in (CatalogueEntry, RuleSet):
            post_save.connect(forget_rules, sender=model, dispatch_uid=f"forget-rules-{model.__name__}")
            post_delete.connect(forget_rules, sender=model, dispatch_uid=f"forget-rules-del-{model.__name__}")
