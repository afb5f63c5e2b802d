"""When the bot reminds people, and of what (docs/rules.md#r2,
docs/rules.md#r14). Plain values in, plain out.

* The daily digest goes out on working days in England and Wales (no weekends, no bank
  holidays).
* Countdown nudges go out in the card's thread when the days left reach one of the nudge days
  (28, 14, 7, 3, 1, 0 by default). A countdown day that falls on a weekend or bank holiday is
  nudged on the next working day instead, unless a later threshold has been reached by then:
  only the most urgent nudge due is sent, so a missed day never becomes a flood.
* The deadline-day nudge goes out whatever the day, and so do overdue nudges, until the
  inspection is complete (or recorded as needing no response). Overdue nudges back off: daily
  for the first week after the deadline (S55_OVERDUE_DAILY_DAYS), then one a week
  (S55_OVERDUE_EVERY_DAYS), keyed by the first day of the period so that a pass anywhere in it
  sends that period's one nudge. The first week is counted from the deadline, never from the
  logging: an inspection logged after its first week overdue (the backlog) gets one nudge on
  the day it is logged and then one a week from that day.
* The Chief Constable's comments date (s.55(4), ``cc_due``): while the CC response is not
  confirmed, the CC contact is nudged on the working day S55_CC_NUDGE_WORKING_DAYS working days
  before it and on the day itself. A date on a weekend or bank holiday is nudged on the working
  day before it; both nudges falling on one day make one (the day's). Missed nudges are caught
  up on a later working day of their window, never after the date: then the card and digest say
  "CC comments N days late" instead. Keyed by the date, so a corrected date is reminded anew.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import holidays

from bot.domain.inspection import State


@cache
def _bank_holidays(year: int) -> frozenset[date]:
    """The year's bank holidays as plain dates: a look-up in the library's own mapping
    converts its key each time, which a pass over thousands of inspections paid per nudge."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))  # England and Wales


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


@dataclass(frozen=True)
class Nudge:
    """A nudge due today: ``threshold`` is the nudge day reached (None when overdue)."""

    key: str
    threshold: int | None
    covers: tuple[str, ...] = ()  # earlier thresholds this one stands in for


def digest_key(day: date) -> str:
    return f"digest:{day.isoformat()}"


def nudge_due(
    inspection_id: int,
    *,
    left: int,
    today: date,
    nudge_days: Sequence[int],
    already: Collection[str],
) -> Nudge | None:
    """The one nudge an open inspection should get today, if any; ``already`` holds the keys
    of reminders claimed before (sent or in hand)."""
    if left < 0:
        return None  # overdue: see overdue_due
    reached = [days for days in sorted(nudge_days) if days >= left]
    pending = [days for days in reached if _threshold_key(inspection_id, days) not in already]
    if not pending or min(pending) != min(reached):
        return None  # nothing new, or the most urgent one reached was already sent
    if left > 0 and not is_working_day(today):
        return None  # the countdown waits for a working day; the deadline day does not
    keys = [_threshold_key(inspection_id, days) for days in pending]
    return Nudge(key=keys[0], threshold=pending[0], covers=tuple(keys[1:]))


def _threshold_key(inspection_id: int, days: int) -> str:
    return f"nudge:{inspection_id}:{days}"


@dataclass(frozen=True)
class Backoff:
    """Overdue nudges: one a day for ``daily_days`` days after the deadline, then one every
    ``every_days`` days."""

    daily_days: int = 7
    every_days: int = 7


def overdue_due(
    inspection_id: int,
    *,
    deadline: date,
    logged_on: date,
    today: date,
    backoff: Backoff,
    already: Collection[str],
) -> Nudge | None:
    """The overdue nudge an open inspection should get today, if any (whatever the day)."""
    start = overdue_period(deadline=deadline, logged_on=logged_on, today=today, backoff=backoff)
    if start is None:
        return None
    key = f"overdue:{inspection_id}:{start.isoformat()}"
    return None if key in already else Nudge(key=key, threshold=None)


def overdue_period(
    *, deadline: date, logged_on: date, today: date, backoff: Backoff
) -> date | None:
    """The first day of the overdue period ``today`` falls in (None when not overdue): each
    day of the first ``daily_days``, then runs of ``every_days`` from the later of the end of
    those days and the day the inspection was logged."""
    if today <= deadline or today < logged_on:
        return None
    weekly_from = deadline + timedelta(days=1 + backoff.daily_days)
    if today < weekly_from:
        return today
    anchor = max(weekly_from, logged_on)
    periods = (today - anchor).days // backoff.every_days
    return anchor + timedelta(days=periods * backoff.every_days)


@dataclass(frozen=True)
class CcNudge:
    """A nudge to the CC contact about the CC comments date: before it, or on the day."""

    key: str
    on_the_day: bool


def cc_nudge_due(
    inspection_id: int,
    *,
    cc_due: date,
    today: date,
    working_days_before: int,
    already: Collection[str],
) -> CcNudge | None:
    """The CC-date nudge due today, if any; the caller asks only while the CC response is
    not confirmed and the inspection is open."""
    if today > cc_due or not is_working_day(today):
        return None
    on_the_day = today >= cc_nudge_day(cc_due)
    if not on_the_day and today < working_days_earlier(cc_due, working_days_before):
        return None
    key = f"cc:{inspection_id}:{cc_due.isoformat()}:{'day' if on_the_day else 'before'}"
    return None if key in already else CcNudge(key=key, on_the_day=on_the_day)


def cc_nudge_day(cc_due: date) -> date:
    """The day of the on-the-day nudge: the date itself, or the working day before it."""
    return cc_due if is_working_day(cc_due) else working_days_earlier(cc_due, 1)


def working_days_earlier(day: date, count: int) -> date:
    """The working day ``count`` working days before ``day`` (``day`` itself for 0)."""
    while count > 0:
        day -= timedelta(days=1)
        count -= is_working_day(day)
    return day


@dataclass(frozen=True)
class Missing:
    """What an open inspection still needs, in the order it is needed."""

    items: tuple[str, ...]
    who: str  # "cc", "pcc" or "approvers": whose turn it is


def missing(
    state: State,
    *,
    responses: Collection[str],
    steps: Sequence[str],
    done: Collection[str],
    sections: Collection[str] = (),
) -> Missing:
    """``sections``: those not yet recorded that sign-off needs (recommendations, AFIs)."""
    items: list[str] = []
    if "cc" not in responses:
        items.append("cc")
    if "pcc" not in responses:
        items.append("pcc")
    items += [f"section:{section}" for section in sections]
    items += [f"step:{step}" for step in steps if step not in done]
    return Missing(items=tuple(items), who=turn_of(state))


def turn_of(state: State) -> str:
    """Whose turn an open inspection in ``state`` waits for: "cc", "pcc" or "approvers"."""
    if state is State.AWAITING_CC:
        return "cc"
    if state is State.AWAITING_PCC:
        return "pcc"
    return "approvers"


URGENCY = ((0, "red"), (3, "red"), (7, "orange"), (14, "yellow"))


def urgency(left: int) -> str:
    """Colour for the digest: red when 3 days or fewer are left (or overdue), then orange,
    yellow, green."""
    for limit, colour in URGENCY:
        if left <= limit:
            return colour
    return "green"
