"""Items by status, month by month: each month's end, as each item's history tells it."""

from __future__ import annotations

import dataclasses
from datetime import date

from bot.domain.actions import ActionStatus
from bot.domain.compliance import Period
from bot.domain.compliance_trend import status_by_month, status_on
from tests.bot.documents.compliance.sample import (
    ACTIONS,
    CLOSED,
    DONE,
    IP,
    NS,
    action,
    sample_report,
)


def counts(not_started: int, in_progress: int, complete: int, closed: int) -> dict:
    return {NS: not_started, IP: in_progress, DONE: complete, CLOSED: closed}


def test_each_month_of_the_period_up_to_the_report_day_counts_items_at_its_end() -> None:
    months = status_by_month(sample_report())
    assert [first for first, _ in months] == [date(2024, m, 1) for m in range(1, 12)]
    by_month = dict(months)
    assert by_month[date(2024, 1, 1)] == counts(0, 0, 0, 0)  # nothing answered yet
    assert by_month[date(2024, 3, 1)] == counts(2, 0, 0, 0)  # S55-1's two, answered 1 March
    assert by_month[date(2024, 4, 1)] == counts(2, 1, 0, 1)  # S55-1 rec. 1 started; S55-3 closed
    assert by_month[date(2024, 6, 1)] == counts(1, 2, 1, 1)  # S55-1 rec. 1 complete 20 June
    # November is read on the report's day (20th): S55-13's item started on the 19th.
    assert by_month[date(2024, 11, 1)] == counts(3, 3, 2, 1)


def test_every_status_is_present_in_every_month() -> None:
    for _, month in status_by_month(sample_report()):
        assert list(month) == list(ActionStatus)


def test_the_month_ends_on_the_reports_day_not_after_it() -> None:
    report = sample_report(as_of=date(2024, 11, 18))  # before S55-13's item started
    assert status_by_month(report)[-1] == (date(2024, 11, 1), counts(4, 2, 2, 1))


def test_a_period_read_after_it_ended_stops_at_its_last_month() -> None:
    period = Period(date(2024, 4, 1), date(2024, 6, 30), "April to June 2024")
    months = status_by_month(sample_report(period=period, as_of=date(2025, 2, 1)))
    assert [first for first, _ in months] == [date(2024, 4, 1), date(2024, 5, 1), date(2024, 6, 1)]


def test_a_financial_year_crosses_the_new_year() -> None:
    period = Period(date(2024, 4, 1), date(2025, 3, 31), "2024-25")
    months = status_by_month(sample_report(period=period, as_of=date(2025, 4, 30)))
    assert len(months) == 12
    assert months[8][0] == date(2024, 12, 1) and months[9][0] == date(2025, 1, 1)


def test_a_period_not_yet_begun_has_no_months() -> None:
    period = Period(date(2025, 1, 1), date(2025, 12, 31), "2025")
    assert status_by_month(sample_report(period=period)) == []


def test_an_item_with_no_recorded_history_is_left_out_rather_than_given_one() -> None:
    unknown = dataclasses.replace(ACTIONS[0], history=())
    months = status_by_month(sample_report(actions=(unknown,)))
    assert all(sum(month.values()) == 0 for _, month in months)


def test_the_status_on_a_day_is_the_newest_change_on_or_before_it() -> None:
    item = action(
        "S55-1", "AFI 1", None, ACTIONS[0].rag, (date(2024, 3, 1), NS), (date(2024, 3, 5), IP)
    )
    assert status_on(item, date(2024, 2, 29)) is None
    assert status_on(item, date(2024, 3, 1)) is NS
    assert status_on(item, date(2024, 3, 4)) is NS
    assert status_on(item, date(2024, 3, 5)) is IP
