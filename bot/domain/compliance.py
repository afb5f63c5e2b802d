"""The compliance report for the Police and Crime Panel (docs/rules.md#r18): were the Section 55
responses on time, and what has happened to each recommendation and AFI since. Plain values in,
plain out: ``bot.compliance`` reads them from the database, ``bot.documents`` writes them.

Which inspections: those whose HMICFRS report was published within the period, but withdrawn
ones (logged by mistake: they appear in no table or figure, only in ``/s55 list all``).

On time: the response was published (the publishing step confirmed, bot.domain.outcome) on or
before the *statutory* deadline, the last day of the 56 days beginning with the report's
publication (s.55(5A): published + 55 days), whatever ``S55_DEADLINE_RULE`` the office counts
down to. An inspection still open after that day is late too; one still open before it is not
yet due; one needing no response is listed but not counted.

One set of figures: the summary, the tables and both charts read the same lines, each item as
it stood at the end of the report's day (``as_of``): its answer and the updates recorded by
then. An item answered after that day awaits an answer, as it did on the day.
"""

from __future__ import annotations

import calendar
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING

from bot import copy
from bot.domain.actions import ActionStatus, Rag
from bot.domain.deadlines import DeadlineRule
from bot.domain.errors import S55Error
from bot.domain.inspection import State

if TYPE_CHECKING:
    from dateparser.date import DateDataParser
from bot.domain.parsing import drop_controls, unescape_slack


class Verdict(StrEnum):
    ON_TIME = "on time"
    LATE = "late"
    NOT_YET_DUE = "not yet due"  # open, its deadline not passed: not counted yet
    NOT_REQUIRED = "no response required"  # not counted


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

    def __post_init__(self) -> None:
        # A withdrawn inspection was logged by mistake: no table or figure of the report may
        # count it (storage.compliance.published_between never reads one).
        if any(line.state == State.WITHDRAWN for line in self.inspections):
            raise ValueError("a compliance report holds no withdrawn inspection")

    @property
    def counted(self) -> list[InspectionLine]:
        """The inspections the on-time rate counts: published, or past their deadline."""
        return [i for i in self.inspections if _counted(i, self.as_of)]

    @property
    def on_time(self) -> list[InspectionLine]:
        return [i for i in self.counted if on_time(i.responded, i.deadline)]

    @property
    def late(self) -> list[InspectionLine]:
        return [i for i in self.counted if i.days_early is None or i.days_early < 0]

    @property
    def on_time_percent(self) -> int | None:
        """The on-time rate in whole percent (round() of the exact share), None while no
        response was due: one figure for the report in Slack and in its files."""
        counted = len(self.counted)
        return round(100 * len(self.on_time) / counted) if counted else None

    @property
    def median_days_to_publish(self) -> float | None:
        days = [i.days_to_publish for i in self.inspections if i.days_to_publish is not None]
        return statistics.median(days) if days else None

    @property
    def figures(self) -> Figures:
        """The headline figures (the Home tab's line), as bot.compliance.report_figures reads
        them from aggregates without the lines."""
        return Figures(
            period=self.period,
            as_of=self.as_of,
            inspections=len(self.inspections),
            on_time=len(self.on_time),
            counted=len(self.counted),
            overdue_actions=len(self.overdue_actions),
        )

    @property
    def overdue_actions(self) -> list[ActionLine]:
        return [a for a in self.actions if a.status.is_open and a.target and a.target < self.as_of]

    def verdict(self, line: InspectionLine) -> Verdict:
        """What the on-time rate makes of one inspection."""
        if line.state in _NOT_COUNTED:
            return Verdict(line.state)
        if not _counted(line, self.as_of):
            return Verdict.NOT_YET_DUE
        return Verdict.ON_TIME if line in self.on_time else Verdict.LATE

    @property
    def not_counted(self) -> dict[Verdict, int]:
        """How many inspections the rate leaves out, and why (only the reasons that occur)."""
        found = Counter(self.verdict(line) for line in self.inspections)
        return {
            v: found[v] for v in Verdict if v not in (Verdict.ON_TIME, Verdict.LATE) and found[v]
        }

    def status_counts(self) -> dict[ActionStatus, int]:
        """Actions in each status, every status present (0 when none), in the enum's order."""
        found = Counter(a.status for a in self.actions)
        return {status: found[status] for status in ActionStatus}

    def rag_counts(self) -> dict[Rag, int]:
        """Actions of each RAG rating, every rating present (0 when none): red, amber, green."""
        found = Counter(a.rag for a in self.actions)
        return {rating: found[rating] for rating in Rag}


_NOT_COUNTED = (Verdict.NOT_REQUIRED.value,)


def _counted(line: InspectionLine, as_of: date) -> bool:
    return counted(line.state, line.responded, line.deadline, as_of)


def counted(state: str, responded: date | None, deadline: date, as_of: date) -> bool:
    """Whether the on-time rate counts an inspection: published, or past its deadline; never
    one needing no response."""
    if state in _NOT_COUNTED:
        return False
    return responded is not None or deadline < as_of


def on_time(responded: date | None, deadline: date) -> bool:
    """Published on or before the deadline (a counted inspection not yet published is late)."""
    return responded is not None and responded <= deadline


@dataclass(frozen=True)
class Figures:
    """A report's headline figures without its lines (the Home tab's year so far): read from
    aggregates, they agree with the ComplianceReport of the same period and day."""

    period: Period
    as_of: date
    inspections: int  # published in the period, withdrawn ones aside
    on_time: int
    counted: int
    overdue_actions: int


class PeriodRefused(S55Error):
    """What was typed names no period the report can cover; str() is the one line to show."""


# Section 55 came with the Police Act 1996: no response is owed for a report before it.
EARLIEST_YEAR = 1996
_YEAR = re.compile(r"^(\d{4})$")
_FINANCIAL_YEAR = re.compile(r"^(\d{4})\s*[-/\u2013]\s*(\d{2}|\d{4})$")
# "1 Jan 2024 to 31 Mar 2024", "2024-01-01..2024-03-31", "Jan 2024 - Jun 2024": a dash
# separates only with spaces round it, or ISO dates' own dashes would split them.
_RANGE = re.compile(r"\s*(?:\.\.|\bto\b|\buntil\b|\u2013|\u2014)\s*|\s+-\s+", re.I)
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


def parse_period(text: str, *, today: date) -> Period:
    """A calendar year ("2024"), a financial year ("2024-25", "2024/25": 1 April to 31 March),
    a month ("March 2024") or a range of days or months ("1 Jan 2024 to 31 Mar 2024",
    "2024-01-01..2024-03-31", "Jan 2024 - Jun 2024"), or PeriodRefused saying what is wrong."""
    typed = " ".join(drop_controls(unescape_slack(text)).split())
    if not typed:
        raise PeriodRefused(copy.PERIOD_EMPTY)
    period = _read(typed)
    if period.end < period.start:
        raise PeriodRefused(copy.period_backwards(typed, period.start, period.end))
    if period.start.year < EARLIEST_YEAR:
        raise PeriodRefused(copy.period_before_the_act(typed, EARLIEST_YEAR))
    if period.start > today:
        raise PeriodRefused(copy.period_in_future(typed, period.start, today))
    return period


def _read(typed: str) -> Period:
    year = _YEAR.match(typed)
    if year:
        first = _year(int(year.group(1)), typed)
        return Period(date(first, 1, 1), date(first, 12, 31), str(first))
    financial = _FINANCIAL_YEAR.match(typed)
    if financial and not _is_iso_month(typed, financial):
        return _financial_year(typed, int(financial.group(1)), financial.group(2))
    parts = _RANGE.split(typed)
    if len(parts) == 2 and all(parts):
        start, end = _day_or_month(parts[0], typed), _day_or_month(parts[1], typed)
        return Period(start[0], end[1], f"{_said(*start)} to {_said(*end)}")
    if len(parts) == 1:
        first_day, last_day = _day_or_month(typed, typed)
        if first_day != last_day:  # a month: "March 2024"
            return Period(first_day, last_day, f"{first_day:%B %Y}")
    raise PeriodRefused(copy.period_unreadable(typed))


def _is_iso_month(typed: str, financial: re.Match[str]) -> bool:
    """ "2024-03" is March 2024 to a reader of ISO dates; but "2011-12", whose halves follow,
    is the financial year 2011-12, as an office writes it."""
    first, second = financial.groups()
    follows = len(second) == 2 and int(second) == (int(first) + 1) % 100
    return not follows and bool(re.match(r"^\d{4}-(0[1-9]|1[0-2])$", typed))


def _year(year: int, typed: str) -> int:
    if year < EARLIEST_YEAR:
        raise PeriodRefused(copy.period_before_the_act(typed, EARLIEST_YEAR))
    return year


def _financial_year(typed: str, first: int, second: str) -> Period:
    first = _year(first, typed)
    if first >= date.max.year:  # its March would be in a year no calendar holds
        raise PeriodRefused(copy.period_unreadable(typed))
    follows = (first + 1) % 100 if len(second) == 2 else first + 1
    if int(second) != follows:
        raise PeriodRefused(copy.period_halves_apart(typed, first))
    return Period(date(first, 4, 1), date(first + 1, 3, 31), f"{first}-{(first + 1) % 100:02d}")


def _day_or_month(part: str, typed: str) -> tuple[date, date]:
    """The first and last day ``part`` names: one day, a whole month or a whole year."""
    if _YEAR.match(part):
        year = _year(int(part), typed)
        return date(year, 1, 1), date(year, 12, 31)
    try:
        day = date.fromisoformat(part)
        return day, day
    except ValueError:
        pass
    numeric = _NUMERIC_DATE.match(part)
    if numeric:  # strictly day first, as everywhere in the bot: 4/13/2024 is refused
        day_, month, year = (int(n) for n in numeric.groups())
        try:
            return (date(year, month, day_),) * 2
        except ValueError:
            raise PeriodRefused(copy.period_unreadable(typed)) from None
    data = _parser().get_date_data(part)
    if data.date_obj is None or data.period not in ("day", "month"):
        raise PeriodRefused(copy.period_unreadable(typed))
    found = data.date_obj.date()
    if data.period == "day":
        return found, found
    last = calendar.monthrange(found.year, found.month)[1]
    return found.replace(day=1), found.replace(day=last)


def _said(first: date, last: date) -> str:
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        return str(first.year)
    if first == last:
        return f"{first.day} {first:%b %Y}"
    return f"{first:%b %Y}"


@cache
def _parser() -> DateDataParser:
    """Made when a period is first written in words ("March 2024"): dateparser is imported
    then, not by every process that imports this module (a command that reads no period)."""
    from dateparser.date import DateDataParser

    # Month and year must be written: "1 Jan" alone would silently mean this year's.
    return DateDataParser(
        languages=["en"],
        settings={
            "DATE_ORDER": "DMY",
            "REQUIRE_PARTS": ["month", "year"],
            "RELATIVE_BASE": datetime(2000, 1, 1),
            # "today", "last month", "2 days ago" would be read from RELATIVE_BASE, not today:
            # a report of January 2000 for "this month". Only written dates count.
            "PARSERS": ["custom-formats", "absolute-time"],
        },
    )
