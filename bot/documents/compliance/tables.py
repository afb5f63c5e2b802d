"""The compliance report as CSV and as Markdown. Plain text from plain values: the same report
gives the same characters, in any process (no clock, no set or dict order of our own)."""

from __future__ import annotations

import csv
import io
from datetime import date

from bot import copy
from bot.domain.compliance import ActionLine, ComplianceReport, InspectionLine

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
    "result",  # on time, late, not yet due, withdrawn, no response required
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
    parts = [
        f"# {_text(copy.report_title(report.area, report.period.label))}",
        copy.report_scope(report.period.start, report.period.end, report.as_of),
        copy.report_rule(report.office_rule.value),
        "## Summary\n\n" + _bullets(summary_lines(report)),
        "## Late responses\n\n" + (_bullets(late_lines(report)) or "None."),
        "## Inspections\n\n" + _inspections_table(report),
        "## Recommendations and AFIs\n\n" + _counts_tables(report),
        "## Overdue actions\n\n" + _overdue(report.overdue_actions),
    ]
    return "\n\n".join(parts) + "\n"


def summary_lines(report: ComplianceReport) -> list[str]:
    """The headline figures, one sentence each (also for the html and docx reports)."""
    left_out = [f"{count} {verdict.value}" for verdict, count in report.not_counted.items()]
    return [
        copy.on_time_figure(len(report.on_time), len(report.counted)),
        copy.median_figure(report.median_days_to_publish),
        f"Late: {len(report.late)}" + (" (named below)" if report.late else ""),
        "Not counted: " + (", ".join(left_out) if left_out else "none"),
        f"Recommendations and AFIs followed up: {len(report.actions)} · awaiting an answer: "
        f"{report.awaiting_answer} · overdue: {len(report.overdue_actions)}",
    ]


def late_lines(report: ComplianceReport) -> list[str]:
    """Each late inspection named, with how late (also for the html and docx reports)."""
    return [
        f"{i.reference} {_text(i.title)} — {copy.late_phrase(i.days_early, i.deadline)}"
        for i in report.late
    ]


def _inspections_table(report: ComplianceReport) -> str:
    if not report.inspections:
        return "No inspection report was published in this period."
    header = (
        "Reference",
        "Title",
        "Published",
        "Statutory deadline",
        "Response published",
        "Against the deadline",
        "State",
        "Result",
    )
    rows = [
        (
            line.reference,
            _text(line.title),
            _day(line.published),
            _day(line.deadline),
            _day(line.responded) if line.responded else "—",
            "—" if line.days_early is None else copy.days_early_phrase(line.days_early),
            line.state,
            report.verdict(line).value,
        )
        for line in report.inspections
    ]
    return _table(header, rows)


def _counts_tables(report: ComplianceReport) -> str:
    statuses = [(s.label, str(n)) for s, n in report.status_counts().items()]
    rags = [(r.label, str(n)) for r, n in report.rag_counts().items()]
    return (
        "### By status\n\n"
        + _table(("Status", "Items"), statuses)
        + "\n\n### By RAG\n\n"
        + _table(("RAG", "Items"), rags)
    )


def _overdue(actions: list[ActionLine]) -> str:
    if not actions:
        return "None."
    rows = [
        (
            a.reference,
            a.label,
            _text(a.owner) or copy.REPORT_NOT_RECORDED,
            _day(a.target) if a.target else copy.REPORT_NOT_RECORDED,
            a.status.label,
        )
        for a in actions
    ]
    return _table(("Reference", "Item", "Owner", "Target date", "Status"), rows)


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = [header, tuple("---" for _ in header), *rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def _text(value: str) -> str:
    """One line that cannot end a table cell or start Markdown of its own."""
    return " ".join(value.split()).replace("\\", "\\\\").replace("|", "\\|")


def _day(day: date) -> str:
    return copy.long_date(day)
