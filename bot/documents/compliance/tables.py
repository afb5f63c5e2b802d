"""The compliance report as CSV and as Markdown. Plain text from plain values: the same report
gives the same characters, in any process (no clock, no set or dict order of our own)."""

from __future__ import annotations

import csv
import io

from bot import copy
from bot.documents.compliance.content import Table, content
from bot.domain.compliance import ComplianceReport, InspectionLine

# The CSV is one table: one row per inspection, under one header row. A spreadsheet user sorts
# and filters it, counts a column (COUNTIF(I:I, "late")) or pastes it into the panel's own
# workbook, and every one of those breaks on summary rows above the header or a second table
# below it (Excel's filter takes the first row as the header; so do pandas and Power Query).
# The summary figures follow from its "result" column, and are written out in the md, html
# and docx reports; each item's answer is in `s55bot items --csv`.
CSV_COLUMNS = (
    "reference",
    "title",
    "published",
    "statutory deadline",
    "response published",
    "days early",  # negative: days late
    "state",
    "result",  # on time, late, not yet due, no response required
)
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def report_csv(report: ComplianceReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for line in report.inspections:
        writer.writerow(_csv_row(report, line))
    return out.getvalue()


def _csv_row(report: ComplianceReport, line: InspectionLine) -> list[str]:
    return [
        line.reference,
        _cell(line.title),
        line.published.isoformat(),
        line.deadline.isoformat(),
        line.responded.isoformat() if line.responded else "",
        "" if line.days_early is None else str(line.days_early),  # a number, never a formula
        line.state,
        report.verdict(line).value,
    ]


def _cell(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def report_markdown(report: ComplianceReport) -> str:
    """The whole report as readable text, from the same words and cells as the page and the
    Word file (bot.documents.compliance.content)."""
    said = content(report)
    parts = [
        f"# {said.title}",
        said.scope,
        said.rule,
        "## Summary\n\n" + _bullets(said.summary),
        "## Late responses\n\n" + (_bullets(said.late) or "None."),
        "## Inspections\n\n" + _table_or(said.inspections, copy.REPORT_NO_INSPECTIONS),
        "## Recommendations and AFIs\n\n### By status\n\n"
        + _table(said.by_status)
        + "\n\n### By RAG\n\n"
        + _table(said.by_rag),
        "## Overdue actions\n\n" + _table_or(said.overdue, copy.REPORT_NO_OVERDUE),
    ]
    return "\n\n".join(parts) + "\n"


def _bullets(lines: tuple[str, ...]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def _table_or(table: Table, nothing: str) -> str:
    return _table(table) if table.rows else nothing


def _table(table: Table) -> str:
    lines = [table.header, tuple("---" for _ in table.header), *table.rows]
    return "\n".join("| " + " | ".join(_cell_text(c) for c in cells) + " |" for cells in lines)


def _cell_text(value: str) -> str:
    """One line that cannot end a table cell or start Markdown of its own."""
    return " ".join(value.split()).replace("\\", "\\\\").replace("|", "\\|")
