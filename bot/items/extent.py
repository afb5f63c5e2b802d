"""Whether the recommendations (or AFIs) on record are all the report makes, or only those
relevant to the force (docs/rules.md#r17: the document states a total only when the office recorded
that its list is complete). Said at Record them, correctable from /s55 recs; each change is the
section's next revision (so every earlier answer is kept), audited, and judged like any change
to the document (bot.publication.freeze: once signed off, an approver's, and it reopens)."""

from __future__ import annotations

from bot import copy
from bot.changes.followups import request
from bot.changes.named import inspection_named
from bot.changes.permission import Refused, check_editor
from bot.domain import followups
from bot.domain.audit import AuditAction
from bot.domain.followups import Stored
from bot.domain.inspection import State, format_reference
from bot.domain.items import ITEM_KIND_OF, SECTION_OF, ItemKind
from bot.domain.publication import document_parts
from bot.domain.responses import ResponseKind
from bot.domain.sections import current
from bot.followups.delivery import deliver_owed
from bot.items.answering import ANSWERABLE
from bot.publication.freeze import authority, record_change
from bot.services import Services
from storage import queries
from storage.models import Inspection, SectionRevision


def set_list_extent(
    services: Services, *, inspection_id: int, kind: ItemKind, complete: bool, actor: str
) -> Stored:
    check_editor(services, actor, ResponseKind.RECS)
    may = authority(services, inspection_id, actor=actor)  # once signed off, an approver's
    now = services.now()
    with services.db.session() as session:
        inspection = inspection_named(session, inspection_id, lock=True)
        reference = format_reference(inspection.number)
        if State(inspection.state) not in ANSWERABLE:
            raise Refused(copy.answers_closed(reference, inspection.state))
        latest = _items_revision(inspection, kind)
        if latest is None:
            raise Refused(copy.list_extent_no_items(kind.value, reference))
        if latest.complete_list is complete:
            return Stored(copy.list_extent_already(kind.value, complete, reference), True)
        section = SECTION_OF[kind]
        queries.record_section(
            session,
            inspection,
            section=section.value,
            text=latest.text,
            raw_text=latest.raw_text,
            source=latest.source,
            complete_list=complete,
            actor=actor,
            now=now,
        )
        queries.record_audit(
            session,
            inspection=inspection,
            actor=actor,
            action=AuditAction.LIST_EXTENT_RECORDED,
            at=now,
            details={"kind": kind.value, "complete": complete},
        )
        reopened = record_change(
            services, session, inspection, document_parts([section.value]), authority=may, now=now
        )
        keys = [*reopened, followups.card_edit(inspection.id)]
        request(services, session, inspection.id, keys)
    reply = copy.stored_reply(copy.list_extent_stored(kind.value, complete, reference), reopened)
    return Stored(reply, deliver_owed(services, inspection_id, keys))


def list_extents(inspection: Inspection) -> dict[ItemKind, bool | None]:
    """For each kind with items on record, what the record says of its list."""
    held = {SECTION_OF[ItemKind(item.kind)] for item in inspection.items}
    return {
        kind: current(inspection.sections, section).complete_list
        for section, kind in ITEM_KIND_OF.items()  # one list a section: its causes of concern
        if section in held  # are recorded with the recommendations
    }


def complete_kinds(inspection: Inspection) -> set[ItemKind]:
    """The kinds whose list the record says is complete, for the Review form (its checkboxes
    start as the record stands)."""
    sections = inspection.sections
    return {kind for kind in ItemKind if current(sections, SECTION_OF[kind]).complete_list is True}


def _items_revision(inspection: Inspection, kind: ItemKind) -> SectionRevision | None:
    """The newest revision of the kind's section, when it holds items still on record."""
    section = SECTION_OF[kind].value
    revisions = [r for r in inspection.sections if r.section == section]
    latest = max(revisions, key=lambda r: r.revision, default=None)
    has_items = any(SECTION_OF[ItemKind(i.kind)].value == section for i in inspection.items)
    if latest is None or latest.source != "items" or not has_items:
        return None
    return latest
