"""When the bot reminds people, and of what (PRODUCT.md §2, §7). Plain values in, plain out.

* The daily digest goes out on working days in England and Wales (no weekends, no bank
  holidays).
* Countdown nudges go out in the card's thread when the days left reach one of the nudge days
  (28, 14, 7, 3, 1, 0 by default). A countdown day that falls on a weekend or bank holiday is
  nudged on the next working day instead, unless a later threshold has been reached by then:
  only the most urgent nudge due is sent, so a missed day never becomes a flood.
* The deadline-day nudge goes out whatever the day, and so does an overdue nudge, every day
  until the inspection is complete (or recorded as needing no response).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

import holidays

from bot.domain.inspection import State


@cache
def _bank_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv="ENG", years=year)  # England and Wales


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
        key = f"overdue:{inspection_id}:{today.isoformat()}"
        return None if key in already else Nudge(key=key, threshold=None)
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
    if state is State.AWAITING_CC:
        who = "cc"
    elif state is State.AWAITING_PCC:
        who = "pcc"
    else:
        who = "approvers"
    return Missing(items=tuple(items), who=who)


URGENCY = ((0, "red"), (3, "red"), (7, "orange"), (14, "yellow"))


def urgency(left: int) -> str:
    """Colour for the digest: red when 3 days or fewer are left (or overdue), then orange,
    yellow, green."""
    for limit, colour in URGENCY:
        if left <= limit:
            return colour
    return "green"
