"""How a closed inspection ended, for its card and lists: published (when, against the
deadline), withdrawn, or no response required (docs/rules.md#r3)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.deadlines import local_today
from bot.domain.inspection import State

_PUBLISHES = re.compile(r"\bpublish", re.IGNORECASE)


class Ending(StrEnum):
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"
    NOT_REQUIRED = "no response required"


@dataclass(frozen=True)
class Outcome:
    ending: Ending
    published: date | None = None  # the day the publishing step was confirmed, locally
    days_early: int = 0  # days before the deadline; 0 on the day, negative when late

    def __post_init__(self) -> None:
        # A published ending, and only that, has its day: readers may go by the day.
        if (self.ending is Ending.PUBLISHED) != (self.published is not None):
            raise ValueError(f"a {self.ending.value} outcome with published={self.published}")


def publishing_step(steps: Sequence[str]) -> str:
    """The step that publishes the response, s.55(5A)'s duty: the first after sign-off whose
    label says so ("Response published on the OPCC website" by default), else the last step,
    the one that completes the inspection."""
    return next((step for step in steps[1:] if _PUBLISHES.search(step)), steps[-1])


def outcome(
    state: State,
    *,
    steps: Sequence[str],
    done: Mapping[str, datetime],
    deadline: date,
    tz: ZoneInfo,
) -> Outcome | None:
    """None while the inspection is open (its countdown still counts). ``done`` holds when
    each step still confirmed was confirmed: an undone step is not there."""
    if state is State.WITHDRAWN:
        return Outcome(Ending.WITHDRAWN)
    if state is State.NOT_REQUIRED:
        return Outcome(Ending.NOT_REQUIRED)
    if state is not State.COMPLETE or not done:
        return None
    # Completed under an earlier list of steps: the latest confirmation completed it.
    at = done.get(publishing_step(steps)) or max(done.values())
    day = local_today(at, tz)
    return Outcome(Ending.PUBLISHED, day, (deadline - day).days)
