"""The compliance report for the Police and Crime Panel (issue 16): were the Section 55
responses on time, and what has happened to each recommendation and AFI since. Plain values in,
plain out: ``bot.compliance`` reads them from the database, ``bot.documents`` writes them.

Which inspections: those whose HMICFRS report was published within the period.

On time: the response was published (the publishing step confirmed, bot.domain.outcome) on or
before the *statutory* deadline, the last day of the 56 days beginning with the report's
publication (s.55(5A): published + 55 days), whatever ``S55_DEADLINE_RULE`` the office counts
down to. An inspection still open after that day is late too; one still open before it is not
yet due; a withdrawn one, or one needing no response, is listed but not counted.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date

from bot.domain.actions import ActionStatus, Rag
from bot.domain.deadlines import DeadlineRule


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included, and how people say it ("2024", "2024-25")."""

    start: date
    end: date
    label: str


@dataclass(frozen=True)
class InspectionLine:
    reference: str  # "S55-3"
    title: str
    published: date  # the HMICFRS report's publication
    deadline: date  # statutory: published + 55 days
    responded: date | None  # the day the publishing step was confirmed, locally
    state: str  # bot.domain.inspection.State's value

    @property
    def days_early(self) -> int | None:
        """Days before the deadline the response was published: 0 on the day, negative late."""
        return None if self.responded is None else (self.deadline - self.responded).days

    @property
    def days_to_publish(self) -> int | None:
        return None if self.responded is None else (self.responded - self.published).days


@dataclass(frozen=True)
class ActionLine:
    """An answered item that asks for follow-up, as it stands on the report's day."""

    reference: str  # the inspection's
    label: str  # "Recommendation 4", "AFI 2"
    kind: str  # bot.domain.items.ItemKind's value
    text: str
    owner: str
    target: date | None
    status: ActionStatus
    rag: Rag
    # (day, status) from the day it was answered, one per change, oldest first: what the
    # items-by-status-per-month chart reads.
    history: tuple[tuple[date, ActionStatus], ...] = ()


@dataclass(frozen=True)
class ComplianceReport:
    period: Period
    as_of: date  # the day the figures were read
    office_rule: DeadlineRule  # the office's own countdown, said beside the statutory one
    inspections: tuple[InspectionLine, ...]
    actions: tuple[ActionLine, ...]
    awaiting_answer: int = 0  # items that need an answer and have none yet
    area: str | None = None  # "Norfolk", for the title
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def counted(self) -> list[InspectionLine]:
        """The inspections the on-time rate counts: published, or past their deadline."""
        return [i for i in self.inspections if _counted(i, self.as_of)]

    @property
    def on_time(self) -> list[InspectionLine]:
        return [i for i in self.counted if i.days_early is not None and i.days_early >= 0]

    @property
    def late(self) -> list[InspectionLine]:
        return [i for i in self.counted if i.days_early is None or i.days_early < 0]

    @property
    def median_days_to_publish(self) -> float | None:
        days = [i.days_to_publish for i in self.inspections if i.days_to_publish is not None]
        return statistics.median(days) if days else None

    @property
    def overdue_actions(self) -> list[ActionLine]:
        return [
            a for a in self.actions if a.status.is_open and a.target and a.target < self.as_of
        ]


_NOT_COUNTED = ("withdrawn", "no response required")


def _counted(line: InspectionLine, as_of: date) -> bool:
    if line.state in _NOT_COUNTED:
        return False
    return line.responded is not None or line.deadline < as_of
