from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "liangfa.agencies"
    label = "agencies"
    verbose_name = "机关与人员"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from liangfa.agencies import auth  # noqa: F401  (lockout and login audit receivers)
        from liangfa.agencies.access import forget_subtrees
        from liangfa.agencies.models import Agency

        # an organ moved in the hierarchy within a request: the rest of the request sees the move
        post_save.connect(forget_subtrees, sender=Agency, dispatch_uid="agencies.subtrees")
        post_delete.connect(forget_subtrees, sender=Agency, dispatch_uid="agencies.subtrees")
