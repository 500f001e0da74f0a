"""CaseKind ids for pairs of 违法行为类型 and 处罚依据: found, or added when new."""

from liangfa.cases.models import CaseKind


def kind_ids(pairs) -> dict[tuple[str, str], int]:
    """The kind of each (violation_type, legal_basis) pair, adding the new ones. Called inside the
    writer's transaction, so a rolled-back import leaves no kind behind; two imports adding the same
    kind at once both end with the one row (the digest is unique)."""
    wanted = {pair: CaseKind.digest_of(*pair) for pair in set(pairs)}
    found = dict(CaseKind.objects.filter(digest__in=wanted.values()).values_list("digest", "id"))
    missing = [CaseKind(violation_type=vt, legal_basis=lb, digest=digest)
               for (vt, lb), digest in wanted.items() if digest not in found]
    if missing:
        CaseKind.objects.bulk_create(missing, ignore_conflicts=True)
        found = dict(CaseKind.objects.filter(digest__in=wanted.values()).values_list("digest", "id"))
    return {pair: found[digest] for pair, digest in wanted.items()}
