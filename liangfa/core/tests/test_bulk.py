"""allocate_ids: the ids it hands out are the sequence's own, whether or not they come out contiguous."""

import pytest
from django.db import connection

from liangfa.agencies.models import Agency
from liangfa.core.bulk import allocate_ids

# On SQLite the ids are max + 1… of the table, reserved by inserting them in the same transaction.
pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "postgresql", reason="sequences are PostgreSQL's")]


def test_draws_do_not_overlap():
    first = allocate_ids(Agency, 3)
    second = allocate_ids(Agency, 2)
    assert len(set(first + second)) == 5
    assert min(second) > max(first)
    assert allocate_ids(Agency, 0) == []


def test_a_sequence_that_skips_values_is_drawn_row_by_row():
    # Another session drawing meanwhile looks, from here, like a sequence that skips values.
    with connection.cursor() as cursor:
        cursor.execute("ALTER SEQUENCE agencies_agency_id_seq INCREMENT BY 2")
    ids = allocate_ids(Agency, 4)
    assert len(set(ids)) == 4
    assert [b - a for a, b in zip(ids, ids[1:], strict=False)] == [2, 2, 2]
    Agency.objects.bulk_create([Agency(id=pk, code=f"a{pk}", name=f"局{pk}", kind="administrative", level="city",
                                       region_code="410800", field="market") for pk in ids])
    assert Agency.objects.filter(id__in=ids).count() == 4
