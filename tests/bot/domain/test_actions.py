"""An item's status, target date and RAG after the response, its updates checked field by field,
and when its owner is nudged about the target date (bot.domain.actions)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.actions import (
    ActionState,
    ActionStatus,
    Rag,
    Update,
    action_nudge_due,
    current,
    is_overdue,
    progress_problems,
    rag,
    revised,
    status_after_answer,
    status_history,
    stored_updates,
)
from bot.domain.answers import ItemResponse

TODAY = date(2025, 9, 16)
PUBLISHED = date(2025, 3, 4)
TARGET = date(2025, 9, 30)  # 14 days after TODAY
IN_PROGRESS = ActionState(ActionStatus.IN_PROGRESS, TARGET)


@pytest.mark.parametrize(
    ("response", "status"),
    [
        (ItemResponse.ACCEPTED, ActionStatus.NOT_STARTED),
        (ItemResponse.PARTIALLY_ACCEPTED, ActionStatus.NOT_STARTED),
        (ItemResponse.ALREADY_COMPLIES, ActionStatus.COMPLETE),
        (ItemResponse.NOT_ACCEPTED, ActionStatus.CLOSED),
    ],
)
def test_an_answered_item_starts_from_its_answer(response: ItemResponse, status: ActionStatus):
    assert status_after_answer(response) is status


def test_the_newest_update_counts_and_a_revised_target_stays_until_revised_again() -> None:
    updates = [
        Update(date(2025, 5, 1), ActionStatus.IN_PROGRESS),
        Update(date(2025, 6, 1), ActionStatus.IN_PROGRESS, target=date(2025, 12, 31)),
        Update(date(2025, 7, 1), ActionStatus.NOT_STARTED),
    ]
    assert current(ItemResponse.ACCEPTED, TARGET, updates) == ActionState(
        ActionStatus.NOT_STARTED, date(2025, 12, 31)
    )
    assert current(ItemResponse.ACCEPTED, TARGET, []) == ActionState(
        ActionStatus.NOT_STARTED, TARGET
    )


@pytest.mark.parametrize(
    ("status", "target", "expected"),
    [
        (ActionStatus.IN_PROGRESS, date(2025, 10, 1), Rag.GREEN),  # 15 days away
        (ActionStatus.IN_PROGRESS, TARGET, Rag.AMBER),  # exactly 14 days away
        (ActionStatus.NOT_STARTED, TODAY, Rag.AMBER),  # the target day itself
        (ActionStatus.NOT_STARTED, date(2025, 9, 15), Rag.RED),  # the day after the target
        (ActionStatus.IN_PROGRESS, None, Rag.AMBER),  # no target date: not on track
        (ActionStatus.COMPLETE, date(2020, 1, 1), Rag.GREEN),  # done, however late
        (ActionStatus.CLOSED, None, Rag.GREEN),
    ],
)
def test_rag_is_derived_from_the_status_and_the_target_date(
    status: ActionStatus, target: date | None, expected: Rag
) -> None:
    assert rag(status, target, today=TODAY, warning_days=14) is expected
    assert ActionState(status, target).rag(today=TODAY, warning_days=14) is expected


def test_an_open_action_is_overdue_only_from_the_day_after_its_target() -> None:
    assert not is_overdue(ActionStatus.IN_PROGRESS, TODAY, TODAY)
    assert is_overdue(ActionStatus.IN_PROGRESS, date(2025, 9, 15), TODAY)
    assert not is_overdue(ActionStatus.COMPLETE, date(2025, 9, 15), TODAY)
    assert not is_overdue(ActionStatus.NOT_STARTED, None, TODAY)


def problems(status: str | None, note: str = "", target: date | None = TARGET, **kw):
    return progress_problems(
        status, note, target, now=kw.get("now", IN_PROGRESS), published=PUBLISHED
    )


def test_an_update_that_changes_something_is_accepted() -> None:
    assert problems("complete") == {}
    assert problems("in_progress", note="Training plan agreed with the college.") == {}
    assert problems("in_progress", target=date(2025, 12, 31)) == {}
    assert problems("closed", note="Superseded by the national programme.") == {}


def test_an_update_must_choose_a_status() -> None:
    assert set(problems(None)) == {"status"}
    assert set(problems("finished")) == {"status"}


def test_closing_with_no_further_action_must_say_why() -> None:
    assert problems("closed", note="   ") == {"note": "Say why no further action will be taken."}


def test_a_note_too_long_is_refused() -> None:
    assert set(problems("in_progress", note="x" * 3001)) == {"note"}


def test_a_target_before_the_reports_publication_is_refused() -> None:
    assert problems("in_progress", target=date(2025, 3, 3)) == {
        "target": "The target date cannot be before the report was published (Tue 4 Mar 2025)."
    }
    assert problems("in_progress", note="On track.", target=PUBLISHED) == {}


def test_an_update_that_changes_nothing_is_refused_with_a_clear_message() -> None:
    assert problems("in_progress") == {
        "status": (
            "Nothing has changed: choose another status, write a note or revise the target date."
        )
    }
    # An empty date picker keeps the current target: still nothing changed.
    assert set(problems("in_progress", target=None)) == {"status"}


def test_only_a_different_target_date_is_stored_as_revised() -> None:
    assert revised(TARGET, IN_PROGRESS) is None
    assert revised(None, IN_PROGRESS) is None
    assert revised(date(2025, 12, 31), IN_PROGRESS) == date(2025, 12, 31)


def due(state: ActionState, today: date, already=(), snoozed_until=None):
    return action_nudge_due(
        7, state, today=today, warning_days=14, already=set(already), snoozed_until=snoozed_until
    )


def test_the_owner_is_nudged_once_as_the_target_nears_and_once_after_it_passes() -> None:
    assert due(IN_PROGRESS, date(2025, 9, 15)) is None  # 15 days away
    soon = due(IN_PROGRESS, TODAY)
    assert (soon.key, soon.passed) == ("action:7:2025-09-30:soon", False)
    assert due(IN_PROGRESS, date(2025, 9, 20), already=[soon.key]) is None
    assert due(IN_PROGRESS, TARGET, already=[soon.key]) is None  # the day itself: not passed
    passed = due(IN_PROGRESS, date(2025, 10, 1), already=[soon.key])
    assert (passed.key, passed.passed) == ("action:7:2025-09-30:passed", True)
    assert due(IN_PROGRESS, date(2025, 10, 9), already=[soon.key, passed.key]) is None


def test_an_item_answered_inside_the_warning_days_is_nudged_on_the_first_pass() -> None:
    assert due(IN_PROGRESS, date(2025, 9, 25)).key == "action:7:2025-09-30:soon"


def test_a_revised_target_date_gets_nudges_of_its_own() -> None:
    sent = ["action:7:2025-09-30:soon", "action:7:2025-09-30:passed"]
    revised_state = ActionState(ActionStatus.IN_PROGRESS, date(2025, 12, 31))
    assert due(revised_state, date(2025, 12, 17), already=sent).key == "action:7:2025-12-31:soon"


@pytest.mark.parametrize(
    "state",
    [
        ActionState(ActionStatus.COMPLETE, TARGET),
        ActionState(ActionStatus.CLOSED, TARGET),
        ActionState(ActionStatus.IN_PROGRESS, None),
    ],
)
def test_done_actions_and_actions_without_a_target_are_never_nudged(state: ActionState) -> None:
    assert due(state, TODAY) is None and due(state, date(2025, 10, 9)) is None


def test_a_snoozed_item_is_nudged_after_its_snooze_with_what_still_applies() -> None:
    assert due(IN_PROGRESS, TODAY, snoozed_until=date(2025, 10, 2)) is None
    assert due(IN_PROGRESS, date(2025, 10, 2), snoozed_until=date(2025, 10, 2)) is None
    # The "soon" nudge held by the snooze no longer applies: the target has passed.
    after = due(IN_PROGRESS, date(2025, 10, 3), snoozed_until=date(2025, 10, 2))
    assert after.key == "action:7:2025-09-30:passed"


def test_the_history_has_one_entry_per_change_of_status_from_the_first_answer() -> None:
    updates = [
        Update(date(2024, 5, 1), ActionStatus.IN_PROGRESS),
        Update(date(2024, 6, 1), ActionStatus.IN_PROGRESS, date(2024, 9, 30)),  # target only
        Update(date(2024, 7, 1), ActionStatus.COMPLETE),
    ]
    assert status_history(date(2024, 4, 2), ItemResponse.ACCEPTED, updates) == (
        (date(2024, 4, 2), ActionStatus.NOT_STARTED),
        (date(2024, 5, 1), ActionStatus.IN_PROGRESS),
        (date(2024, 7, 1), ActionStatus.COMPLETE),
    )


def test_an_update_is_on_the_day_it_was_recorded_where_the_office_is() -> None:
    @dataclass
    class Row:
        status: str
        target_date: date | None
        recorded_at: datetime

    late_evening = datetime(2024, 3, 31, 23, 30, tzinfo=UTC)  # 00:30 on 1 April in London
    [update] = stored_updates([Row("complete", None, late_evening)], ZoneInfo("Europe/London"))
    assert update == Update(date(2024, 4, 1), ActionStatus.COMPLETE)
