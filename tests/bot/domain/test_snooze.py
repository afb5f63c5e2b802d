"""docs/rules.md#r15, snooze: until when a snooze quiets the nudges, what it may never silence, and
who may snooze the overdue ones. The last tests live through whole calendars, day by day."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest

from bot import copy
from bot.domain.reminders import Backoff, is_working_day, nudge_due, overdue_due, overdue_period
from bot.domain.snooze import (
    Decided,
    Snooze,
    SnoozeRefused,
    active,
    chosen_date,
    decide,
    holds,
)

NUDGE_DAYS = (28, 14, 7, 3, 1, 0)
DEADLINE = date(2024, 6, 24)  # a Monday


def ask(today: date, asked: date, *, approver: bool = False) -> Decided:
    return decide(today=today, asked=asked, deadline=DEADLINE, approver=approver, reference="S55-3")


def test_the_menu_offers_a_day_three_days_and_a_week_from_today() -> None:
    today = date(2024, 6, 3)
    assert [chosen_date(today, days) for days in (1, 3, 7)] == [
        date(2024, 6, 4),
        date(2024, 6, 6),
        date(2024, 6, 10),
    ]


@pytest.mark.parametrize("days", [0, 2, 30, -1])
def test_a_choice_the_menu_does_not_offer_is_refused(days: int) -> None:
    with pytest.raises(SnoozeRefused) as refused:
        chosen_date(date(2024, 6, 3), days)
    assert refused.value.reply == copy.BUTTON_NOT_UNDERSTOOD


def test_a_snooze_is_stored_until_the_day_asked_for() -> None:
    decided = ask(date(2024, 6, 3), date(2024, 6, 10))
    assert decided.snooze == Snooze(until=date(2024, 6, 10), overdue=False)
    assert not decided.clamped


@pytest.mark.parametrize("asked", [date(2024, 6, 3), date(2024, 6, 2), date(2023, 1, 1)])
def test_a_date_of_today_or_earlier_is_refused(asked: date) -> None:
    with pytest.raises(SnoozeRefused) as refused:
        ask(date(2024, 6, 3), asked)
    assert "Pick a day after today" in refused.value.reply
    assert "Nothing was changed" in refused.value.reply


def test_a_snooze_past_the_deadline_is_clamped_to_the_day_before_it() -> None:
    decided = ask(date(2024, 6, 3), date(2024, 7, 30))
    assert decided.snooze.until == date(2024, 6, 23)
    assert decided.clamped and decided.asked == date(2024, 7, 30)


@pytest.mark.parametrize("today", [date(2024, 6, 23), DEADLINE])
def test_no_snooze_is_left_the_day_before_the_deadline_or_on_it(today: date) -> None:
    with pytest.raises(SnoozeRefused) as refused:
        ask(today, today + timedelta(days=3), approver=True)
    assert "deadline-day nudge always goes out" in refused.value.reply


def test_only_an_approver_may_snooze_once_the_deadline_has_passed() -> None:
    overdue_day = DEADLINE + timedelta(days=1)
    with pytest.raises(SnoozeRefused) as refused:
        ask(overdue_day, overdue_day + timedelta(days=7))
    assert refused.value.reply == copy.snooze_overdue_approvers_only("S55-3")
    decided = ask(overdue_day, overdue_day + timedelta(days=7), approver=True)
    assert decided.snooze == Snooze(until=date(2024, 7, 2), overdue=True)


def test_an_approvers_overdue_snooze_until_the_calendars_last_day_is_refused() -> None:
    """Not clamped, it reached "they resume on" a day after 31 Dec 9999: a crash."""
    with pytest.raises(SnoozeRefused) as refused:
        ask(DEADLINE + timedelta(days=1), date.max, approver=True)
    assert refused.value.reply == copy.snooze_date_too_far(date.max)
    assert ask(DEADLINE + timedelta(days=1), date(9999, 12, 30), approver=True).snooze.overdue


def test_the_deadline_day_nudge_is_never_held() -> None:
    snooze = Snooze(until=DEADLINE + timedelta(days=10), overdue=True)
    assert holds(snooze, today=DEADLINE, left=0) is False


def test_a_countdown_snooze_never_holds_an_overdue_nudge() -> None:
    # The deadline was corrected to an earlier date after the snooze was made.
    snooze = Snooze(until=date(2024, 6, 20), overdue=False)
    assert holds(snooze, today=date(2024, 6, 18), left=-2) is False
    assert holds(snooze, today=date(2024, 6, 18), left=3) is True


def test_the_until_day_itself_is_quiet_and_the_next_is_not() -> None:
    snooze = Snooze(until=date(2024, 6, 10), overdue=False)
    assert holds(snooze, today=date(2024, 6, 10), left=14) is True
    assert holds(snooze, today=date(2024, 6, 11), left=13) is False
    assert active(snooze, today=date(2024, 6, 10)) == snooze
    assert active(snooze, today=date(2024, 6, 11)) is None


# --- whole calendars ------------------------------------------------------------------------


@dataclass
class Life:
    """One inspection's nudges, day by day, the way the reminder pass sends them: a snooze
    holds the day's nudge before anything is claimed; otherwise the one nudge due is sent and
    the earlier thresholds it covers are recorded with it."""

    published: date
    deadline: date = field(init=False)
    already: set[str] = field(default_factory=set)
    sent: dict[date, list[str]] = field(default_factory=dict)
    held: list[date] = field(default_factory=list)
    snooze: Snooze | None = None

    def __post_init__(self) -> None:
        self.deadline = self.published + timedelta(days=55)

    def day(self, today: date) -> None:
        left = (self.deadline - today).days
        if holds(self.snooze, today=today, left=left):
            self.held.append(today)
            return
        due = (
            nudge_due(1, left=left, today=today, nudge_days=NUDGE_DAYS, already=self.already)
            if left >= 0
            else overdue_due(
                1,
                deadline=self.deadline,
                logged_on=self.published,
                today=today,
                backoff=BACKOFF,
                already=self.already,
            )
        )
        if due is not None:
            self.sent.setdefault(today, []).append(due.key)
            self.already |= {due.key, *due.covers}

    def ask(self, today: date, asked: date, *, approver: bool) -> None:
        try:
            decided = decide(
                today=today, asked=asked, deadline=self.deadline, approver=approver, reference="S"
            )
        except SnoozeRefused:
            return
        self.snooze = decided.snooze  # a later snooze replaces an earlier one


def live(published: date, snoozes: dict[date, tuple[date, bool]], days_after: int = 21) -> Life:
    """``snoozes``: on which day someone asks for which last quiet day (and is an approver)."""
    life = Life(published)
    today = published
    while today <= life.deadline + timedelta(days=days_after):
        life.day(today)  # the morning's pass
        if today in snoozes:  # someone snoozes from that nudge later in the day
            asked, approver = snoozes[today]
            life.ask(today, asked, approver=approver)
        today += timedelta(days=1)
    return life


def every_day_of(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=n) for n in range((date(year + 1, 1, 1) - first).days)]


def a_snooze_for(published: date) -> dict[date, tuple[date, bool]]:
    """A different snooze for each publication day: made on a day from publication to two
    weeks overdue, for 1, 3 or 7 days or a date up to six weeks on, by an approver or not."""
    seed = published.toordinal()
    made = published + timedelta(days=seed * 7 % 70)
    length = (1, 3, 7, 2 + seed % 40)[seed % 4]
    return {made: (made + timedelta(days=length), seed % 3 == 0)}


BACKOFF = Backoff()  # overdue: daily for a week, then weekly


def period_of(life: Life, day: date) -> date | None:
    return overdue_period(
        deadline=life.deadline, logged_on=life.published, today=day, backoff=BACKOFF
    )


CALENDAR = [day for year in (2024, 2025) for day in every_day_of(year)]


@pytest.mark.parametrize("year", [2024, 2025])
def test_over_a_year_each_threshold_is_nudged_at_most_once_and_never_twice_a_day(
    year: int,
) -> None:
    for published in every_day_of(year):
        life = live(published, a_snooze_for(published))
        keys = [key for day in life.sent.values() for key in day]
        assert len(keys) == len(set(keys)), published
        assert all(len(day) == 1 for day in life.sent.values()), published
        countdown = [key for key in keys if key.startswith("nudge:")]
        assert len(countdown) <= len(NUDGE_DAYS)
        # nothing lost either: by the deadline every threshold is sent or stood in for
        assert {f"nudge:1:{days}" for days in NUDGE_DAYS} <= life.already, published


@pytest.mark.parametrize("year", [2024, 2025])
def test_over_a_year_the_deadline_day_is_always_nudged_whatever_was_snoozed(year: int) -> None:
    for published in every_day_of(year):
        snoozes = a_snooze_for(published)
        # and someone tries to snooze right up to the deadline, and beyond, every few days
        for offset in range(0, 55, 5):
            snoozes.setdefault(published + timedelta(days=offset), (date(year + 2, 1, 1), True))
        life = live(published, snoozes)
        assert life.sent.get(life.deadline) == ["nudge:1:0"], published


@pytest.mark.parametrize("year", [2024, 2025])
def test_over_a_year_nothing_is_nudged_while_snoozed_and_one_nudge_follows(year: int) -> None:
    for published in every_day_of(year):
        snoozes = a_snooze_for(published)
        life = live(published, snoozes)
        [made] = snoozes
        if life.snooze is None:  # refused (too near the deadline, or overdue and no approver)
            assert life.held == []
            continue
        until = life.snooze.until
        assert all(made < day <= until for day in life.held), published
        assert not [day for day in life.sent if made < day <= until and day != life.deadline]
        if not life.snooze.overdue:  # a countdown snooze never runs past the deadline
            assert until < life.deadline
        after = [day for day in life.sent if until < day <= until + timedelta(days=3)]
        assert all(len(life.sent[day]) == 1 for day in after)


@pytest.mark.parametrize("year", [2024, 2025])
def test_over_a_year_overdue_nudges_are_held_only_by_an_approvers_snooze(year: int) -> None:
    for published in every_day_of(year):
        snoozes = a_snooze_for(published)
        life = live(published, snoozes)
        [made] = snoozes
        snooze = life.snooze
        overdue_days = [life.deadline + timedelta(days=n) for n in range(1, 22)]
        for day in overdue_days:
            quiet = day in life.held
            assert quiet == bool(snooze and snooze.overdue and made < day <= snooze.until)
            assert not (quiet and day in life.sent), (published, day)
        # each overdue period (a day in the first week, then a week) gets one nudge, on its
        # first day that no snooze holds, and none if a snooze holds all of it
        for start in sorted({period_of(life, day) for day in overdue_days}):
            days = [day for day in overdue_days if period_of(life, day) == start]
            sent = [day for day in days if day in life.sent]
            free = [day for day in days if day not in life.held]
            assert sent == free[:1], (published, start)


def test_a_snooze_over_a_countdown_day_on_a_bank_holiday_week_sends_one_nudge_after() -> None:
    # Published Fri 1 Nov 2024: deadline Thu 26 Dec (Boxing Day). The 7-day nudge (Thu 19 Dec)
    # is snoozed from Tue 17 Dec for a week, through Christmas Eve.
    life = live(date(2024, 11, 1), {date(2024, 12, 17): (date(2024, 12, 24), False)})
    assert life.snooze == Snooze(until=date(2024, 12, 24), overdue=False)
    sent = {day: keys for day, keys in life.sent.items() if day <= date(2024, 12, 26)}
    assert sent == {
        date(2024, 11, 28): ["nudge:1:28"],
        date(2024, 12, 12): ["nudge:1:14"],
        # Christmas Day is a bank holiday: the 7-, 3- and 1-day nudges that fell in or just
        # after the snooze are not sent as a flood; the deadline day stands in for them all.
        date(2024, 12, 26): ["nudge:1:0"],
    }
    assert not is_working_day(date(2024, 12, 25))
