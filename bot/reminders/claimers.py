"""Who holds a claim on a reminder, and whether that process is still alive."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.services import claimer_dead as dead
from bot.services import claimer_id
from storage.reminders import Logged

__all__ = ["STALE_AFTER", "claimer_id", "dead", "held"]

STALE_AFTER = timedelta(minutes=10)  # a claim this old belongs to a process that stopped


def held(row: Logged, now: datetime) -> bool:
    """A claim that a live process is working on right now."""
    return (
        not row.sent
        and row.claimed_by is not None
        and row.claimed_at is not None
        and row.claimed_at >= now - STALE_AFTER
        and not dead(row.claimed_by)
    )
