"""The items as CSV, one row per item, in the columns the HMICFRS Monitoring Portal asks for:
each item's stated due date (ISO), and where it stands in the recommendation register's words
(bot.domain.register)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from bot import copy
from bot.domain.actions import stored_state
from bot.domain.answers import ItemResponse
from bot.domain.inspection import State, format_reference
from bot.domain.items import DirectedAt, ItemKind
from bot.domain.outcome import publishing_step
from bot.domain.register import register_status
from storage.models import Inspection, ReportItem

COLUMNS = (
    "reference",
    "inspection",
    "published",
    "kind",
    "number",
    "due date",  # as the report states it ("By 1 November 2020"): 2020-11-01
    "directed at",
    "response",
    "action",
    "owner",
    "target date",
    "state",
    "HMICFRS register status",  # awaiting review, being progressed, complete, no further action
)
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def items_csv(items: Iterable[ReportItem], *, steps: Sequence[str]) -> str:
    """``items`` with their inspection (and its steps), answers and progress loaded
    (storage.items); ``steps``: the office's, whose publishing step says the response is
    published."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in items:
        writer.writerow([_cell(value) for value in _row(item, steps)])
    return out.getvalue()


def _row(item: ReportItem, steps: Sequence[str]) -> list[str]:
    answer = item.answers[-1] if item.answers else None
    directed = DirectedAt(item.directed_at)
    if not directed.needs_answer:
        state = copy.CSV_STATE_NOT_REQUIRED
    else:
        state = copy.CSV_STATE_ANSWERED if answer else copy.CSV_STATE_UNANSWERED
    return [
        format_reference(item.inspection.number),
        item.inspection.title,
        item.inspection.published.isoformat(),
        ItemKind(item.kind).label,
        item.number,
        item.due.isoformat() if item.due else "",
        directed.label,
        ItemResponse(answer.response).label if answer else "",
        answer.action if answer else "",
        answer.owner if answer else "",
        answer.target_date.isoformat() if answer and answer.target_date else "",
        state,
        _register(item, steps),
    ]


def _register(item: ReportItem, steps: Sequence[str]) -> str:
    status = stored_state(item.answers[-1], item.progress).status if item.answers else None
    found = register_status(
        needs_answer=DirectedAt(item.directed_at).needs_answer,
        status=status,
        published=_published(item.inspection, steps),
    )
    return found.label if found else ""


def _published(inspection: Inspection, steps: Sequence[str]) -> bool:
    """The response is published: its publishing step stands (or it is complete, under a list
    of steps the office has since changed)."""
    step = publishing_step(steps)
    standing = any(s.step == step and s.undone_at is None for s in inspection.steps)
    return standing or inspection.state == State.COMPLETE


def _cell(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value
