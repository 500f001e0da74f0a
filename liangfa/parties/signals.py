"""What parties tells the apps above it (they connect in their AppConfig.ready)."""

from django.dispatch import Signal

# Two parties were confirmed to be the same (kwargs: party_ids, now). Screening judges their cases again.
parties_linked = Signal()
