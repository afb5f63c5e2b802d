"""Section 55 deadlines (docs/rules.md#r2).

s.55(5A) Police Act 1996: the PCC must publish "before the end of the period of 56 days beginning
with the day on which the report is published". The publication day is day 1, so the last day of
the period is ``published + 55 days``. Some offices quote ``published + 56``; that is a setting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum
from zoneinfo import ZoneInfo

STATUTORY_PERIOD_DAYS = 56


class DeadlineRule(StrEnum):
    STATUTORY = "statutory"
    PLUS56 = "plus56"

    @property
    def offset_days(self) -> int:
        return (
            STATUTORY_PERIOD_DAYS - 1 if self is DeadlineRule.STATUTORY else STATUTORY_PERIOD_DAYS
        )


@dataclass(frozen=True)
class Deadlines:
    rule: DeadlineRule
    cc_due: date
    statutory: date


def compute_deadlines(published: date, *, rule: DeadlineRule, cc_days: int) -> Deadlines:
    """Both deadlines for a report published on ``published`` (calendar days, no skipping)."""
    return Deadlines(
        rule=rule,
        cc_due=published + timedelta(days=cc_days),
        statutory=published + timedelta(days=rule.offset_days),
    )


def local_today(now: datetime, tz: tzinfo) -> date:
    """The calendar date in the office's time zone at the aware instant ``now``."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(tz).date()


def days_left(deadline: date, *, now: datetime, tz: ZoneInfo) -> int:
    """Calendar days from today (in ``tz``) to ``deadline``: 0 on the day, negative when overdue."""
    return (deadline - local_today(now, tz)).days


def cc_days_late(cc_due: date, *, today: date, cc_confirmed: bool, is_open: bool) -> int:
    """Calendar days the Chief Constable's comments are past their date (0 when not late): an
    open inspection whose CC response is not confirmed by the end of ``cc_due``."""
    if cc_confirmed or not is_open:
        return 0
    return max((today - cc_due).days, 0)


def logged_late(*, logged_on: date, deadline: date) -> bool:
    """Logged after its Section 55 deadline had passed (the backlog): said on its card."""
    return logged_on > deadline
