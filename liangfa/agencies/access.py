"""Who may see which agency's data: the one place that decides it.

- Supervising bodies (检察院, 监察机关, 司法行政机关, 人民政府) and superusers see every agency;
  each read of another agency's case file is logged (see cases.services.read_case).
- Everyone else sees their own agency and the agencies below it.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from liangfa.agencies.models import Agency

ALL = None  # marker: no agency restriction

# Within one request, each organ's subtree is looked up once: the home page asked 13 times, 情况通报 17.
# Set by AgencyTreeMiddleware for the length of a request; emptied when any organ is saved or deleted.
_subtrees: ContextVar[dict | None] = ContextVar("agency_subtrees", default=None)


@contextmanager
def subtrees_remembered():
    token = _subtrees.set({})
    try:
        yield
    finally:
        _subtrees.reset(token)


def forget_subtrees(**_) -> None:
    memo = _subtrees.get()
    if memo:
        memo.clear()


def visible_agency_ids(user) -> set[int] | None:
    """Agency ids the user may see, or ALL (None) for supervising bodies."""
    if not user or not user.is_authenticated:
        return set()
    if user.is_superuser:
        return ALL
    if user.agency_id is None:
        return set()
    agency = user.agency
    if agency.is_supervising:
        return ALL
    return _agency_subtree(agency.id)


def _agency_subtree(agency_id: int) -> set[int]:
    """The agency and every agency below it (one query per level; hierarchies are shallow).
    Not cached across requests: a changed parent must take effect at once, in every process."""
    memo = _subtrees.get()
    if memo is not None and agency_id in memo:
        return set(memo[agency_id])
    ids = {agency_id}
    frontier = [agency_id]
    while frontier:
        frontier = list(Agency.objects.filter(parent_id__in=frontier).exclude(id__in=ids).values_list("id", flat=True))
        ids.update(frontier)
    if memo is not None:
        memo[agency_id] = frozenset(ids)
    return ids


def scope_by_agency(queryset, user, field: str = "agency_id"):
    """Filter any queryset with an agency column to what the user may see."""
    ids = visible_agency_ids(user)
    if ids is ALL:
        return queryset
    return queryset.filter(**{f"{field}__in": ids})

