"""Named queries for the compliance report (docs/rules.md#r18): the inspections of a period with all
it reads of them, loaded together so that a year costs a handful of statements, not one per
inspection."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, case, func, select, type_coerce
from sqlalchemy.orm import Session, aliased, selectinload

from storage.models import (
    AuditEvent,
    Inspection,
    ItemAnswer,
    ItemProgress,
    ReportItem,
    StepConfirmation,
)
from storage.types import UTCDateTime

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


# The year so far (the Home tab's line) from aggregates: one narrow row per inspection and one
# per answered item, never the objects behind them, so that it costs two statements however
# long the year.
NOT_FOLLOWED = "no response required"  # bot.compliance.report._NO_ACTIONS: no actions listed


@dataclass(frozen=True)
class RespondedRow:
    """An inspection published in the period: when its publishing step was confirmed (and not
    undone), and when its last standing step was."""

    published: date
    state: str
    publishing_confirmed: datetime | None
    last_confirmed: datetime | None


def responded_rows(
    session: Session, start: date, end: date, *, publishing_step: str
) -> list[RespondedRow]:
    """One row for each inspection published from ``start`` to ``end`` (not withdrawn), its
    step confirmations aggregated (one publishing step stands at most: the unique index
    uq_step_confirmation_active)."""
    standing = StepConfirmation.undone_at.is_(None)
    publishing = case(
        (and_(standing, StepConfirmation.step == publishing_step), StepConfirmation.confirmed_at)
    )
    last = case((standing, StepConfirmation.confirmed_at))
    rows = session.execute(
        select(
            Inspection.published,
            Inspection.state,
            type_coerce(func.max(publishing), UTCDateTime()),
            type_coerce(func.max(last), UTCDateTime()),
        )
        .outerjoin(StepConfirmation, StepConfirmation.inspection_id == Inspection.id)
        .where(
            Inspection.published >= start,
            Inspection.published <= end,
            Inspection.state != WITHDRAWN,
        )
        .group_by(Inspection.id, Inspection.published, Inspection.state)
    )
    return [RespondedRow(*row) for row in rows]


@dataclass(frozen=True)
class ActionRow:
    """An answered item needing an answer, of an inspection published in the period: its
    newest answer's response and target, its newest update's status and its newest revised
    target (None: no update, or none revised it)."""

    response: str
    answer_target: date | None
    status: str | None
    revised_target: date | None


def action_rows(
    session: Session, start: date, end: date, *, before: datetime, needing_answer: list[str]
) -> list[ActionRow]:
    """One row for each item directed at one of ``needing_answer``, answered before
    ``before``, of an inspection published from ``start`` to ``end`` that has actions to
    follow (neither withdrawn nor needing no response); its answers and updates recorded
    before ``before`` only."""
    # The period's items only: the answers and updates of every other year are not read.
    in_period = (
        select(ReportItem.id)
        .join(Inspection, Inspection.id == ReportItem.inspection_id)
        .where(Inspection.published >= start, Inspection.published <= end)
    )
    answered = (
        select(ItemAnswer.item_id, func.max(ItemAnswer.revision).label("revision"))
        .where(ItemAnswer.answered_at < before, ItemAnswer.item_id.in_(in_period))
        .group_by(ItemAnswer.item_id)
        .subquery()
    )
    updated = (
        select(ItemProgress.item_id, func.max(ItemProgress.revision).label("revision"))
        .where(ItemProgress.recorded_at < before, ItemProgress.item_id.in_(in_period))
        .group_by(ItemProgress.item_id)
        .subquery()
    )
    revised = (
        select(ItemProgress.item_id, func.max(ItemProgress.revision).label("revision"))
        .where(
            ItemProgress.recorded_at < before,
            ItemProgress.target_date.is_not(None),
            ItemProgress.item_id.in_(in_period),
        )
        .group_by(ItemProgress.item_id)
        .subquery()
    )
    answer, update, revision = aliased(ItemAnswer), aliased(ItemProgress), aliased(ItemProgress)
    rows = session.execute(
        select(answer.response, answer.target_date, update.status, revision.target_date)
        .select_from(ReportItem)
        .join(Inspection, Inspection.id == ReportItem.inspection_id)
        .join(answered, answered.c.item_id == ReportItem.id)
        .join(answer, and_(answer.item_id == ReportItem.id, answer.revision == answered.c.revision))
        .outerjoin(updated, updated.c.item_id == ReportItem.id)
        .outerjoin(
            update, and_(update.item_id == ReportItem.id, update.revision == updated.c.revision)
        )
        .outerjoin(revised, revised.c.item_id == ReportItem.id)
        .outerjoin(
            revision,
            and_(revision.item_id == ReportItem.id, revision.revision == revised.c.revision),
        )
        .where(
            Inspection.published >= start,
            Inspection.published <= end,
            Inspection.state.not_in((WITHDRAWN, NOT_FOLLOWED)),
            ReportItem.removed.is_(False),
            ReportItem.directed_at.in_(needing_answer),
        )
    )
    return [ActionRow(*row) for row in rows]
