"""What happens to each answered item after the response (docs/rules.md#r7): its
status, its target date, and the RAG rating derived from both. Plain values in, plain out.

* An item's status starts from its answer: accepted or partially accepted → not started;
  "already complies" → complete; "not accepted" → closed, no further action. Each update
  recorded since replaces it; the newest counts.
* Its target date is the answer's, until an update revises it.
* RAG is derived, never chosen: complete or closed → green; an open action whose target date
  has passed → red; one with no target date, or within ``warning_days`` of it → amber; any
  other → green.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Protocol

from bot import copy
from bot.domain.answers import ItemResponse
from bot.domain.deadlines import local_today


class ActionStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    CLOSED = "closed"  # closed — no further action

    @property
    def label(self) -> str:
        return copy.ACTION_STATUS_LABELS[self.value]

    @property
    def is_open(self) -> bool:
        """Work still to do: the target date matters, and its owner is nudged."""
        return self in (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"

    @property
    def label(self) -> str:
        return copy.RAG_LABELS[self.value]

    @property
    def emoji(self) -> str:
        return copy.RAG_EMOJI[self.value]


def status_after_answer(response: ItemResponse) -> ActionStatus:
    """The status an answered item has before anyone records progress."""
    if response.plans_action:
        return ActionStatus.NOT_STARTED
    if response is ItemResponse.ALREADY_COMPLIES:
        return ActionStatus.COMPLETE
    return ActionStatus.CLOSED


@dataclass(frozen=True)
class Update:
    """One recorded update: its status, and the target date it revised to (None: unchanged)."""

    on: date
    status: ActionStatus
    target: date | None = None


@dataclass(frozen=True)
class ActionState:
    status: ActionStatus
    target: date | None

    def rag(self, *, today: date, warning_days: int) -> Rag:
        return rag(self.status, self.target, today=today, warning_days=warning_days)

    def overdue(self, today: date) -> bool:
        return is_overdue(self.status, self.target, today)


def current(response: ItemResponse, target: date | None, updates: Iterable[Update]) -> ActionState:
    """The item's status and target date now: its answer's, then each update's in turn."""
    state = ActionState(status_after_answer(response), target)
    for update in updates:
        state = ActionState(update.status, update.target or state.target)
    return state


def rag(status: ActionStatus, target: date | None, *, today: date, warning_days: int) -> Rag:
    if not status.is_open:
        return Rag.GREEN
    if target is None:
        return Rag.AMBER
    if target < today:
        return Rag.RED
    if target <= today + timedelta(days=warning_days):
        return Rag.AMBER
    return Rag.GREEN


def is_overdue(status: ActionStatus, target: date | None, today: date) -> bool:
    """An open action whose target date has passed (the day itself is not yet overdue)."""
    return status.is_open and target is not None and target < today


# --- recording an update (the Update form) ----------------------------------------------------
NOTE_MAX_CHARS = 3000


def progress_problems(
    status: str | None,
    note: str,
    target: date | None,
    *,
    now: ActionState,
    published: date,
    last_note: str | None = None,
) -> dict[str, str]:
    """What is wrong with an update, field by field (empty when it can be stored). ``target``
    is the date in the form (the current one unless changed); ``now``, the item as it stands;
    ``last_note``, the newest update's note (None before any update)."""
    try:
        chosen = ActionStatus(status or "")
    except ValueError:
        return {"status": copy.PROGRESS_NO_STATUS}
    problems: dict[str, str] = {}
    if len(note) > NOTE_MAX_CHARS:
        problems["note"] = copy.progress_note_too_long(NOTE_MAX_CHARS)
    elif chosen is ActionStatus.CLOSED and not note.strip():
        problems["note"] = copy.PROGRESS_CLOSED_NEEDS_NOTE
    if target is not None and target < published:
        problems["target"] = copy.answer_target_too_early(published)
    if not problems and chosen is now.status and not revised(target, now):
        if not note.strip():
            problems["status"] = copy.PROGRESS_NO_CHANGE
        elif last_note is not None and note.strip() == last_note.strip():
            # the newest update again, word for word: a second click on Submit, or a resent
            # form; a second revision would say nothing new and note it twice in the thread
            problems["note"] = copy.PROGRESS_SAME_AS_LAST
    return problems


def revised(target: date | None, now: ActionState) -> date | None:
    """The target date an update stores: one that differs from the current one, else None
    (an empty date picker keeps the current target: it is never cleared)."""
    return target if target is not None and target != now.target else None


# --- nudging the owner about the target date ----------------------------------------------------
@dataclass(frozen=True)
class ActionNudge:
    """A nudge due today about an item's target date: approaching, or passed."""

    key: str
    passed: bool


def action_nudge_due(
    item_id: int,
    state: ActionState,
    *,
    today: date,
    warning_days: int,
    already: Collection[str],
    snoozed_until: date | None = None,
) -> ActionNudge | None:
    """The one nudge an item's owner should get today, if any. An open action with a target
    date is nudged once when the target is ``warning_days`` away (or on the first pass after
    that, if answered later) and once when it has passed (from the day after it). Keys carry
    the target date, so a revised target gets nudges of its own. A snoozed item gets none
    until the day after its snooze; then the nudge that still applies goes out."""
    if not state.status.is_open or state.target is None:
        return None
    if snoozed_until is not None and today <= snoozed_until:
        return None  # nothing claimed: after the snooze, the nudge still due stands in
    passed = today > state.target
    if not passed and today < state.target - timedelta(days=warning_days):
        return None
    key = action_nudge_key(item_id, state.target, passed=passed)
    return None if key in already else ActionNudge(key=key, passed=passed)


def action_nudge_key(item_id: int, target: date, *, passed: bool) -> str:
    return f"action:{item_id}:{target.isoformat()}:{'passed' if passed else 'soon'}"


# --- the stored answer and updates, read as the rules see them ----------------------------------
class StoredAnswer(Protocol):
    response: str
    target_date: date | None


class StoredProgress(Protocol):
    status: str
    target_date: date | None
    recorded_at: datetime


def stored_updates(progress: Iterable[StoredProgress], tz: tzinfo) -> list[Update]:
    """The stored updates, oldest first, each on the day (in ``tz``) it was recorded."""
    return [
        Update(local_today(p.recorded_at, tz), ActionStatus(p.status), p.target_date)
        for p in progress
    ]


def stored_state(answer: StoredAnswer, progress: Iterable[StoredProgress]) -> ActionState:
    """An answered item's state from its newest answer and its updates, oldest first (the
    days they were recorded on do not change where it stands)."""
    updates = stored_updates(progress, UTC)
    return current(ItemResponse(answer.response), answer.target_date, updates)


def status_history(
    answered_on: date, response: ItemResponse, updates: Iterable[Update]
) -> tuple[tuple[date, ActionStatus], ...]:
    """(day, status) from the day the item was first answered, one entry per change of
    status, oldest first: where it stood at any day since (the report's month-end counts)."""
    history = [(answered_on, status_after_answer(response))]
    for update in updates:
        if update.status is not history[-1][1]:
            history.append((update.on, update.status))
    return tuple(history)
