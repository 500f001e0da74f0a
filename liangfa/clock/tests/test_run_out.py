"""run_out_before: a list asks which starts have run out a period by now, with the holiday rule applied."""

from datetime import datetime

from liangfa.clock.counting import due_for, run_out_before
from liangfa.clock.rules import TZ, get_rule


def at(text):
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def test_thirty_days_ending_in_national_day_run_on_to_the_first_working_day(db):
    """三十日 (AGY_CLUE_CHECK): started 09-01, the last day 10-01 falls in the 2025 National Day holiday and
    moves to 10-09 (《刑事诉讼法》第一百零五条); started 08-31, it ended on 09-30. On 10-09 morning only the
    second has run out."""
    rule = get_rule("AGY_CLUE_CHECK")
    now = at("2025-10-09T10:00")
    cutoff = run_out_before(rule, now)
    assert cutoff == at("2025-09-01T00:00")
    assert due_for(rule, at("2025-08-31T18:00")).at < now <= due_for(rule, at("2025-09-01T08:00")).at
    assert run_out_before(get_rule("AGY_DELIVER"), now) == at("2025-10-08T10:00")
