"""Which period a report covers, read from what was typed; every refusal is one clear line that
names what was typed. And the report's counts, from plain values."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.actions import ActionStatus, Rag
from bot.domain.compliance import (
    ActionLine,
    ComplianceReport,
    InspectionLine,
    Period,
    PeriodRefused,
    Verdict,
    parse_period,
)
from bot.domain.deadlines import DeadlineRule
from bot.domain.errors import S55Error

TODAY = date(2025, 6, 1)


@pytest.mark.parametrize(
    ("typed", "period"),
    [
        ("2024", Period(date(2024, 1, 1), date(2024, 12, 31), "2024")),
        (" 2024 ", Period(date(2024, 1, 1), date(2024, 12, 31), "2024")),
        ("2024-25", Period(date(2024, 4, 1), date(2025, 3, 31), "2024-25")),
        ("2024/25", Period(date(2024, 4, 1), date(2025, 3, 31), "2024-25")),
        ("2024-2025", Period(date(2024, 4, 1), date(2025, 3, 31), "2024-25")),
        ("1999-00", Period(date(1999, 4, 1), date(2000, 3, 31), "1999-00")),
        # Halves that follow are a financial year, even where they could be an ISO month...
        ("2011-12", Period(date(2011, 4, 1), date(2012, 3, 31), "2011-12")),
        # ...and an ISO month whose halves do not follow is the month.
        ("2024-03", Period(date(2024, 3, 1), date(2024, 3, 31), "March 2024")),
        (
            "1 Jan 2024 to 31 Mar 2024",
            Period(date(2024, 1, 1), date(2024, 3, 31), "1 Jan 2024 to 31 Mar 2024"),
        ),
        (
            "2024-01-01..2024-03-31",
            Period(date(2024, 1, 1), date(2024, 3, 31), "1 Jan 2024 to 31 Mar 2024"),
        ),
        (
            "01/04/2024 - 31/03/2025",  # day first, as everywhere in the bot
            Period(date(2024, 4, 1), date(2025, 3, 31), "1 Apr 2024 to 31 Mar 2025"),
        ),
        (
            "Jan 2024 - Jun 2024",
            Period(date(2024, 1, 1), date(2024, 6, 30), "Jan 2024 to Jun 2024"),
        ),
        ("February 2024", Period(date(2024, 2, 1), date(2024, 2, 29), "February 2024")),
        ("2023 to 2024", Period(date(2023, 1, 1), date(2024, 12, 31), "2023 to 2024")),
        # A period that runs past today is reported as it stands today.
        ("2025", Period(date(2025, 1, 1), date(2025, 12, 31), "2025")),
    ],
)
def test_a_year_a_financial_year_a_month_or_a_range_is_read(typed: str, period: Period) -> None:
    assert parse_period(typed, today=TODAY) == period


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "Which year? Try `2024`, `2024-25` or `1 Apr 2024 to 31 Mar 2025`."),
        ("   ", "Which year? Try `2024`"),
        ("banana", "I couldn't read `banana` as a year or a period. Try `2024`, `2024-25`"),
        (
            "2099",
            "`2099` starts on Thu 1 Jan 2099, after today (Sun 1 Jun 2025): there is nothing "
            "to report yet.",
        ),
        ("Jul 2025", "`Jul 2025` starts on Tue 1 Jul 2025, after today"),
        (
            "2024-26",
            "`2024-26` is not a financial year: its second year should follow the first, as "
            "in `2024-25`.",
        ),
        ("2024/2026", "`2024/2026` is not a financial year"),
        (
            "31 Mar 2024 to 1 Jan 2024",
            "`31 Mar 2024 to 1 Jan 2024` ends (Mon 1 Jan 2024) before it starts (Sun 31 Mar "
            "2024). Give the earlier date first",
        ),
        ("1995", "`1995` is before 1996, when the Police Act 1996 made Section 55."),
        ("1990-91", "`1990-91` is before 1996"),
        ("1 Jan 1990 to 1 Jan 2000", "`1 Jan 1990 to 1 Jan 2000` is before 1996"),
        ("1 Jan to 31 Mar", "I couldn't read `1 Jan to 31 Mar` as a year or a period."),
        ("13/13/2024 to 1/1/2025", "I couldn't read `13/13/2024 to 1/1/2025`"),
        ("2024 to", "I couldn't read `2024 to`"),
        ("S55-3", "I couldn't read `S55-3`"),
        ("9999-00", "I couldn't read `9999-00`"),
        ("9999", "`9999` starts on Fri 1 Jan 9999, after today"),
        # Relative words were read from dateparser's base day (1 Jan 2000), not today: "this
        # month" was a report of January 2000. Only written dates name a period.
        ("this month", "I couldn't read `this month` as a year or a period."),
        ("last month", "I couldn't read `last month`"),
        ("today to tomorrow", "I couldn't read `today to tomorrow`"),
        ("1 Jan 2024 to today", "I couldn't read `1 Jan 2024 to today`"),
    ],
)
def test_what_names_no_period_is_refused_in_one_line_naming_it(typed: str, says: str) -> None:
    with pytest.raises(PeriodRefused) as refused:
        parse_period(typed, today=TODAY)
    assert str(refused.value).startswith(says)
    assert "\n" not in str(refused.value)
    assert isinstance(refused.value, S55Error) and refused.value.reply == str(refused.value)


@given(st.integers(min_value=1996, max_value=2025))
def test_every_year_since_the_act_is_the_calendar_year(year: int) -> None:
    period = parse_period(str(year), today=TODAY)
    assert (period.start, period.end, period.label) == (
        date(year, 1, 1),
        date(year, 12, 31),
        str(year),
    )


@given(st.integers(min_value=1996, max_value=2024), st.sampled_from(["-", "/"]))
def test_every_financial_year_runs_from_1_april_to_31_march(year: int, dash: str) -> None:
    period = parse_period(f"{year}{dash}{(year + 1) % 100:02d}", today=TODAY)
    assert (period.start, period.end) == (date(year, 4, 1), date(year + 1, 3, 31))
    assert period.label == f"{year}-{(year + 1) % 100:02d}"


@given(
    st.dates(min_value=date(1996, 1, 1), max_value=TODAY),
    st.integers(min_value=0, max_value=3000),
    st.sampled_from([" to ", "..", " - "]),
)
def test_any_range_of_days_in_order_is_read_as_typed(start: date, days: int, sep: str) -> None:
    end = start + timedelta(days=days)
    period = parse_period(f"{start.isoformat()}{sep}{end.isoformat()}", today=TODAY)
    assert (period.start, period.end) == (start, end)


@given(st.text(max_size=40))
def test_whatever_is_typed_gives_a_period_or_a_refusal_never_a_crash(typed: str) -> None:
    try:
        period = parse_period(typed, today=TODAY)
    except PeriodRefused as refused:
        assert str(refused)
    else:
        assert date(1996, 1, 1) <= period.start <= TODAY and period.start <= period.end


def _inspection(ref: str, *, responded: int | None, state: str = "complete") -> InspectionLine:
    published = date(2024, 1, 1)
    deadline = published + timedelta(days=55)
    day = None if responded is None else published + timedelta(days=responded)
    return InspectionLine(ref, "Title", published, deadline, day, state)


def _action(status: ActionStatus, rag: Rag, target: date | None = None) -> ActionLine:
    return ActionLine("S55-1", "AFI 1", "afi", "Words", "Owner", target, status, rag)


def test_counts_hold_every_status_and_rating_zero_when_none() -> None:
    report = ComplianceReport(
        period=Period(date(2024, 1, 1), date(2024, 12, 31), "2024"),
        as_of=date(2024, 3, 1),
        office_rule=DeadlineRule.STATUTORY,
        inspections=(),
        actions=(
            _action(ActionStatus.IN_PROGRESS, Rag.RED, date(2024, 2, 1)),
            _action(ActionStatus.IN_PROGRESS, Rag.AMBER),
        ),
    )
    assert report.status_counts() == {
        ActionStatus.NOT_STARTED: 0,
        ActionStatus.IN_PROGRESS: 2,
        ActionStatus.COMPLETE: 0,
        ActionStatus.CLOSED: 0,
    }
    assert list(report.rag_counts().items()) == [(Rag.RED, 1), (Rag.AMBER, 1), (Rag.GREEN, 0)]


def test_each_inspection_has_a_verdict_and_the_left_out_are_counted_by_reason() -> None:
    lines = (
        _inspection("S55-1", responded=55),
        _inspection("S55-2", responded=56),
        _inspection("S55-3", responded=None, state="awaiting PCC sign-off"),
        _inspection("S55-5", responded=None, state="no response required"),
    )
    late_report = ComplianceReport(
        Period(date(2024, 1, 1), date(2024, 12, 31), "2024"),
        date(2024, 2, 26),  # the day after the deadline of 25 February
        DeadlineRule.STATUTORY,
        lines,
        (),
    )
    assert [late_report.verdict(line) for line in lines] == [
        Verdict.ON_TIME,
        Verdict.LATE,
        Verdict.LATE,
        Verdict.NOT_REQUIRED,
    ]
    on_the_day = ComplianceReport(
        late_report.period, date(2024, 2, 25), DeadlineRule.STATUTORY, lines, ()
    )
    assert on_the_day.verdict(lines[2]) is Verdict.NOT_YET_DUE
    assert late_report.on_time_percent == 33  # one of three counted, rounded
    assert on_the_day.on_time_percent == 50
    nothing_due = ComplianceReport(
        late_report.period, date(2024, 1, 2), DeadlineRule.STATUTORY, lines[2:3], ()
    )
    assert nothing_due.counted == []
    assert nothing_due.on_time_percent is None
    assert on_the_day.not_counted == {
        Verdict.NOT_YET_DUE: 1,
        Verdict.NOT_REQUIRED: 1,
    }
