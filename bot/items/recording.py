"""**Record them**: the items of a review, as the person left them, become the record: the
items of each kind it holds, the sections recorded (so the card and sign-off see them), the
draft closed; Slack catches up after. The items come from the stored review, never from the
form (which only carries the choices on its last page) and never from the draft split again."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from bot import copy
from bot.changes.followups import request
from bot.changes.permission import Refused, check_editor
from bot.domain import followups, item_review
from bot.domain.audit import AuditAction
from bot.domain.followups import Stored
from bot.domain.inspection import format_reference
from bot.domain.item_review import ReviewedItem
from bot.domain.items import ITEM_KIND_OF, SECTION_OF, ItemKind
from bot.domain.publication import document_parts
from bot.domain.responses import DraftStatus, ResponseKind
from bot.domain.sections import Section
from bot.followups.delivery import deliver_owed
from bot.items.answering import check_answerable
from bot.publication.freeze import authority, record_change
from bot.responses.collection import draft_still_open, resume_collection
from bot.services import Services
from storage import items as item_store
from storage import queries, reviews
from storage.items import ItemFacts
from storage.models import Inspection


def record_review(
    services: Services,
    *,
    review_id: int,
    chosen: dict[int, str],
    actor: str,
    complete: Mapping[ItemKind, bool] | None = None,
) -> Stored:
    """Store the review's items (``chosen``: the last page's choices, uid → whom for, or
    "leave out"), if its draft is still the version it was read from. ``complete``: for each
    section's kind (recommendations, AFIs), whether the person said these are all the report's
    (None: the form did not ask, and the record says nobody said)."""
    with services.db.session(read_only=True) as session:
        review = reviews.review_by_id(session, review_id)
        if review is None:
            raise Refused(copy.REVIEW_GONE)
        inspection_id = reviews.draft_of(session, review).inspection_id
    may = authority(services, inspection_id, actor=actor)  # once signed off, an approver's
    now = services.now()
    with services.db.session() as session:
        review = reviews.review_by_id(session, review_id, lock=True)
        if review is None:
            raise Refused(copy.REVIEW_GONE)
        draft = draft_still_open(session, review.draft_id, review.draft_version)
        check_editor(services, actor, ResponseKind(draft.kind))
        reviewed = item_review.choose(
            [ReviewedItem.from_json(data) for data in review.items], chosen
        )
        kept = _confirmed(item_review.kept(reviewed))
        if not kept:
            raise Refused(copy.ITEMS_NOTHING_LEFT if reviewed else copy.ITEMS_NONE_ADDED)
        inspection = queries.find_inspection(session, draft.inspection_id, lock=True)
        if inspection is None:  # a draft's inspection is never deleted; withdrawn ones stay
            raise Refused(copy.NO_SUCH_DRAFT)
        check_answerable(inspection)
        counts = []
        sections = list(dict.fromkeys(SECTION_OF[ItemKind(f.kind)] for f in kept))
        for section in sections:
            said = None if complete is None else complete.get(ITEM_KIND_OF[section], False)
            counts += _record_section(
                session, inspection, section, kept, complete=said, actor=actor, now=now
            )
        draft.status, draft.closed_by, draft.closed_at = DraftStatus.CONFIRMED, actor, now
        reopened = record_change(
            services,
            session,
            inspection,
            document_parts(section.value for section in sections),
            authority=may,
            now=now,
        )
        keys = [*reopened, followups.card_edit(inspection.id), followups.receipt_edit(draft.id)]
        request(services, session, inspection.id, keys)
        keys += resume_collection(
            services, session, inspection, after=actor, following="confirmation"
        )
        needing = sum(item.directed_at.needs_answer for item in item_review.kept(reviewed))
        recorded = copy.items_recorded(
            format_reference(inspection.number), copy.and_list(counts), needing
        )
        reply = copy.stored_reply(recorded, reopened)
        inspection_id = inspection.id
    return Stored(reply, deliver_owed(services, inspection_id, keys))


def _record_section(
    session: Session,
    inspection: Inspection,
    section: Section,
    kept: Sequence[ItemFacts],
    *,
    complete: bool | None,
    actor: str,
    now: datetime,
) -> list[str]:
    """The items of each kind ``section`` holds (a cause of concern with the recommendations),
    the section's text as recorded, and an audit line per kind."""
    counts, texts = [], []
    for kind in ItemKind:
        if SECTION_OF[kind] is not section:
            continue
        mine = [facts for facts in kept if facts.kind == kind.value]
        changes = item_store.record_items(
            session, inspection, kind.value, mine, actor=actor, now=now
        )
        if not mine and not changes.removed:
            continue
        texts += [f"{kind.label} {facts.number}\n{facts.text}" for facts in mine]
        queries.record_audit(
            session,
            inspection=inspection,
            actor=actor,
            action=AuditAction.ITEMS_RECORDED,
            at=now,
            details={
                "kind": kind.value,
                "items": len(mine),
                "added": changes.added,
                "changed": changes.changed,
                "removed": changes.removed,
            },
        )
        if mine:
            counts.append(copy.count_of(kind.value, len(mine)))
    queries.record_section(
        session,
        inspection,
        section=section.value,
        text="\n\n".join(texts),
        source="items",
        complete_list=complete,
        actor=actor,
        now=now,
    )
    return counts


def _confirmed(items: Sequence[ReviewedItem]) -> list[ItemFacts]:
    kept, seen = [], set()
    for item in items:
        number = item.number
        while (item.kind, number) in seen:  # a number the report uses twice stays apart
            number = f"{number} (again)"
        seen.add((item.kind, number))
        kept.append(
            ItemFacts(
                kind=item.kind.value,
                number=number,
                text=item.text,
                due=item.due,
                directed_at=item.directed_at.value,
                addressees=", ".join(item.addressees),
                under=item.under,
            )
        )
    return kept
