"""The compliance report's words and table cells, shared by its HTML page and its Word file so
that both say the same. Every figure comes from the report object; a value nobody recorded is a
dash or a phrase, never "None"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot import copy
from bot.domain.actions import ActionStatus, Rag
from bot.domain.compliance import ActionLine, ComplianceReport, InspectionLine

MISSING = "—"


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # a class per row for the page (the result: "late", "on-time"…), empty when none
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Content:
    title: str
    scope: str
    rule: str
    summary: tuple[str, ...]
    late: tuple[str, ...]  # each late inspection named, with how late
    inspections: Table
    by_status: Table
    by_rag: Table
    overdue: Table
    actions: Table
    notes: tuple[str, ...]


def content(report: ComplianceReport) -> Content:
    period = report.period
    return Content(
        title=copy.report_title(report.area, period.label),
        scope=copy.report_scope(period.start, period.end, report.as_of),
        rule=copy.report_rule(report.office_rule.value),
        summary=tuple(summary_lines(report)),
        late=tuple(late_lines(report)),
        inspections=_inspections(report),
        by_status=_counts(copy.REPORT_STATUS_COLUMN, report.status_counts()),
        by_rag=_counts(copy.REPORT_RAG_COLUMN, report.rag_counts()),
        overdue=_overdue(report.overdue_actions),
        actions=_actions(report.actions),
        notes=report.notes,
    )


def summary_lines(report: ComplianceReport) -> list[str]:
    """The headline figures, one sentence each."""
    left_out = [f"{count} {verdict.value}" for verdict, count in report.not_counted.items()]
    return [
        copy.on_time_figure(len(report.on_time), len(report.counted), report.on_time_percent),
        copy.median_figure(report.median_days_to_publish),
        f"Late: {len(report.late)}" + (" (named below)" if report.late else ""),
        "Not counted: " + (", ".join(left_out) if left_out else "none"),
        f"Recommendations and AFIs followed up: {len(report.actions)} · awaiting an answer: "
        f"{report.awaiting_answer} · overdue: {len(report.overdue_actions)}",
    ]


def late_lines(report: ComplianceReport) -> list[str]:
    """Each late inspection named, with how late."""
    return [
        f"{i.reference} {_text(i.title)} — {copy.late_phrase(i.days_early, i.deadline)}"
        for i in report.late
    ]


def day(value: date | None) -> str:
    """``16 Jan 2024``: short enough that eight columns fit a printed page."""
    return f"{value.day} {value:%b %Y}" if value else MISSING


def _inspections(report: ComplianceReport) -> Table:
    lines = report.inspections
    return Table(
        header=copy.REPORT_INSPECTION_COLUMNS,
        rows=tuple(_inspection(report, line) for line in lines),
        kinds=tuple(report.verdict(line).value.replace(" ", "-") for line in lines),
    )


def _inspection(report: ComplianceReport, line: InspectionLine) -> tuple[str, ...]:
    early = line.days_early
    return (
        line.reference,
        _text(line.title),
        day(line.published),
        day(line.deadline),
        day(line.responded),
        MISSING if early is None else _sentence_case(copy.days_early_phrase(early)),
        _sentence_case(line.state),
        _sentence_case(report.verdict(line).value),
    )


def _counts(column: str, counts: dict[ActionStatus, int] | dict[Rag, int]) -> Table:
    return Table(
        header=(column, copy.REPORT_COUNT_COLUMN),
        rows=tuple((key.label, str(n)) for key, n in counts.items()),
        kinds=tuple(key.value.replace("_", "-") for key in counts),
    )


def _overdue(actions: list[ActionLine]) -> Table:
    return Table(
        header=copy.REPORT_OVERDUE_COLUMNS,
        rows=tuple(
            (a.reference, a.label, _text(a.text), _owner(a), day(a.target), a.status.label)
            for a in actions
        ),
    )


def _actions(actions: tuple[ActionLine, ...]) -> Table:
    return Table(
        header=copy.REPORT_ACTION_COLUMNS,
        rows=tuple(
            (a.reference, a.label, _owner(a), day(a.target), a.status.label, a.rag.label)
            for a in actions
        ),
        kinds=tuple(a.rag.value for a in actions),
    )


def _owner(action: ActionLine) -> str:
    return _text(action.owner) or copy.REPORT_NOT_RECORDED


def _text(value: str | None) -> str:
    return " ".join((value or "").split())


def _sentence_case(value: str) -> str:
    return value[:1].upper() + value[1:]
