"""Items by status, month by month (issue 16): what the compliance report's second chart shows.

Each month of the period, up to the report's day, counts the answered items in each status as
they stood at that month's end (or on the report's day, for the month it falls in), read from
each item's history. An item not yet answered by then is not counted; an item whose history is
unknown (empty) is left out of every month rather than given a past nobody recorded.
"""

from __future__ import annotations

from datetime import date, timedelta

from bot.domain.actions import ActionStatus
from bot.domain.compliance import ActionLine, ComplianceReport


def status_by_month(report: ComplianceReport) -> list[tuple[date, dict[ActionStatus, int]]]:
    """(first day of the month, {status: items}) for each month, every status present."""
    last = min(report.period.end, report.as_of)
    months = []
    for first in _months(report.period.start, last):
        end = min(_month_end(first), last)
        counts = dict.fromkeys(ActionStatus, 0)
        for action in report.actions:
            status = status_on(action, end)
            if status is not None:
                counts[status] += 1
        months.append((first, counts))
    return months


def status_on(action: ActionLine, day: date) -> ActionStatus | None:
    """The item's status at the end of ``day``: its newest change on or before it."""
    status = None
    for changed, new in sorted(action.history, key=lambda change: change[0]):  # stable
        if changed > day:
            break
        status = new
    return status


def _months(start: date, last: date) -> list[date]:
    first, months = start.replace(day=1), []
    while first <= last:
        months.append(first)
        first = _month_end(first) + timedelta(days=1)
    return months


def _month_end(first: date) -> date:
    following = first.replace(year=first.year + first.month // 12, month=first.month % 12 + 1)
    return following - timedelta(days=1)
