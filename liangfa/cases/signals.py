"""What cases tells the apps above it, without importing them (they connect in their AppConfig.ready)."""

from django.dispatch import Signal

# A case file went to the police (kwargs: case_id, now). Screening closes the case's open clues.
case_transferred = Signal()

# An import committed new or changed cases (kwargs: case_ids, batch_id, many, now: when the import ran). Screening judges them:
# a few at once, a big file in the background.
cases_imported = Signal()

# A person confirmed or corrected a value read from a case's 违法事实 (kwargs: case_id, now). Screening
# judges the case again.
text_value_checked = Signal()

# The texts of these cases were read again (kwargs: case_ids, now). Screening judges them again.
cases_reread = Signal()
