"""**Review** of a draft's items: read once from the draft (with no database transaction open),
kept in a review of the person's own, changed page by page (whom each is for, its words, a join,
a split, an item added by hand) and recorded from there by **Record them** (bot.items.recording):
the draft is never split again inside the write.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from bot import copy
from bot.changes.permission import Refused, check_editor
from bot.domain import item_review
from bot.domain.inspection import format_reference
from bot.domain.item_review import (
    ITEMS_PER_PAGE,
    REVIEW_MAX,
    ItemWords,
    ReviewedItem,
    ReviewPage,
)
from bot.domain.items import ITEM_KIND_OF, SECTION_OF, Doubt, DoubtKind
from bot.domain.responses import ResponseKind
from bot.items.answering import check_answerable
from bot.items.extent import complete_kinds
from bot.responses.collection import draft_still_open
from bot.responses.proposals import draft_text, read_proposal
from bot.services import Services
from storage import reviews
from storage.models import ItemReview


def start_review(services: Services, *, draft_id: int, version: int, actor: str) -> ReviewPage:
    """Read the draft's items and keep them as this person's review (page 1)."""
    with services.db.session(read_only=True) as session:
        draft = draft_still_open(session, draft_id, version, lock=False)
        kind = ResponseKind(draft.kind)
        check_editor(services, actor, kind)
        check_answerable(draft.inspection)
        text = draft_text(draft)
    read = read_proposal(kind, text, services.settings)  # no transaction open while reading
    if not read.reviewable:
        raise Refused(copy.ITEMS_NOT_FOUND)
    if read.count > REVIEW_MAX:
        raise Refused(copy.items_too_many(read.count, REVIEW_MAX))
    items = item_review.from_proposal(read.items)
    with services.db.session() as session:
        review = reviews.open_review(
            session,
            draft_id=draft_id,
            draft_version=version,
            actor=actor,
            now=services.now(),
            items=[item.to_json() for item in items],
            doubts=[
                {"kind": d.kind.value, "count": d.count, "example": d.example} for d in read.doubts
            ],
        )
        return _page(session, review, 0)


def show_page(services: Services, review_id: int, page: int, chosen: dict[int, str]) -> ReviewPage:
    """Another page of the review (the choices made on the one left are kept)."""
    return change_review(services, review_id, lambda items: items, chosen=chosen, page=page)


def change_review(
    services: Services,
    review_id: int,
    change: Callable[[list[ReviewedItem]], list[ReviewedItem]],
    *,
    chosen: dict[int, str],
    page: int | None = None,
    page_of_uid: int | None = None,
) -> ReviewPage:
    """Apply the choices made on the form, then ``change``; show ``page`` (or the page that
    holds item ``page_of_uid``, or the page the person was on)."""
    with services.db.session() as session:
        review = _open_review(session, review_id)
        items = change(item_review.choose(_items(review), chosen))
        if page_of_uid is not None:
            at = next((n for n, i in enumerate(items) if i.uid == page_of_uid), 0)
            page = at // ITEMS_PER_PAGE
        reviews.save_review(
            review, items=[i.to_json() for i in items], page=review.page if page is None else page
        )
        return _page(session, review, review.page)


def review_item(services: Services, review_id: int, uid: int) -> ReviewedItem:
    """One item of the review, to edit or split in a form of its own."""
    with services.db.session(read_only=True) as session:
        review = _open_review(session, review_id, lock=False)
        found = next((i for i in _items(review) if i.uid == uid), None)
    if found is None:
        raise Refused(copy.REVIEW_ITEM_GONE)
    return found


def edit_item(services: Services, review_id: int, uid: int, words: ItemWords) -> ReviewPage:
    force = services.settings.force
    return change_review(
        services,
        review_id,
        lambda items: item_review.edit(items, uid, words, force_name=force),
        chosen={},
        page_of_uid=uid,
    )


def split_item(
    services: Services, review_id: int, uid: int, first: str, second: ItemWords
) -> ReviewPage:
    force = services.settings.force
    return change_review(
        services,
        review_id,
        lambda items: item_review.split(items, uid, first, second, force_name=force),
        chosen={},
        page_of_uid=uid,
    )


def add_item(services: Services, review_id: int, words: ItemWords) -> ReviewPage:
    force = services.settings.force
    added: list[int] = []

    def change(items: list[ReviewedItem]) -> list[ReviewedItem]:
        after = item_review.add(items, words, force_name=force)
        added.extend(i.uid for i in after if i.uid not in {x.uid for x in items})
        return after

    with_item = change_review(services, review_id, change, chosen={})
    if not added:
        return with_item
    return change_review(services, review_id, lambda items: items, chosen={}, page_of_uid=added[0])


def join_items(services: Services, review_id: int, uid: int, chosen: dict[int, str]) -> ReviewPage:
    return change_review(
        services,
        review_id,
        lambda items: item_review.join_with_next(items, uid),
        chosen=chosen,
        page_of_uid=uid,
    )


def _open_review(session: Session, review_id: int, *, lock: bool = True) -> ItemReview:
    """The review, if its draft is still the one it was opened on."""
    review = reviews.review_by_id(session, review_id, lock=lock)
    if review is None:
        raise Refused(copy.REVIEW_GONE)
    draft_still_open(session, review.draft_id, review.draft_version, lock=False)
    return review


def _items(review: ItemReview) -> list[ReviewedItem]:
    return [ReviewedItem.from_json(data) for data in review.items]


def _page(session: Session, review: ItemReview, page: int) -> ReviewPage:
    items = _items(review)
    pages = max(1, -(-len(items) // ITEMS_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    start = page * ITEMS_PER_PAGE
    draft = reviews.draft_of(session, review)
    return ReviewPage(
        review_id=review.id,
        reference=format_reference(draft.inspection.number),
        items=items[start : start + ITEMS_PER_PAGE],
        total=len(items),
        page=page,
        pages=pages,
        doubts=[
            Doubt(DoubtKind(d["kind"]), int(d["count"]), str(d["example"])) for d in review.doubts
        ],
        last_uid=items[-1].uid if items else 0,
        kinds=tuple(dict.fromkeys(ITEM_KIND_OF[SECTION_OF[item.kind]] for item in items)),
        ticked=frozenset(complete_kinds(draft.inspection)),
    )
