"""A proposal confirmed item by item becomes the record: the items of each kind it holds, the
section recorded (so the card and sign-off see it), the draft closed; Slack catches up after."""

from __future__ import annotations

from collections.abc import Mapping

from bot import copy
from bot.domain import followups
from bot.domain.audit import AuditAction
from bot.domain.followups import Stored
from bot.domain.inspection import State, format_reference
from bot.domain.items import SECTION_OF, DirectedAt, ItemKind, ProposedItem
from bot.domain.publication import document_parts
from bot.domain.responses import DraftStatus, ResponseKind
from bot.ids import LEAVE_OUT
from bot.items.answering import ANSWERABLE
from bot.publication.freeze import authority, record_change
from bot.responses.collection import (
    Refused,
    check_editor,
    draft_still_open,
    inspection_named,
    resume_collection,
)
from bot.responses.followups import catch_up_responses, request
from bot.responses.proposals import proposed_items
from bot.services import Services
from storage import items as item_store
from storage import queries
from storage.items import ItemFacts
from storage.models import Inspection

MAX_ITEMS = 90


def proposal_to_review(
    services: Services, *, draft_id: int, version: int, actor: str
) -> tuple[str, list[ProposedItem]]:
    """(reference, items) of an open draft, for the form that confirms them."""
    with services.db.session(read_only=True) as session:
        draft = draft_still_open(session, draft_id, version, lock=False)
        check_editor(services, actor, ResponseKind(draft.kind))
        _check_answerable(draft.inspection)
        items = proposed_items(draft, services.settings)
        reference = format_reference(draft.inspection.number)
        inspection_id = draft.inspection_id
    authority(services, inspection_id, actor=actor)  # once signed off, an approver's to record
    if not items:
        raise Refused(copy.ITEMS_NOT_FOUND)
    if len(items) > MAX_ITEMS:
        raise Refused(copy.ITEMS_TOO_MANY)
    return reference, items


def record_items(
    services: Services,
    *,
    draft_id: int,
    version: int,
    choices: dict[int, str],
    actor: str,
    complete: Mapping[ItemKind, bool] | None = None,
) -> Stored:
    """Store the draft's items as the person confirmed them (``choices``: position → whom the
    item is directed at, or "leave out"). The items come from the stored draft of that same
    version, never from the form: the form only carries the person's choices. ``complete``:
    for each kind, whether the person said these are all the report's (None: the form did not
    ask, and the record says nobody said)."""
    with services.db.session(read_only=True) as session:
        inspection_id = draft_still_open(session, draft_id, version, lock=False).inspection_id
    may = authority(services, inspection_id, actor=actor)  # once signed off, an approver's
    now = services.now()
    with services.db.session() as session:
        draft = draft_still_open(session, draft_id, version)
        check_editor(services, actor, ResponseKind(draft.kind))
        kept = _confirmed(proposed_items(draft, services.settings), choices)
        if not kept:
            raise Refused(copy.ITEMS_NOTHING_LEFT)
        inspection = inspection_named(session, draft.inspection_id, lock=True)
        _check_answerable(inspection)
        counts = []
        for kind in ItemKind:
            mine = [facts for facts in kept if facts.kind == kind.value]
            if not mine:
                continue
            changes = item_store.record_items(
                session, inspection, kind.value, mine, actor=actor, now=now
            )
            queries.record_section(
                session,
                inspection,
                section=SECTION_OF[kind].value,
                text=_as_text(kind, mine),
                source="items",
                complete_list=None if complete is None else complete.get(kind, False),
                actor=actor,
                now=now,
            )
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
            counts.append(copy.count_of(kind.value, len(mine)))
        draft.status, draft.closed_by, draft.closed_at = DraftStatus.CONFIRMED, actor, now
        recorded = {SECTION_OF[ItemKind(facts.kind)].value for facts in kept}
        reopened = record_change(
            services, session, inspection, document_parts(recorded), authority=may, now=now
        )
        keys = [*reopened, followups.card_edit(inspection.id), followups.receipt_edit(draft_id)]
        request(services, session, inspection.id, keys)
        keys += resume_collection(
            services, session, inspection, after=actor, following="confirmation"
        )
        needing = sum(DirectedAt(f.directed_at).needs_answer for f in kept)
        reply = copy.items_recorded(
            format_reference(inspection.number), " and ".join(counts), needing
        ) + (copy.REOPENED_REPLY if reopened else "")
        inspection_id = inspection.id
    return Stored(reply, catch_up_responses(services, inspection_id, keys))


def _check_answerable(inspection: Inspection) -> None:
    """Items and their answers are part of the response as signed off: fixed from then on."""
    if State(inspection.state) not in ANSWERABLE:
        raise Refused(copy.answers_closed(format_reference(inspection.number), inspection.state))


def _confirmed(items: list[ProposedItem], choices: dict[int, str]) -> list[ItemFacts]:
    kept, seen = [], set()
    for position, item in enumerate(items):
        choice = choices.get(position, item.directed_at.value)
        if choice == LEAVE_OUT:
            continue
        directed = (
            DirectedAt(choice) if choice in DirectedAt._value2member_map_ else item.directed_at
        )
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
                directed_at=directed.value,
                addressees=", ".join(item.addressees),
            )
        )
    return kept


def _as_text(kind: ItemKind, items: list[ItemFacts]) -> str:
    """The section's text as recorded: each item under its number, as the report has it."""
    return "\n\n".join(f"{kind.label} {facts.number}\n{facts.text}" for facts in items)
