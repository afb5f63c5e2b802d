"""The compliance report as CSV and Markdown, from plain values: what a spreadsheet and a reader
get, byte for byte the same each time and in any process."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import date

import pytest

from bot.documents.compliance import FORMATS, UnknownFormat, filename, write
from bot.documents.compliance.tables import CSV_COLUMNS, report_csv, report_markdown
from bot.domain.actions import ActionStatus, Rag
from bot.domain.compliance import ActionLine, ComplianceReport, InspectionLine, Period
from bot.domain.deadlines import DeadlineRule
from tests.paths import REPOSITORY


def small_report() -> ComplianceReport:
    """Two inspections and two actions, with words a spreadsheet or a table could trip on."""
    return ComplianceReport(
        period=Period(date(2024, 4, 1), date(2025, 3, 31), "2024-25"),
        as_of=date(2025, 4, 30),
        office_rule=DeadlineRule.PLUS56,
        inspections=(
            InspectionLine(
                "S55-1", "=HYPERLINK(\"x\") | piped", date(2024, 4, 2), date(2024, 5, 27),
                date(2024, 5, 20), "complete",
            ),
            InspectionLine(
                "S55-2", "Custody, \"quoted\"\nover two lines", date(2024, 6, 3),
                date(2024, 7, 28), date(2024, 7, 30), "complete",
            ),
        ),
        actions=(
            ActionLine(
                "S55-1", "Recommendation 1", "recommendation", "Words", "Head of | Vetting",
                date(2025, 1, 31), ActionStatus.IN_PROGRESS, Rag.RED,
            ),
            ActionLine(
                "S55-2", "AFI 1", "afi", "Words", "", None, ActionStatus.NOT_STARTED, Rag.AMBER,
            ),
        ),
        awaiting_answer=1,
        area="Norfolk",
    )  # fmt: skip


def test_the_csv_is_one_table_one_row_per_inspection_under_one_header() -> None:
    rows = list(csv.reader(io.StringIO(report_csv(small_report()), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[1:] == [
        [
            "S55-1",
            '\'=HYPERLINK("x") | piped',  # a spreadsheet shows it, never runs it
            "2024-04-02",
            "2024-05-27",
            "2024-05-20",
            "7",
            "complete",
            "on time",
        ],
        [
            "S55-2",
            'Custody, "quoted"\nover two lines',
            "2024-06-03",
            "2024-07-28",
            "2024-07-30",
            "-2",
            "complete",
            "late",
        ],
    ]


def test_the_markdown_says_the_rule_the_figures_the_late_and_the_overdue() -> None:
    text = report_markdown(small_report())
    assert text.startswith("# Section 55 compliance report: Norfolk, 2024-25\n\n")
    assert (
        "from 1 April 2024 to 31 March 2025; deadlines and target dates judged on 30 April 2025."
        in text
    )
    assert "on or before the statutory deadline" in text
    assert "The office's own countdown uses publication date + 56 days" in text
    assert (
        "- On time: 1 of 2 (50%)\n- Median days to publish: 52.5\n- Late: 1 (named below)" in text
    )
    assert '- S55-2 Custody, "quoted" over two lines — published 2 days after the deadline' in text
    assert '| S55-1 | =HYPERLINK("x") \\| piped | 2 Apr 2024 |' in text  # the cell holds
    assert "| In progress | 1 |\n| Complete | 0 |" in text
    assert "| Red | 1 |\n| Amber | 1 |\n| Green | 0 |" in text
    assert text.endswith(
        "| S55-1 | Recommendation 1 | Words | Head of \\| Vetting | 31 Jan 2025 | In progress |\n"
    )
    assert "awaiting an answer: 1 · overdue: 1" in text


def test_the_same_report_gives_the_same_bytes_twice() -> None:
    for fmt in ("csv", "md"):
        assert write(small_report(), fmt) == write(small_report(), fmt)


def test_the_csv_is_byte_identical_in_another_process() -> None:
    # Another interpreter hashes strings with another seed: no set or dict order may leak.
    program = (
        "import sys; from tests.bot.documents.compliance.test_tables import small_report; "
        "from bot.documents.compliance import write; "
        "sys.stdout.buffer.write(write(small_report(), 'csv'))"
    )
    other = subprocess.run(
        [sys.executable, "-c", program],
        cwd=REPOSITORY,
        capture_output=True,
        check=True,
        env={"PYTHONHASHSEED": "random", "PATH": ""},
        timeout=60,
    )
    assert other.stdout == write(small_report(), "csv")


def test_files_are_named_by_their_period() -> None:
    report = small_report()
    assert [filename(report, fmt) for fmt in FORMATS] == [
        "s55-compliance-2024-25.html",
        "s55-compliance-2024-25.docx",
        "s55-compliance-2024-25.csv",
        "s55-compliance-2024-25.md",
    ]
    quarter = Period(date(2024, 1, 1), date(2024, 3, 31), "1 Jan 2024 to 31 Mar 2024")
    ranged = ComplianceReport(quarter, date(2024, 4, 1), DeadlineRule.STATUTORY, (), ())
    assert filename(ranged, "md") == "s55-compliance-2024-01-01-to-2024-03-31.md"


@pytest.mark.parametrize("fmt", ["pdf", "", "xlsx"])
def test_an_unknown_format_is_refused_naming_the_four(fmt: str) -> None:
    with pytest.raises(UnknownFormat) as refused:
        write(small_report(), fmt)
    assert str(refused.value).endswith("choose `html`, `docx`, `csv`, `md`.")
