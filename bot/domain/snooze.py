"""Snoozing an inspection's nudges (docs/rules.md#r15). Plain values in, plain out.

* ``until`` is the last quiet day, inclusive: snoozed until Tue 2 Jul means no nudge on any
  day up to and including Tue 2 Jul; they resume on Wed 3 Jul. So "1 day" quiets tomorrow, and
  a date of today (or earlier) would quiet nothing: it is refused.
* The deadline-day nudge always goes out. A snooze of the countdown ends at the latest on the
  day before the deadline: a later date is clamped to it, and the person is told.
* Once the deadline has passed, only an approver may snooze (the overdue nudges); such a
  snooze is not clamped. A countdown snooze never silences an overdue nudge, even if the
  deadline is later corrected to an earlier date.
* A later snooze replaces an earlier one.
* An item's snooze (the nudges about its target date) is only checked to end after today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bot import copy
from bot.domain.errors import S55Error

CHOICES = (1, 3, 7)  # the menu's choices, in days from today


class SnoozeRefused(S55Error):
    """This snooze cannot be stored as asked; nothing is changed."""


@dataclass(frozen=True)
class Snooze:
    """A stored snooze: the last quiet day, and whether it was made for the overdue nudges."""

    until: date
    overdue: bool


@dataclass(frozen=True)
class Decided:
    """What a request to snooze stores: ``asked`` is the date asked for, ``snooze.until``
    the one stored (earlier when clamped to the day before the deadline)."""

    snooze: Snooze
    asked: date

    @property
    def clamped(self) -> bool:
        return self.snooze.until != self.asked


def chosen_date(today: date, days: int) -> date:
    """The last quiet day for a menu choice; a choice the menu does not offer is refused."""
    if days not in CHOICES:
        raise SnoozeRefused(copy.BUTTON_NOT_UNDERSTOOD)
    return today + timedelta(days=days)


def decide(*, today: date, asked: date, deadline: date, approver: bool, reference: str) -> Decided:
    """The snooze to store for ``asked`` (the last quiet day chosen), or SnoozeRefused."""
    check_after_today(today=today, asked=asked)
    if today > deadline:
        if not approver:
            raise SnoozeRefused(copy.snooze_overdue_approvers_only(reference))
        return Decided(Snooze(until=asked, overdue=True), asked)
    last_quiet = deadline - timedelta(days=1)  # the deadline-day nudge always goes out
    if last_quiet <= today:
        raise SnoozeRefused(copy.snooze_too_near_deadline(reference, deadline))
    return Decided(Snooze(until=min(asked, last_quiet), overdue=False), asked)


def check_after_today(*, today: date, asked: date) -> date:
    """A snooze's last quiet day must be after today, or it would quiet nothing. An item's
    snooze (its target-date nudges) has only this rule: it has no deadline-day nudge."""
    if asked <= today:
        raise SnoozeRefused(copy.snooze_date_not_after_today(asked))
    if asked == date.max:  # the day the nudges resume would be in no calendar
        raise SnoozeRefused(copy.snooze_date_too_far(asked))
    return asked


def holds(snooze: Snooze | None, *, today: date, left: int) -> bool:
    """Whether a nudge due today (``left`` days before the deadline) waits for the snooze."""
    if snooze is None or today > snooze.until or left == 0:
        return False
    return snooze.overdue if left < 0 else True


def active(snooze: Snooze | None, *, today: date) -> Snooze | None:
    """The snooze if it still quiets today or a later day."""
    return snooze if snooze is not None and snooze.until >= today else None
