"""Named queries for the recommendations and AFIs recorded as items, and their answers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from storage.loading import every_row
from storage.models import Inspection, ItemAnswer, ItemProgress, ReportItem, item_kind_order


@dataclass(frozen=True)
class ItemFacts:
    """An item as a person confirmed it, to be stored."""

    kind: str
    number: str
    text: str
    due: date | None
    directed_at: str
    addressees: str
    under: str | None = None  # a recommendation's cause of concern


@dataclass(frozen=True)
class Changes:
    added: int
    changed: int
    removed: int


# What every reader of an item needs: its answers, its progress, its inspection.
_LOADED = (
    selectinload(ReportItem.answers),
    selectinload(ReportItem.progress),
    selectinload(ReportItem.inspection).selectinload(Inspection.steps),
)

# The same for every followed item at once (the reminder pass): each in one statement however
# many items there are (storage.loading).
_EVERY_LOADED = (
    (ReportItem.answers,),
    (ReportItem.progress,),
    (ReportItem.inspection, Inspection.steps),
)

KIND_ORDER = item_kind_order()

# Inspections whose items' progress is no longer followed: withdrawn, or never responded to.
UNFOLLOWED_STATES = ("withdrawn", "no response required")


def items_of(session: Session, inspection_id: int) -> Sequence[ReportItem]:
    """The items on record (not removed), causes of concern first, in the report's order."""
    return session.scalars(
        select(ReportItem)
        .where(ReportItem.inspection_id == inspection_id, ReportItem.removed.is_(False))
        .options(*_LOADED)
        .order_by(KIND_ORDER, ReportItem.position)
    ).all()


def all_items(session: Session) -> Sequence[ReportItem]:
    """Every item on record, for the HMICFRS Monitoring Portal export."""
    return session.scalars(
        select(ReportItem)
        .join(Inspection, Inspection.id == ReportItem.inspection_id)
        .where(ReportItem.removed.is_(False), Inspection.state != "withdrawn")
        .options(*_LOADED)
        .order_by(Inspection.number, KIND_ORDER, ReportItem.position)
    ).all()


def item_by_id(session: Session, item_id: int) -> ReportItem | None:
    return session.get(ReportItem, item_id)


def record_items(
    session: Session,
    inspection: Inspection,
    kind: str,
    confirmed: Sequence[ItemFacts],
    *,
    actor: str,
    now: datetime,
) -> Changes:
    """Make the items of ``kind`` what was confirmed (``inspection`` locked by the caller): an
    item of the same number that opens with the same words is the same item and keeps its
    answers (its words and proposal updated); any other is new, and one no longer confirmed is
    marked removed, its answers with it, so that no answer ever stands under other words."""
    on_record = {
        i.number: i
        for i in session.scalars(
            select(ReportItem).where(
                ReportItem.inspection_id == inspection.id,
                ReportItem.kind == kind,
                ReportItem.removed.is_(False),
            )
        )
    }
    kept = {
        facts.number: on_record.pop(facts.number)
        for facts in confirmed
        if facts.number in on_record
        and _opening(on_record[facts.number].text) == _opening(facts.text)
    }
    for gone in on_record.values():
        gone.removed = True
    session.flush()  # removed before any new item takes a removed one's number
    added = changed = 0
    for position, facts in enumerate(confirmed):
        item = kept.get(facts.number)
        if item is None:
            added += 1
            item = ReportItem(inspection_id=inspection.id, kind=kind, number=facts.number)
            session.add(item)
        elif (item.text, item.due, item.directed_at, item.under) != (
            facts.text,
            facts.due,
            facts.directed_at,
            facts.under,
        ):
            changed += 1
        item.position, item.text, item.due, item.under = (
            position,
            facts.text,
            facts.due,
            facts.under,
        )
        item.directed_at, item.addressees = facts.directed_at, facts.addressees
        item.recorded_by, item.recorded_at, item.removed = actor, now, False
    session.flush()
    return Changes(added, changed, len(on_record))


def _opening(text: str, words: int = 8) -> list[str]:
    return [w.strip(".,;:").casefold() for w in text.split()[:words]]


def remove_items(session: Session, inspection_id: int, kind: str) -> int:
    """The report makes none of ``kind`` after all: its items leave the record (kept, marked)."""
    items = session.scalars(
        select(ReportItem).where(
            ReportItem.inspection_id == inspection_id,
            ReportItem.kind == kind,
            ReportItem.removed.is_(False),
        )
    ).all()
    for item in items:
        item.removed = True
    return len(items)


def add_answer(
    session: Session,
    item: ReportItem,
    *,
    response: str,
    action: str,
    owner: str,
    target_date: date | None,
    actor: str,
    now: datetime,
) -> ItemAnswer:
    answer = ItemAnswer(
        item_id=item.id,
        revision=_next_revision(session, ItemAnswer, item.id),
        response=response,
        action=action,
        owner=owner,
        target_date=target_date,
        answered_by=actor,
        answered_at=now,
    )
    session.add(answer)
    session.flush()
    return answer


def followed_items(session: Session) -> Sequence[ReportItem]:
    """Every answered item still on record whose inspection is followed up (not withdrawn, not
    "no response required"), complete or not: the reminder pass picks the open actions."""
    return every_row(
        session,
        select(ReportItem)
        .join(Inspection, Inspection.id == ReportItem.inspection_id)
        .where(
            ReportItem.removed.is_(False),
            Inspection.state.not_in(UNFOLLOWED_STATES),
            ReportItem.answers.any(),
        )
        .order_by(Inspection.number, KIND_ORDER, ReportItem.position),
        _EVERY_LOADED,
    )


def add_progress(
    session: Session,
    item: ReportItem,
    *,
    status: str,
    note: str,
    target_date: date | None,
    actor: str,
    now: datetime,
) -> ItemProgress:
    """The item's next progress revision (``target_date`` None: the current target stands)."""
    progress = ItemProgress(
        item_id=item.id,
        revision=_next_revision(session, ItemProgress, item.id),
        status=status,
        note=note,
        target_date=target_date,
        recorded_by=actor,
        recorded_at=now,
    )
    session.add(progress)
    session.flush()
    return progress


def _next_revision(session: Session, kept: type[ItemAnswer | ItemProgress], item_id: int) -> int:
    """An item's answers and updates are each numbered 1, 2, … (the inspection is locked)."""
    latest = session.scalar(select(func.max(kept.revision)).where(kept.item_id == item_id))
    return (latest or 0) + 1
