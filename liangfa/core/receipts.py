"""查阅回执: a read of another organ's records lands on the owner's receipt list; this is that list."""

from liangfa.core.models import AuditEntry

READ = "case.read"


def receipts_for(agency_id: int | None):
    """Reads of this organ's records by other organs, newest first."""
    if agency_id is None:
        return AuditEntry.objects.none()
    return (AuditEntry.objects.filter(owner_agency_id=agency_id, action=READ).exclude(agency_id=agency_id)
            .order_by("-id"))
