"""docs/rules.md#r2: the Section 55 deadline, the CC due date and days left, with real dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

import pytest

from bot.domain.deadlines import (
    DeadlineRule,
    cc_days_late,
    compute_deadlines,
    days_left,
    local_today,
    logged_late,
)

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("published", "statutory", "plus56"),
    [
        # The 2024 seed: published Tue 30 Apr 2024; the seed itself quotes 25 June (plus56).
        (date(2024, 4, 30), date(2024, 6, 24), date(2024, 6, 25)),
        # The 2019 seed: published 24 October 2019.
        (date(2019, 10, 24), date(2019, 12, 18), date(2019, 12, 19)),
        # The 56-day period ends on a leap day, and one begins on a leap day.
        (date(2024, 1, 5), date(2024, 2, 29), date(2024, 3, 1)),
        (date(2024, 2, 29), date(2024, 4, 24), date(2024, 4, 25)),
        # Across a year end.
        (date(2024, 11, 15), date(2025, 1, 9), date(2025, 1, 10)),
    ],
)
def test_deadline_is_the_last_day_of_the_56_day_period_beginning_on_publication(
    published: date, statutory: date, plus56: date
) -> None:
    assert (
        compute_deadlines(published, rule=DeadlineRule.STATUTORY, cc_days=28).statutory == statutory
    )
    assert compute_deadlines(published, rule=DeadlineRule.PLUS56, cc_days=28).statutory == plus56


def test_the_statutory_period_counts_the_publication_day_as_day_one() -> None:
    published = date(2024, 4, 30)
    deadline = compute_deadlines(published, rule=DeadlineRule.STATUTORY, cc_days=28).statutory
    assert (deadline - published).days + 1 == 56


def test_deadlines_are_calendar_days_even_on_weekends_and_bank_holidays() -> None:
    # 55 days after Fri 1 Nov 2024 is Thu 26 Dec 2024 (Boxing Day): it is not moved.
    deadlines = compute_deadlines(date(2024, 11, 1), rule=DeadlineRule.STATUTORY, cc_days=28)
    assert deadlines.statutory == date(2024, 12, 26)
    # CC due 28 days after Sat 2 Mar 2024 is a Saturday too.
    assert compute_deadlines(
        date(2024, 3, 2), rule=DeadlineRule.STATUTORY, cc_days=28
    ).cc_due == date(2024, 3, 30)


def test_chief_constable_comments_are_due_cc_days_after_publication() -> None:
    deadlines = compute_deadlines(date(2024, 4, 30), rule=DeadlineRule.STATUTORY, cc_days=28)
    assert deadlines.cc_due == date(2024, 5, 28)
    assert compute_deadlines(
        date(2024, 4, 30), rule=DeadlineRule.STATUTORY, cc_days=21
    ).cc_due == date(2024, 5, 21)
    assert deadlines.rule is DeadlineRule.STATUTORY


def test_days_left_is_zero_on_the_deadline_day_and_negative_when_overdue() -> None:
    deadline = date(2024, 6, 24)
    assert days_left(deadline, now=datetime(2024, 6, 23, 12, tzinfo=UTC), tz=LONDON) == 1
    assert days_left(deadline, now=datetime(2024, 6, 24, 12, tzinfo=UTC), tz=LONDON) == 0
    assert days_left(deadline, now=datetime(2024, 6, 26, 12, tzinfo=UTC), tz=LONDON) == -2


def test_days_left_follows_london_across_the_spring_clock_change() -> None:
    # Clocks went forward at 01:00 UTC on Sun 31 Mar 2024. 23:30 UTC that day is 00:30 BST
    # on Mon 1 Apr in London: the office's day has already changed though UTC's has not.
    deadline = date(2024, 4, 1)
    assert days_left(deadline, now=datetime(2024, 3, 30, 23, 30, tzinfo=UTC), tz=LONDON) == 2
    assert days_left(deadline, now=datetime(2024, 3, 31, 22, 59, tzinfo=UTC), tz=LONDON) == 1
    assert days_left(deadline, now=datetime(2024, 3, 31, 23, 30, tzinfo=UTC), tz=LONDON) == 0


def test_days_left_follows_london_across_the_autumn_clock_change() -> None:
    # Clocks went back at 01:00 UTC on Sun 27 Oct 2024. 23:30 UTC on Sat 26 Oct is 00:30 BST on
    # Sun 27 Oct in London; 23:30 UTC on Sun 27 Oct is 23:30 GMT, still Sun 27 Oct.
    deadline = date(2024, 10, 28)
    assert days_left(deadline, now=datetime(2024, 10, 26, 23, 30, tzinfo=UTC), tz=LONDON) == 1
    assert days_left(deadline, now=datetime(2024, 10, 27, 23, 30, tzinfo=UTC), tz=LONDON) == 1
    assert days_left(deadline, now=datetime(2024, 10, 28, 0, 30, tzinfo=UTC), tz=LONDON) == 0


def test_local_today_refuses_a_naive_time() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        local_today(datetime(2024, 1, 1), LONDON)


def test_cc_comments_are_late_in_calendar_days_once_their_date_has_passed() -> None:
    due = date(2024, 5, 28)
    late = partial(cc_days_late, due, cc_confirmed=False, is_open=True)
    assert [late(today=due + timedelta(days=n)) for n in (-1, 0, 1, 3)] == [0, 0, 1, 3]


def test_cc_comments_are_not_late_once_confirmed_nor_for_a_closed_inspection() -> None:
    today = date(2024, 6, 5)
    assert cc_days_late(date(2024, 5, 28), today=today, cc_confirmed=True, is_open=True) == 0
    assert cc_days_late(date(2024, 5, 28), today=today, cc_confirmed=False, is_open=False) == 0


def test_an_inspection_logged_after_its_deadline_is_logged_late() -> None:
    deadline = date(2024, 6, 24)
    assert logged_late(logged_on=date(2026, 11, 25), deadline=deadline)
    assert logged_late(logged_on=date(2024, 6, 25), deadline=deadline)
    assert not logged_late(logged_on=deadline, deadline=deadline)  # the last day is in time
