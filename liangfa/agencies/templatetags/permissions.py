"""`{% may "may_approve_transfer" transfer as can_approve %}`: templates ask the same named checks as the services."""

from django import template

from liangfa.agencies import permissions

register = template.Library()
CHECK_PREFIXES = ("may_", "is_", "reads_")


@register.simple_tag(takes_context=True)
def may(context, check: str, *objects) -> bool:
    if not check.startswith(CHECK_PREFIXES):
        raise template.TemplateSyntaxError(f"{check} is not a named check of agencies.permissions")
    return getattr(permissions, check)(context["request"].user, *objects)
