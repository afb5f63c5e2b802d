"""docs/rules.md#r2 and docs/rules.md#r14: working days, and which nudge is due when."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest

from bot.domain.inspection import State
from bot.domain.reminders import (
    Backoff,
    cc_nudge_due,
    is_working_day,
    missing,
    nudge_due,
    overdue_due,
    urgency,
)

NUDGE_DAYS = (28, 14, 7, 3, 1, 0)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2024, 12, 23), True),  # Monday
        (date(2024, 12, 25), False),  # Christmas Day
        (date(2024, 12, 26), False),  # Boxing Day
        (date(2024, 12, 28), False),  # Saturday
        (date(2024, 12, 29), False),  # Sunday
        (date(2025, 5, 5), False),  # Early May bank holiday
        (date(2025, 5, 6), True),
    ],
)
def test_working_days_are_weekdays_that_are_not_bank_holidays_in_england_and_wales(
    day: date, working: bool
) -> None:
    assert is_working_day(day) is working


def due(left: int, today: date, already: set[str] = frozenset()) -> str | None:  # type: ignore[assignment]
    nudge = nudge_due(7, left=left, today=today, nudge_days=NUDGE_DAYS, already=already)
    return nudge.key if nudge else None


def test_a_countdown_nudge_goes_out_when_the_days_left_reach_a_nudge_day() -> None:
    assert due(28, date(2024, 11, 28)) == "nudge:7:28"
    assert due(27, date(2024, 11, 29), {"nudge:7:28"}) is None
    assert due(14, date(2024, 12, 12), {"nudge:7:28"}) == "nudge:7:14"


def test_a_countdown_day_on_a_weekend_waits_for_the_next_working_day() -> None:
    assert due(7, date(2024, 12, 21), {"nudge:7:28", "nudge:7:14"}) is None  # Saturday
    assert due(5, date(2024, 12, 23), {"nudge:7:28", "nudge:7:14"}) == "nudge:7:7"  # Monday


def test_only_the_most_urgent_nudge_is_sent_and_it_covers_the_ones_missed() -> None:
    nudge = nudge_due(7, left=2, today=date(2024, 12, 24), nudge_days=NUDGE_DAYS, already=set())
    assert nudge.key == "nudge:7:3" and set(nudge.covers) == {
        "nudge:7:7",
        "nudge:7:14",
        "nudge:7:28",
    }


def test_the_deadline_day_nudge_goes_out_on_a_bank_holiday() -> None:
    assert (
        due(0, date(2024, 12, 26), {"nudge:7:28", "nudge:7:14", "nudge:7:7", "nudge:7:3"})
        == "nudge:7:0"
    )


def test_the_countdown_leaves_an_overdue_inspection_to_the_overdue_rule() -> None:
    assert due(-2, date(2024, 12, 28)) is None


DEADLINE = date(2024, 12, 26)  # Boxing Day
WEEKLY = Backoff(daily_days=7, every_days=7)  # the defaults


def overdue_days(
    *,
    logged_on: date,
    days: int,
    backoff: Backoff = WEEKLY,
    missed: set[date] = frozenset(),  # type: ignore[assignment]
    deadline: date = DEADLINE,
) -> list[date]:
    """Two passes on each of ``days`` days from the logging day (none on ``missed`` days): the
    days an overdue nudge goes out."""
    sent: set[str] = set()
    days_sent = []
    for offset in range(days):
        today = logged_on + timedelta(days=offset)
        for _ in range(2 if today not in missed else 0):
            nudge = overdue_due(
                7,
                deadline=deadline,
                logged_on=logged_on,
                today=today,
                backoff=backoff,
                already=sent,
            )
            if nudge:
                sent.add(nudge.key)
                days_sent.append(today)
    return days_sent


def test_overdue_nudges_go_out_daily_for_a_week_then_weekly_whatever_the_day() -> None:
    days = overdue_days(logged_on=date(2024, 11, 1), days=55 + 366)  # a year after the deadline
    first_week = [DEADLINE + timedelta(days=n) for n in range(1, 8)]
    assert days[:7] == first_week  # Fri 27 Dec to Thu 2 Jan, weekend and New Year's Day too
    assert days[7:10] == [date(2025, 1, 3), date(2025, 1, 10), date(2025, 1, 17)]
    assert all((b - a).days == 7 for a, b in pairwise(days[7:]))
    assert len(days) == 7 + 52  # 358 more days hold 52 weeks begun
    assert date(2024, 12, 26) not in days  # the deadline day is the countdown's


def test_a_backlog_inspection_gets_one_overdue_nudge_when_logged_then_one_a_week() -> None:
    # Published Tue 30 Apr 2024, deadline Mon 24 Jun 2024, logged 884 days later.
    logged_on, deadline = date(2026, 11, 25), date(2024, 6, 24)
    days = overdue_days(logged_on=logged_on, days=365, deadline=deadline)
    assert (logged_on - deadline).days == 884
    assert days[:3] == [logged_on, date(2026, 12, 2), date(2026, 12, 9)]
    assert len(days) == 53  # days 0, 7, …, 364
    assert (
        overdue_due(
            1,
            deadline=deadline,
            logged_on=logged_on,
            today=logged_on,
            backoff=WEEKLY,
            already=(),
        ).key
        == "overdue:1:2026-11-25"
    )


def test_one_logged_during_its_first_week_overdue_finishes_that_week_daily() -> None:
    days = overdue_days(logged_on=date(2024, 12, 30), days=14)  # 4 days overdue
    assert days == [
        date(2024, 12, 30),
        date(2024, 12, 31),
        date(2025, 1, 1),
        date(2025, 1, 2),
        date(2025, 1, 3),  # the week's end: weekly from here, as if logged in time
        date(2025, 1, 10),
    ]


def test_a_week_whose_first_day_was_missed_is_nudged_once_on_the_next_pass() -> None:
    missed = {date(2025, 1, 10), date(2025, 1, 11)}  # the process was down
    days = overdue_days(logged_on=date(2024, 11, 1), days=55 + 23, missed=missed)
    assert days[7:] == [date(2025, 1, 3), date(2025, 1, 12), date(2025, 1, 17)]


def test_the_back_off_is_configurable() -> None:
    every_day = overdue_days(logged_on=date(2024, 11, 1), days=85, backoff=Backoff(0, 1))
    assert len(every_day) == 85 - 56  # the old rule: every day
    fortnightly = overdue_days(logged_on=date(2024, 11, 1), days=85, backoff=Backoff(3, 14))
    assert fortnightly == [
        date(2024, 12, 27),
        date(2024, 12, 28),
        date(2024, 12, 29),
        date(2024, 12, 30),
        date(2025, 1, 13),
    ]


def cc_nudges(cc_due: date, *, before: int = 3, first: date | None = None) -> dict[str, date]:
    """Two passes a day from ``first`` (default a month before) to a week after ``cc_due``:
    the CC nudges' keys, each with the day it went out."""
    sent: dict[str, date] = {}
    today = first or cc_due - timedelta(days=30)
    while today <= cc_due + timedelta(days=7):
        for _ in range(2):
            nudge = cc_nudge_due(
                3, cc_due=cc_due, today=today, working_days_before=before, already=sent
            )
            if nudge:
                assert nudge.on_the_day is nudge.key.endswith(":day")
                sent[nudge.key] = today
        today += timedelta(days=1)
    return {key.rsplit(":", 1)[1]: day for key, day in sent.items()}


@pytest.mark.parametrize(
    ("cc_due", "before", "day"),
    [
        (date(2024, 11, 28), date(2024, 11, 25), date(2024, 11, 28)),  # Thu: the Monday before
        (date(2024, 11, 30), date(2024, 11, 27), date(2024, 11, 29)),  # Sat: Wed, and Fri
        (date(2024, 12, 25), date(2024, 12, 20), date(2024, 12, 24)),  # Christmas Day
        (date(2024, 12, 27), date(2024, 12, 20), date(2024, 12, 27)),  # after two bank holidays
        (date(2024, 4, 1), date(2024, 3, 26), date(2024, 3, 28)),  # Easter Monday
        (date(2024, 4, 2), date(2024, 3, 26), date(2024, 4, 2)),  # the Tuesday after Easter
    ],
)
def test_the_cc_contact_is_nudged_working_days_before_the_cc_date_and_on_it(
    cc_due: date, before: date, day: date
) -> None:
    assert cc_nudges(cc_due) == {"before": before, "day": day}


def test_cc_nudges_over_two_whole_years_fall_on_working_days_once_each() -> None:
    for offset in range(731):  # every CC date in 2024 and 2025, bank holidays included
        cc_due = date(2024, 1, 1) + timedelta(days=offset)
        earlier = [cc_due - timedelta(days=n) for n in range(1, 15)]
        working_before = [d for d in earlier if is_working_day(d)]  # newest first
        on_the_day = next(d for d in [cc_due, *earlier] if is_working_day(d))
        expected = {"day": on_the_day}
        if working_before[2] != on_the_day:
            expected["before"] = working_before[2]
        assert cc_nudges(cc_due) == expected, cc_due


def test_a_cc_date_already_near_when_logged_gets_its_nudge_at_once_and_none_once_passed() -> None:
    cc_due = date(2024, 11, 28)
    assert cc_nudges(cc_due, first=date(2024, 11, 26)) == {
        "before": date(2024, 11, 26),  # logged a day after the nudge was due
        "day": cc_due,
    }
    assert cc_nudges(cc_due, first=date(2024, 11, 29)) == {}


def test_both_cc_nudges_on_one_day_make_one() -> None:
    assert cc_nudges(date(2024, 11, 30), before=1) == {"day": date(2024, 11, 29)}  # a Saturday
    assert cc_nudges(date(2024, 11, 28), before=0) == {"day": date(2024, 11, 28)}


def test_a_cc_nudge_is_keyed_by_its_date_so_a_corrected_date_is_reminded_anew() -> None:
    today = date(2024, 11, 28)
    first = cc_nudge_due(3, cc_due=today, today=today, working_days_before=3, already=())
    assert first.key == "cc:3:2024-11-28:day"
    assert (
        cc_nudge_due(3, cc_due=today, today=today, working_days_before=3, already={first.key})
        is None
    )


def test_what_is_missing_and_whose_turn_it_is() -> None:
    steps = ("Signed off", "Published")
    assert missing(State.AWAITING_CC, responses=set(), steps=steps, done=set()).who == "cc"
    waiting = missing(State.AWAITING_SIGN_OFF, responses={"cc", "pcc"}, steps=steps, done=set())
    assert (waiting.items, waiting.who) == (("step:Signed off", "step:Published"), "approvers")


@pytest.mark.parametrize(
    ("left", "colour"), [(-1, "red"), (3, "red"), (7, "orange"), (14, "yellow"), (15, "green")]
)
def test_urgency_colours(left: int, colour: str) -> None:
    assert urgency(left) == colour
