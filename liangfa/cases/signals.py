"""What cases tells the apps above it, without importing them (they connect in their AppConfig.ready)."""

from django.dispatch import Signal

# A case file went to the police (kwargs: case_id, now). Screening closes the case's open clues.
case_transferred = Signal()
