"""The compliance report as files: html and docx (charts embedded), csv and md."""

from __future__ import annotations

import re

from bot import copy
from bot.domain.compliance import ComplianceReport
from bot.domain.errors import S55Error

FORMATS = ("html", "docx", "csv", "md")


class UnknownFormat(S55Error):
    """Not one of FORMATS; str() is the one line to show."""


def parse_format(text: str) -> str:
    fmt = text.strip().lower().lstrip(".")
    if fmt not in FORMATS:
        raise UnknownFormat(copy.report_format_unknown(text, FORMATS))
    return fmt


def write(report: ComplianceReport, fmt: str, *, pngs: tuple[bytes, bytes] | None = None) -> bytes:
    """The report in ``fmt`` (one of FORMATS), as the bytes of its file; ``pngs``: its two
    charts as PNG where already drawn, for the Word file (report_docx)."""
    fmt = parse_format(fmt)
    if fmt == "html":
        from bot.documents.compliance.html import report_html  # helper C's, merged later

        return report_html(report).encode("utf-8")
    if fmt == "docx":
        from bot.documents.compliance.docx import report_docx

        return report_docx(report, pngs)
    from bot.documents.compliance.tables import report_csv, report_markdown

    text = report_csv(report) if fmt == "csv" else report_markdown(report)
    return text.encode("utf-8")


def filename(report: ComplianceReport, fmt: str) -> str:
    """``s55-compliance-2024.html``; a range by its days: ``…-2024-01-01-to-2024-03-31.md``."""
    period = report.period
    label = period.label
    if not re.fullmatch(r"\d{4}(-\d{2})?", label):
        label = f"{period.start.isoformat()}-to-{period.end.isoformat()}"
    return f"s55-compliance-{label}.{parse_format(fmt)}"
