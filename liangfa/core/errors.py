class DomainError(Exception):
    """A refused action, with a message in Chinese that the user can act on."""


class PermissionDenied(DomainError):
    """The actor may not do this (wrong agency or role)."""
