"""A closed inspection says how it ended: published when (against the deadline), withdrawn, or
no response required; an open one keeps its countdown."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot import copy
from bot.domain.inspection import State
from bot.domain.outcome import Ending, Outcome, outcome, publishing_step
from bot.domain.steps import DEFAULT_STEPS

LONDON = ZoneInfo("Europe/London")
DEADLINE = date(2024, 6, 24)  # a Monday: published Tue 30 Apr 2024, statutory rule
OPCC_WEBSITE = "Response published on the OPCC website"


def confirmed(on: datetime) -> dict[str, datetime]:
    """Every default step confirmed at ``on``, the OPCC website step too."""
    return {step: on for step in DEFAULT_STEPS}


def ended(state: State, done: dict[str, datetime]) -> Outcome | None:
    return outcome(state, steps=DEFAULT_STEPS, done=done, deadline=DEADLINE, tz=LONDON)


def test_the_publishing_step_is_the_first_after_sign_off_that_says_publish() -> None:
    assert publishing_step(DEFAULT_STEPS) == OPCC_WEBSITE
    assert publishing_step(["Signed off", "Sent to panel", "Put on the website"]) == (
        "Put on the website"  # no step says so: the last one, which completes the inspection
    )
    assert publishing_step(["Signed off for publishing", "Emailed"]) == "Emailed"
    assert publishing_step(["PCC response signed off"]) == "PCC response signed off"


@pytest.mark.parametrize(
    ("published", "days_early", "words"),
    [
        (date(2024, 6, 18), 6, "Response published Tue 18 Jun 2024 — 6 days before the deadline"),
        (date(2024, 6, 23), 1, "Response published Sun 23 Jun 2024 — 1 day before the deadline"),
        (date(2024, 6, 24), 0, "Response published Mon 24 Jun 2024 — on the deadline day"),
        (date(2024, 6, 25), -1, "Response published Tue 25 Jun 2024 — 1 day after the deadline"),
        (date(2024, 6, 27), -3, "Response published Thu 27 Jun 2024 — 3 days after the deadline"),
    ],
)
def test_a_complete_inspection_was_published_on_its_publishing_steps_day(
    published: date, days_early: int, words: str
) -> None:
    done = confirmed(datetime(2024, 6, 1, 10, tzinfo=UTC))
    done[OPCC_WEBSITE] = datetime(published.year, published.month, published.day, 11, tzinfo=UTC)
    result = ended(State.COMPLETE, done)
    assert result == Outcome(Ending.PUBLISHED, published, days_early)
    assert copy.outcome_published(result.published, result.days_early) == words


def test_the_day_is_the_offices_not_utcs() -> None:
    # 23:30 UTC on the deadline day is already the next day in London (BST).
    done = confirmed(datetime(2024, 6, 1, 10, tzinfo=UTC))
    done[OPCC_WEBSITE] = datetime(2024, 6, 24, 23, 30, tzinfo=UTC)
    assert ended(State.COMPLETE, done) == Outcome(Ending.PUBLISHED, date(2024, 6, 25), -1)


def test_the_monitoring_portal_step_after_it_does_not_move_the_date() -> None:
    done = confirmed(datetime(2024, 6, 18, 9, tzinfo=UTC))
    done[DEFAULT_STEPS[-1]] = datetime(2024, 7, 30, 9, tzinfo=UTC)
    assert ended(State.COMPLETE, done) == Outcome(Ending.PUBLISHED, date(2024, 6, 18), 6)


def test_an_undone_publishing_step_leaves_the_inspection_open_with_its_countdown() -> None:
    done = confirmed(datetime(2024, 6, 18, 9, tzinfo=UTC))
    del done[DEFAULT_STEPS[-1]], done[OPCC_WEBSITE]  # undone, the later one first
    assert ended(State.PUBLISHING, done) is None


def test_a_publishing_step_confirmed_again_counts_from_its_new_day() -> None:
    done = confirmed(datetime(2024, 6, 18, 9, tzinfo=UTC))
    done[OPCC_WEBSITE] = done[DEFAULT_STEPS[-1]] = datetime(2024, 6, 26, 9, tzinfo=UTC)
    assert ended(State.COMPLETE, done) == Outcome(Ending.PUBLISHED, date(2024, 6, 26), -2)


def test_completed_under_an_earlier_list_of_steps_the_last_confirmation_counts() -> None:
    done = {
        "Signed off": datetime(2024, 6, 10, 9, tzinfo=UTC),
        "On the website": datetime(2024, 6, 20, 9, tzinfo=UTC),
    }
    assert ended(State.COMPLETE, done) == Outcome(Ending.PUBLISHED, date(2024, 6, 20), 4)


def test_withdrawn_and_not_required_say_so_without_a_date() -> None:
    assert ended(State.WITHDRAWN, {}) == Outcome(Ending.WITHDRAWN)
    assert ended(State.NOT_REQUIRED, {}) == Outcome(Ending.NOT_REQUIRED)


@pytest.mark.parametrize("state", [s for s in State if s.is_open])
def test_an_open_inspection_has_no_outcome_yet(state: State) -> None:
    assert ended(state, confirmed(datetime(2024, 6, 18, 9, tzinfo=UTC))) is None
