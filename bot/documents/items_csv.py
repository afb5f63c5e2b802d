"""The items as CSV, one row per item, in the columns the HMICFRS Monitoring Portal asks for."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from bot import copy
from bot.domain.answers import ItemResponse
from bot.domain.inspection import format_reference
from bot.domain.items import DirectedAt, ItemKind
from storage.models import ReportItem

COLUMNS = (
    "reference",
    "inspection",
    "published",
    "kind",
    "number",
    "directed at",
    "response",
    "action",
    "owner",
    "target date",
    "state",
)
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def items_csv(items: Iterable[ReportItem]) -> str:
    """``items`` with their inspection and answers loaded (storage.items)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for item in items:
        writer.writerow([_cell(value) for value in _row(item)])
    return out.getvalue()


def _row(item: ReportItem) -> list[str]:
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
        directed.label,
        ItemResponse(answer.response).label if answer else "",
        answer.action if answer else "",
        answer.owner if answer else "",
        answer.target_date.isoformat() if answer and answer.target_date else "",
        state,
    ]


def _cell(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value
