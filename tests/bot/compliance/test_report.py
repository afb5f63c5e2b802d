"""The compliance report's figures, read from the stored fixture year and checked against the
figures counted by hand (tests/bot/compliance/year.py), on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from bot.compliance.report import compliance_report, report_figures, year_so_far
from bot.domain.actions import ActionStatus
from bot.domain.compliance import ComplianceReport, InspectionLine, Period, Verdict, parse_period
from bot.domain.deadlines import DeadlineRule
from bot.services import Services
from storage.db import Database
from tests.bot.compliance import year as fixture
from tests.bot.compliance.conftest import office_services
from tests.history import statements

Reports = Callable[[str], ComplianceReport]
AS = fixture.AS_OF


def test_the_year_lists_every_inspection_published_in_it_but_the_withdrawn(
    report_of: Reports,
) -> None:
    report = report_of("2024")
    assert [i.reference for i in report.inspections] == list(fixture.REFERENCES_2024)
    assert report.period == Period(date(2024, 1, 1), date(2024, 12, 31), "2024")
    assert (report.as_of, report.area) == (fixture.AS_OF, "Norfolk")
    assert report.office_rule is DeadlineRule.PLUS56


def test_on_time_is_judged_against_the_statutory_deadline_not_the_offices_countdown(
    report_of: Reports,
) -> None:
    report = report_of("2024")
    assert (len(report.on_time), len(report.counted)) == (fixture.ON_TIME, fixture.COUNTED)
    assert [i.reference for i in report.late] == list(fixture.LATE)
    vetting = _line(report, "S55-4")
    # The office's countdown (published + 56) ends on 25 June, the day it was published.
    assert (vetting.deadline, vetting.responded, vetting.days_early) == (
        date(2024, 6, 24),
        date(2024, 6, 25),
        -1,
    )
    assert report.verdict(vetting) is Verdict.LATE
    assert {v.value: n for v, n in report.not_counted.items()} == fixture.NOT_COUNTED
    assert report.median_days_to_publish == fixture.MEDIAN_DAYS


def test_the_response_day_is_the_publishing_steps_day_in_london_while_it_stands(
    report_of: Reports,
) -> None:
    report = report_of("2024")
    # Pressed at 23:30 UTC on 31 March: 1 April in London, the deadline day itself.
    youth = _line(report, "S55-3")
    assert (youth.responded, youth.days_early, report.verdict(youth)) == (
        date(2024, 4, 1),
        0,
        Verdict.ON_TIME,
    )
    # Published on day 45, undone, published again on day 50: the standing one counts.
    assert _line(report, "S55-7").days_to_publish == 50
    # The Monitoring Portal step is still to do, but the response is published.
    forensics = _line(report, "S55-11")
    assert (forensics.state, forensics.days_to_publish) == ("publishing", 54)
    unpublished = _line(report, "S55-13")
    assert (unpublished.responded, report.verdict(unpublished)) == (None, Verdict.LATE)
    assert report.verdict(_line(report, "S55-14")) is Verdict.NOT_YET_DUE


def test_items_are_counted_by_status_and_rag_and_the_overdue_ones_named(
    report_of: Reports,
) -> None:
    report = report_of("2024")
    assert {s.value: n for s, n in report.status_counts().items()} == fixture.STATUS_COUNTS
    assert {r.value: n for r, n in report.rag_counts().items()} == fixture.RAG_COUNTS
    overdue = [(a.reference, a.label, a.owner, a.target) for a in report.overdue_actions]
    assert overdue == list(fixture.OVERDUE)
    assert report.awaiting_answer == fixture.AWAITING_ANSWER


def test_an_items_history_runs_from_its_answer_through_each_change_of_status(
    report_of: Reports,
) -> None:
    report = report_of("2024")
    [standards] = [a for a in report.actions if (a.reference, a.label) == ("S55-2", "AFI 2")]
    assert standards.history == (
        (date(2024, 2, 7), ActionStatus.NOT_STARTED),  # answered 20 days after publication
        (date(2024, 6, 10), ActionStatus.IN_PROGRESS),
        (date(2024, 8, 20), ActionStatus.COMPLETE),
    )
    [revised] = [
        a for a in report.actions if (a.reference, a.label) == ("S55-2", "Recommendation 1")
    ]
    # Two updates "in progress": one change; the second revised the target date.
    assert revised.history == (
        (date(2024, 2, 7), ActionStatus.NOT_STARTED),
        (date(2024, 4, 15), ActionStatus.IN_PROGRESS),
    )
    assert revised.target == date(2025, 6, 30)


def test_a_financial_year_and_a_range_take_the_inspections_published_within_them(
    report_of: Reports,
) -> None:
    financial = report_of("2024-25")  # 1 Apr 2024 to 31 Mar 2025: S55-4 to S55-15 (not S55-5)
    assert [i.reference for i in financial.inspections] == [
        f"S55-{n}" for n in range(4, 16) if n != 5
    ]
    first_quarter = report_of("1 Jan 2024 to 31 Mar 2024")
    assert [i.reference for i in first_quarter.inspections] == ["S55-2", "S55-3"]
    assert first_quarter.status_counts()[ActionStatus.IN_PROGRESS] == 2  # S55-2 R1, A1
    assert report_of("March 2024").inspections == ()


def test_the_year_so_far_is_this_calendar_years_report_on_today(year: Services) -> None:
    figures = year_so_far(year)  # the clock says 31 Jan 2025: S55-15 only
    assert figures.period == Period(date(2025, 1, 1), date(2025, 12, 31), "2025")
    assert (figures.inspections, figures.counted, figures.as_of) == (1, 0, fixture.AS_OF)


def test_the_figures_from_aggregates_are_the_hand_counted_ones(year: Services) -> None:
    figures = report_figures(year, Period(date(2024, 1, 1), date(2024, 12, 31), "2024"), as_of=AS)
    assert (figures.inspections, figures.on_time, figures.counted, figures.overdue_actions) == (
        len(fixture.REFERENCES_2024),
        fixture.ON_TIME,
        fixture.COUNTED,
        len(fixture.OVERDUE),
    )


@pytest.mark.parametrize(
    "period", ["2024", "2024-25", "1 Jan 2024 to 31 Mar 2024", "Jun 2024 - Dec 2024", "2025"]
)
@pytest.mark.parametrize("as_of", [date(2024, 6, 30), date(2024, 12, 31), AS])
def test_the_figures_from_aggregates_agree_with_the_whole_report(
    year: Services, period: str, as_of: date
) -> None:
    """Each figure of the Home tab's line as the report in full counts it, on any day (an
    answer or update recorded after ``as_of`` does not count yet)."""
    asked = parse_period(period, today=AS)
    report = compliance_report(year, asked, as_of=as_of)
    figures = report_figures(year, asked, as_of=as_of)
    assert figures == report.figures
    assert (figures.inspections, figures.on_time, figures.counted, figures.overdue_actions) == (
        len(report.inspections),
        len(report.on_time),
        len(report.counted),
        len(report.overdue_actions),
    )


def test_the_figures_cost_two_statements_however_many_inspections(year: Services) -> None:
    with statements(year.db) as executed:
        report_figures(year, Period(date(2023, 1, 1), date(2025, 12, 31), "all"), as_of=AS)
    selects = [s for s in executed if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 2, selects


def test_the_statutory_office_gets_the_same_figures(database: Database) -> None:
    fixture.build_year(database)
    services = office_services(database, S55_DEADLINE_RULE="statutory")
    report = compliance_report(services, Period(date(2024, 1, 1), date(2024, 12, 31), "2024"))
    assert report.office_rule is DeadlineRule.STATUTORY
    assert (len(report.on_time), len(report.counted)) == (fixture.ON_TIME, fixture.COUNTED)


def test_a_year_is_read_in_a_handful_of_statements_not_one_per_inspection(
    year: Services,
) -> None:
    with statements(year.db) as executed:
        report = compliance_report(year, Period(date(2023, 1, 1), date(2025, 12, 31), "all"))
    assert len(report.inspections) == 14  # all but S55-5, withdrawn
    # The inspections, then their steps, items, answers and progress: one statement each.
    selects = [s for s in executed if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 5, selects


def _line(report: ComplianceReport, reference: str) -> InspectionLine:
    [line] = [i for i in report.inspections if i.reference == reference]
    return line
