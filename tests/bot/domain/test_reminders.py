"""PRODUCT.md §2 and §7: working days, and which nudge is due when."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.inspection import State
from bot.domain.reminders import is_working_day, missing, nudge_due, urgency

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


def test_overdue_nudges_go_out_every_day_including_weekends() -> None:
    assert due(-2, date(2024, 12, 28)) == "overdue:7:2024-12-28"
    assert due(-2, date(2024, 12, 28), {"overdue:7:2024-12-28"}) is None
    assert due(-3, date(2024, 12, 29), {"overdue:7:2024-12-28"}) == "overdue:7:2024-12-29"


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
