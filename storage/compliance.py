"""Named queries for the compliance report (issue 16): the inspections of a period with all it
reads of them, loaded together so that a year costs a handful of statements, not one per
inspection."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from storage.models import Inspection, ReportItem

# One statement for the inspections, then one each for their steps, items (not removed), the
# items' answers and the items' progress: five, however many inspections.
_REPORT_LOADED = (
    selectinload(Inspection.steps),
    selectinload(Inspection.items).options(
        selectinload(ReportItem.answers), selectinload(ReportItem.progress)
    ),
)


def published_between(session: Session, start: date, end: date) -> Sequence[Inspection]:
    """Every inspection whose HMICFRS report was published from ``start`` to ``end`` (both
    included), withdrawn ones too, in order of publication, with its step confirmations and
    its items' answers and progress."""
    return session.scalars(
        select(Inspection)
        .where(Inspection.published >= start, Inspection.published <= end)
        .options(*_REPORT_LOADED)
        .order_by(Inspection.published, Inspection.number)
    ).all()
