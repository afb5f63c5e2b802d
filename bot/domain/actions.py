"""What happens to each answered item after the response (PRODUCT.md §8, issue 16): its
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

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot import copy
from bot.domain.answers import ItemResponse


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
