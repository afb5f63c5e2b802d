"""Named queries for the compliance report (docs/rules.md#r18): the inspections of a period with all
it reads of them, loaded together so that a year costs a handful of statements, not one per
inspection."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from storage.models import AuditEvent, Inspection, ReportItem

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
    included), in order of publication, with its step confirmations and its items' answers and
    progress; but withdrawn ones, logged by mistake, which no report shows."""
    return session.scalars(
        select(Inspection)
        .where(
            Inspection.published >= start,
            Inspection.published <= end,
            Inspection.state != WITHDRAWN,
        )
        .options(*_REPORT_LOADED)
        .order_by(Inspection.published, Inspection.number)
    ).all()


WITHDRAWN = "withdrawn"  # bot.domain.inspection.State (storage does not import the domain)

# Names the lock that makes concurrent requests for a report take turns on PostgreSQL.
REPORT_REQUEST_LOCK = 55_0016


def same_request_since(
    session: Session, *, action: str, actor: str, details: dict[str, Any], since: datetime
) -> AuditEvent | None:
    """The audit row of the same request (``action`` by ``actor`` with these ``details``)
    made since ``since``, if any. Concurrent requests take turns until this transaction ends
    (PostgreSQL: an advisory lock; SQLite: every writing session holds the one write lock), so
    that a double click finds the first click's row."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(REPORT_REQUEST_LOCK)))
    rows = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == action, AuditEvent.actor == actor, AuditEvent.at >= since)
        .order_by(AuditEvent.id)
    )
    return next((row for row in rows if row.details == details), None)
