"""The "For Office Use Only" steps: sign-off first, then forwarding and publishing, in order
(docs/rules.md#r11). The list is configurable; what was confirmed is kept by its label, so changing
the list later never breaks an inspection."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar

from bot import copy
from bot.domain.errors import S55Error
from bot.domain.inspection import State
from bot.domain.sections import Section

DEFAULT_STEPS: tuple[str, ...] = (
    "PCC response signed off",
    "Response forwarded to the Chief Constable",
    "Response forwarded to the Police and Crime Panel",
    "Response published on the OPCC website",
    "Response published on the HMICFRS Monitoring Portal",
)
SIGNING_STATES = (State.AWAITING_SIGN_OFF, State.PUBLISHING)


class StepRefused(S55Error):
    """A step that cannot be confirmed or undone now; nothing was changed."""


class NotAnApprover(S55Error):
    """Only approvers confirm and undo steps."""


@dataclass(frozen=True)
class Done:
    """A step confirmed and not undone."""

    by: str
    at: datetime


def check_can_confirm(
    step: str,
    *,
    steps: Sequence[str],
    state: State,
    done: Mapping[str, Done],
    sections_missing: Sequence[Section] = (),
    unanswered: Sequence[str] = (),
    reference: str = "",
    reopened: str | None = None,
) -> None:
    """Refuse with the reason, or return: sign-off needs both responses, the
    recommendations and areas for improvement recorded (or confirmed none) and an answer to
    each item that needs one (``unanswered`` names those without), each later step
    needs every step before it, and a step is confirmed once."""
    if step not in steps:
        raise StepRefused(copy.step_not_in_list(step))
    if step in done:
        raise StepRefused(copy.step_already_done(step, done[step].by))
    if state not in SIGNING_STATES:
        raise _not_now(step, state)
    if step == steps[0] and sections_missing:
        raise StepRefused(copy.sign_off_needs_sections([s.value for s in sections_missing]))
    if step == steps[0] and unanswered:  # s.55(5B): an answer to each item directed at us
        raise StepRefused(copy.sign_off_waits_for_answers(reference, list(unanswered)))
    missing = next((earlier for earlier in steps[: steps.index(step)] if earlier not in done), None)
    if missing is not None and reopened is not None and missing == steps[0]:
        raise StepRefused(copy.step_waits_for_sign_off_again(step, missing, reopened))
    if missing is not None:
        raise StepRefused(copy.step_out_of_order(step, missing))


def _not_now(step: str, state: State) -> StepRefused:
    """Before both responses are confirmed the step waits for them; later, the state says why."""
    if state in (State.AWAITING_CC, State.AWAITING_PCC):
        return StepRefused(copy.step_waits_for_responses(step))
    return StepRefused(copy.step_not_now(step, state.value))


def check_can_undo(
    step: str, *, steps: Sequence[str], state: State, done: Mapping[str, Done]
) -> None:
    """Only the latest confirmed step can be undone, so the steps stay in order; nothing is
    undone on an inspection recorded as needing no response."""
    if state not in (State.PUBLISHING, State.COMPLETE):
        raise _not_now(step, state)
    if step not in done:
        raise StepRefused(copy.step_not_confirmed(step))
    latest = last_done(steps, done)
    if latest is not None and latest != step:
        raise StepRefused(copy.undo_later_first(step, latest))


class Confirmation(Protocol):
    """A step's confirmation as stored (storage's StepConfirmation): what the rules read."""

    @property
    def id(self) -> int: ...
    @property
    def step(self) -> str: ...
    @property
    def undone_at(self) -> datetime | None: ...
    @property
    def undone_by_change(self) -> bool: ...


C = TypeVar("C", bound=Confirmation)


def reopened_by(confirmations: Iterable[C], steps: Sequence[str]) -> C | None:
    """The sign-off a change after it undid (bot.publication.freeze), while sign-off waits to
    be given again; None when it stands, was never given, or was last undone by Undo."""
    given = [c for c in confirmations if c.step == steps[0]]
    latest = max(given, key=lambda c: c.id, default=None)
    if latest is None or latest.undone_at is None or not latest.undone_by_change:
        return None
    return latest


def last_done(steps: Sequence[str], done: Collection[str]) -> str | None:
    """The last of ``steps`` (in order) that is done."""
    confirmed = [step for step in steps if step in done]
    return confirmed[-1] if confirmed else None


def next_step(steps: Sequence[str], done: Collection[str]) -> str | None:
    """The step to confirm next (the one a Home tab offers), None when every one is done."""
    return next((step for step in steps if step not in done), None)


def state_after_steps(steps: Sequence[str], done: Mapping[str, Done]) -> State:
    """With both responses in: awaiting sign-off, publishing, or complete."""
    if all(step in done for step in steps):
        return State.COMPLETE
    return State.PUBLISHING if any(step in done for step in steps) else State.AWAITING_SIGN_OFF
