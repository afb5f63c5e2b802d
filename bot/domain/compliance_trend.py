"""Items by status, month by month (docs/rules.md#r18): what the compliance report's second chart
shows.

Each month of the period, up to the report's day, counts the answered items in each status as
they stood at that month's end (or on the report's day, for the month it falls in), read from
each item's history. An item not yet answered by then is not counted; an item whose history is
unknown (empty) is left out of every month rather than given a past nobody recorded.

A report read after its period has ended (the year 2024, read on 31 January 2025) counts its
items as they stood on the report's day, as its tables do; so the chart ends with one more bar,
that day's (``status_bars``): the chart and the tables show the same figures.
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
        months.append((first, _counts(report, min(_month_end(first), last))))
    return months


def status_on_report_day(report: ComplianceReport) -> dict[ActionStatus, int] | None:
    """The items by status on the report's day when it falls after the period (the chart's
    last bar: what the tables count); None when the period's last month ends on it."""
    if report.as_of <= report.period.end:
        return None
    return _counts(report, report.as_of)


def status_bars(report: ComplianceReport) -> list[tuple[date, dict[ActionStatus, int]]]:
    """The status chart's bars: each month's (its first day), then the report's day's (that
    day), if it falls after the period."""
    after = status_on_report_day(report)
    return status_by_month(report) + ([(report.as_of, after)] if after is not None else [])


def _counts(report: ComplianceReport, day: date) -> dict[ActionStatus, int]:
    counts = dict.fromkeys(ActionStatus, 0)
    for action in report.actions:
        status = status_on(action, day)
        if status is not None:
            counts[status] += 1
    return counts


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
