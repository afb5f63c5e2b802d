"""Named queries for a draft's items under review (bot.items.reviewing): one row per Review
opened, holding the items as the person has them so far."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage import queries
from storage.models import ItemReview, ResponseDraft


def open_review(
    session: Session,
    *,
    draft_id: int,
    draft_version: int,
    actor: str,
    now: datetime,
    items: list[dict[str, Any]],
    doubts: list[dict[str, Any]],
) -> ItemReview:
    review = ItemReview(
        draft_id=draft_id,
        draft_version=draft_version,
        opened_by=actor,
        opened_at=now,
        revision=1,
        page=0,
        items=items,
        doubts=doubts,
    )
    session.add(review)
    session.flush()
    return review


def review_by_id(session: Session, review_id: int, *, lock: bool = False) -> ItemReview | None:
    """The review (``lock``: held until the transaction ends, so that two clicks on the same
    form apply one after the other)."""
    query = select(ItemReview).where(ItemReview.id == review_id)
    if lock:
        query = query.with_for_update()
    return session.scalars(query).first()


def save_review(review: ItemReview, *, items: list[dict[str, Any]], page: int) -> None:
    review.items, review.page, review.revision = items, page, review.revision + 1


def draft_of(session: Session, review: ItemReview) -> ResponseDraft:
    return queries.stored_row(session, ResponseDraft, review.draft_id)
