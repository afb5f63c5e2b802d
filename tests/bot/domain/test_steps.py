"""docs/rules.md#r11: sign-off needs both responses; then each step in order, once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.inspection import State
from bot.domain.steps import (
    DEFAULT_STEPS,
    Done,
    StepRefused,
    check_can_confirm,
    check_can_undo,
    state_after_steps,
)

AT = datetime(2024, 6, 12, 13, 2, tzinfo=UTC)
SIGN_OFF, TO_CC, TO_PANEL, WEBSITE, PORTAL = DEFAULT_STEPS


def done(*steps: str) -> dict[str, Done]:
    return {step: Done(by="U1", at=AT) for step in steps}


def test_sign_off_is_allowed_once_both_responses_are_in() -> None:
    check_can_confirm(SIGN_OFF, steps=DEFAULT_STEPS, state=State.AWAITING_SIGN_OFF, done={})


@pytest.mark.parametrize("state", [State.AWAITING_CC, State.AWAITING_PCC])
def test_sign_off_waits_for_both_responses(state: State) -> None:
    with pytest.raises(StepRefused, match="both the Chief Constable's and the PCC's"):
        check_can_confirm(SIGN_OFF, steps=DEFAULT_STEPS, state=state, done={})


def test_nothing_is_confirmed_on_a_closed_inspection() -> None:
    with pytest.raises(StepRefused, match="this inspection is no response required"):
        check_can_confirm(SIGN_OFF, steps=DEFAULT_STEPS, state=State.NOT_REQUIRED, done={})


def test_steps_go_in_order_and_once() -> None:
    with pytest.raises(
        StepRefused, match="comes after “Response forwarded to the Chief Constable”"
    ):
        check_can_confirm(
            TO_PANEL, steps=DEFAULT_STEPS, state=State.PUBLISHING, done=done(SIGN_OFF)
        )
    with pytest.raises(StepRefused, match="already confirmed by <@U1>"):
        check_can_confirm(
            SIGN_OFF, steps=DEFAULT_STEPS, state=State.PUBLISHING, done=done(SIGN_OFF)
        )
    with pytest.raises(StepRefused, match="no longer one of the office's steps"):
        check_can_confirm("Made up", steps=DEFAULT_STEPS, state=State.PUBLISHING, done={})


def test_only_the_latest_step_can_be_undone() -> None:
    check_can_undo(TO_CC, steps=DEFAULT_STEPS, state=State.PUBLISHING, done=done(SIGN_OFF, TO_CC))
    with pytest.raises(StepRefused, match="Undo “Response forwarded to the Chief Constable” first"):
        check_can_undo(
            SIGN_OFF, steps=DEFAULT_STEPS, state=State.PUBLISHING, done=done(SIGN_OFF, TO_CC)
        )
    with pytest.raises(StepRefused, match="nothing to undo"):
        check_can_undo(WEBSITE, steps=DEFAULT_STEPS, state=State.PUBLISHING, done=done(SIGN_OFF))


def test_the_state_follows_the_steps() -> None:
    assert state_after_steps(DEFAULT_STEPS, {}) is State.AWAITING_SIGN_OFF
    assert state_after_steps(DEFAULT_STEPS, done(SIGN_OFF)) is State.PUBLISHING
    assert state_after_steps(DEFAULT_STEPS, done(*DEFAULT_STEPS)) is State.COMPLETE
    # A step dropped from the list later does not hold an inspection back from completing.
    assert state_after_steps(DEFAULT_STEPS[:4], done(*DEFAULT_STEPS[:4])) is State.COMPLETE


def test_nothing_is_undone_once_no_response_is_required() -> None:
    with pytest.raises(StepRefused, match="this inspection is no response required"):
        check_can_undo(SIGN_OFF, steps=DEFAULT_STEPS, state=State.NOT_REQUIRED, done=done(SIGN_OFF))
