"""Where an inspection stands, as plain values: shown by the digest, nudges and Home tab."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.domain.reminders import Missing


@dataclass(frozen=True)
class NextStep:
    """The office-use step an approver confirms next, as the card's button names it."""

    inspection_id: int
    step: str
    first: bool  # the sign-off itself


@dataclass(frozen=True)
class Standing:
    """Where one open (or recently completed) inspection stands, as the digest, its nudges and the
    Home tab all say it."""

    reference: str
    title: str
    card_url: str | None
    left: int
    deadline: date
    state: str
    missing: Missing
    notes: tuple[str, ...] = ()  # a date already missed: "CC comments 3 days late"
    snoozed_until: date | None = None  # the last quiet day of a snooze still in force
    next_step: NextStep | None = None  # while sign-off or publishing waits for approvers
    outcome: str | None = None  # how a closed one ended: "Published Tue 18 Jun 2024 — …"
