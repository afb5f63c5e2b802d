"""Where an inspection stands, as plain values: shown by the digest, nudges and Home tab."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.domain.reminders import Missing


@dataclass(frozen=True)
class Progress:
    reference: str
    title: str
    card_url: str | None
    left: int
    deadline: date
    state: str
    missing: Missing
    notes: tuple[str, ...] = ()  # a date already missed: "CC comments 3 days late"
    snoozed_until: date | None = None  # the last quiet day of a snooze still in force
