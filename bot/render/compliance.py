"""The compliance report as one Slack message (``/s55 report``, the Home tab's button), and
the Home tab's year so far. The message is the summary a panel member reads in the channel;
every inspection, item and chart is in the files posted in its thread.

Slack allows 50 blocks and 3,000 characters a section: each list (late ones, overdue actions)
is one section, cut short with "…and N more" so that whatever the year holds, Slack takes it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TypeVar

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot import copy, ids
from bot.domain.actions import ActionStatus, Rag
from bot.domain.buttons import Year
from bot.domain.compliance import ActionLine, ComplianceReport, Figures, InspectionLine
from bot.render.text import escape, shorten

SECTION_LIMIT = 3000
TITLE_LIMIT = 90  # an inspection's title in a list line
LABEL_LIMIT = 60  # "Recommendation 4"; longer only if a report numbers oddly
OWNER_LIMIT = 80
MAX_LISTED = 12  # per list: the summary names a dozen; the files name every one

Line = TypeVar("Line")


def report_message(report: ComplianceReport, *, actor: str) -> tuple[str, list[Block]]:
    """(fallback text, blocks) of the report's summary message in the channel."""
    period = report.period
    overdue = report.overdue_actions
    fallback = copy.report_fallback(
        period.label, len(report.on_time), len(report.counted), len(overdue)
    )
    blocks: list[Block] = [
        HeaderBlock(text=shorten(copy.report_heading(period.label), 150)),
        _context(copy.report_context(period.start, period.end, report.as_of, actor)),
        _section(_timeliness(report)),
        _section(
            _listed(
                copy.report_late_heading(len(report.late)),
                report.late,
                lambda line: _late_line(line, report.as_of),
            )
        ),
        DividerBlock(),
        *_items(report),
        _section(_listed(copy.report_overdue_heading(len(overdue)), overdue, _overdue_line)),
    ]
    blocks += [_context(escape(note)) for note in report.notes[:5]]
    return fallback, blocks


def year_so_far_blocks(report: Figures) -> list[Block]:
    """The Home tab's line and its button, which posts this period's report in the channel."""
    line = copy.year_so_far(report.on_time, report.counted, report.overdue_actions)
    button = ButtonElement(
        text=copy.post_report_button(report.period.label),
        action_id=ids.POST_REPORT,
        value=Year(report.period.start.year).encode(),  # the Home tab's period: this calendar year
    )
    return [
        SectionBlock(block_id=ids.HOME_YEAR_BLOCK, text=MarkdownTextObject(text=line)),
        ActionsBlock(elements=[button]),
    ]


def _timeliness(report: ComplianceReport) -> str:
    lines = [
        copy.report_on_time(
            len(report.on_time), len(report.counted), report.on_time_percent, report.as_of
        ),
        copy.report_rule(report.office_rule.value),  # as the report's files say it
        copy.report_median(report.median_days_to_publish),
    ]
    not_counted = copy.report_not_counted(
        {verdict.value: count for verdict, count in report.not_counted.items()}
    )
    return "\n".join([*lines, *([not_counted] if not_counted else [])])


def _items(report: ComplianceReport) -> list[Block]:
    statuses = report.status_counts()
    rags = report.rag_counts()
    by_status = "\n".join(f"{status.label}: {statuses[status]}" for status in ActionStatus)
    by_rag = "\n".join(f"{rag.emoji} {rag.label}: {rags[rag]}" for rag in Rag)
    blocks: list[Block] = [
        SectionBlock(
            fields=[
                MarkdownTextObject(text=f"{copy.REPORT_STATUS_HEADING}\n{by_status}"),
                MarkdownTextObject(text=f"{copy.REPORT_RAG_HEADING}\n{by_rag}"),
            ]
        )
    ]
    if report.awaiting_answer:
        blocks.append(_context(copy.report_awaiting(report.awaiting_answer)))
    return blocks


def _late_line(line: InspectionLine, as_of: date) -> str:
    """Late by the day it was published, or, still unpublished, by the report's day."""
    title = escape(shorten(line.title, TITLE_LIMIT))
    if line.days_early is None:
        return copy.report_late_line(
            line.reference, title, (as_of - line.deadline).days, still_open=True
        )
    return copy.report_late_line(line.reference, title, -line.days_early, still_open=False)


def _overdue_line(action: ActionLine) -> str:
    label = escape(shorten(action.label, LABEL_LIMIT))
    owner = escape(shorten(action.owner, OWNER_LIMIT))  # typed text: never a live mention
    if action.target is None:  # ComplianceReport.overdue_actions: each is past its target
        raise ValueError(f"{action.reference} {action.label}: overdue with no target date")
    return copy.report_overdue_line(action.reference, label, owner, action.target)


def _listed(heading: str, lines: Sequence[Line], render: Callable[[Line], str]) -> str:
    """The heading and up to MAX_LISTED lines, within a section's limit, then how many more."""
    shown = [heading]
    for count, line in enumerate(lines):
        more = copy.report_more(len(lines) - count)
        text = render(line)
        fits = len("\n".join([*shown, text, more])) <= SECTION_LIMIT
        if count == MAX_LISTED or not fits:
            return "\n".join([*shown, more])
        shown.append(text)
    return "\n".join(shown)


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=shorten(text, SECTION_LIMIT)))


def _context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=shorten(text, SECTION_LIMIT))])
