"""Correcting the record (docs/rules.md#r4): edit an inspection's facts, withdraw one logged by
mistake, record that the report makes no findings, recommendations or AFIs. Each is audited
with who and when (an edit with every changed field's old and new value), and the card follows."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from bot import copy
from bot.changes.followups import request
from bot.changes.named import inspection_named
from bot.domain import followups
from bot.domain.audit import AuditAction
from bot.domain.deadlines import DeadlineRule, compute_deadlines
from bot.domain.errors import InvalidInput, S55Error
from bot.domain.inspection import InspectionDraft, State, link_key, title_key
from bot.domain.items import SECTION_OF
from bot.domain.parsing import MAX_TEXT_LENGTH, drop_controls
from bot.domain.publication import document_parts
from bot.domain.sections import Section, SectionStatus, current, parse_section
from bot.followups.delivery import deliver_owed
from bot.inspections.records import (
    draft_sections,
    find_inspection,
    reference_of,
    refuse_duplicate,
)
from bot.items.answering import ANSWERABLE
from bot.publication.freeze import Authority, authority, record_change
from bot.responses.collection import set_aside_section_draft, stop_collecting
from bot.services import Services
from storage import items as item_store
from storage import queries
from storage.models import Inspection

log = logging.getLogger(__name__)

# The sections the form holds: recommendations and AFIs are items, given in the thread.
FORM_NAMES = {Section.KEY_FINDINGS: "key_findings"}


@dataclass(frozen=True)
class Edited:
    reference: str
    changed: list[str]  # field names, in the form's order
    reopened: bool = False  # the change reopened sign-off (bot.publication.freeze)


def edit_inspection(
    services: Services, *, inspection_id: int, draft: InspectionDraft, actor: str
) -> Edited:
    """Store what the form changed; deadlines follow a changed publication date. Once signed
    off, only an approver may, and it reopens sign-off (bot.publication.freeze)."""
    may = authority(services, inspection_id, actor=actor)
    now = services.now()
    with services.db.session() as session:
        inspection = inspection_named(session, inspection_id, lock=True)
        _check_editable(inspection)
        queries.lock_new_inspections(session)  # as when logging: the duplicate check holds
        refuse_duplicate(session, draft, other_than=inspection.id)
        changes = _apply_facts(inspection, draft, cc_days=services.settings.cc_days)
        changes |= _apply_sections(session, inspection, draft, actor=actor, now=now)
        keys: list[str] = []
        reopened: list[str] = []
        if changes:
            queries.record_audit(
                session,
                inspection=inspection,
                actor=actor,
                action=AuditAction.EDITED,
                at=now,
                details={"changes": changes, "by_approver": bool(may.approver)},
            )
            reopened = record_change(
                services, session, inspection, document_parts(changes), authority=may, now=now
            )
            keys = reopened + _card_follows(services, session, inspection)
        reference = reference_of(inspection)
    deliver_owed(services, inspection_id, keys)
    return Edited(reference, list(changes), bool(reopened))


def withdraw_inspection(services: Services, *, inspection_id: int, reason: str, actor: str) -> str:
    """By whoever logged it or an approver, with a reason; the reply says what was done. The
    response being collected in its thread is set aside: nothing more is captured there."""
    reason = drop_controls(reason).strip()
    if not reason:
        raise InvalidInput(copy.WITHDRAW_USAGE)
    with services.db.session(read_only=True) as session:
        found = inspection_named(session, inspection_id)
    check_may_withdraw(services, found, actor=actor)
    reference = reference_of(found)
    with services.db.session() as session:
        inspection = inspection_named(session, inspection_id, lock=True)
        if not State(inspection.state).is_open:
            raise S55Error(copy.withdraw_refused(reference, inspection.state))
        inspection.state = State.WITHDRAWN.value
        inspection.withdrawn_reason = reason
        queries.record_audit(
            session,
            inspection=inspection,
            actor=actor,
            action=AuditAction.WITHDRAWN,
            at=services.now(),
            details={"reason": reason},
        )
        keys = stop_collecting(services, session, inspection, actor=actor)
        keys += _card_follows(services, session, inspection)
    deliver_owed(services, inspection_id, keys)
    return copy.withdrawn(reference, reason)


def check_may_withdraw(services: Services, inspection: Inspection, *, actor: str) -> None:
    """Whoever logged it, or an approver: asked before the form that wants a reason."""
    if inspection.logged_by != actor and not services.is_approver(actor):
        raise S55Error(copy.withdraw_not_allowed(reference_of(inspection)))


def edit_form_values(
    services: Services, inspection: Inspection, *, actor: str
) -> tuple[dict[str, str | None], dict[str, int]]:
    """What the edit form starts from, and the sections too long for a form field (refused
    here already when the person may not edit it: every field is in the published document)."""
    _check_editable(inspection)
    authority(services, inspection, actor=actor)
    values: dict[str, str | None] = {
        "title": inspection.title,
        "published": inspection.published.isoformat(),
        "link": inspection.link,
        "inspection_type": inspection.inspection_type,
    }
    too_long: dict[str, int] = {}
    for section, name in FORM_NAMES.items():
        text = current(inspection.sections, section).text
        if len(text) > MAX_TEXT_LENGTH:
            too_long[name] = len(text)
        else:
            values[name] = text
    return values, too_long


def record_none_typed(services: Services, *, text: str, actor: str) -> str:
    """``/s55 none S55-3 recommendations``."""
    reference_text, _, section_text = text.strip().partition(" ")
    section = _section(section_text)
    found = find_inspection(services.db, reference_text)
    return record_none(services, inspection_id=found.id, section=section, actor=actor)


def record_none(services: Services, *, inspection_id: int, section: Section, actor: str) -> str:
    """Someone says the report makes none (audited). A draft of that section being collected
    in the thread is set aside, and the response the thread was waiting for asked again."""
    may = _approver_if_needed(services, inspection_id, actor=actor, section=section)
    with services.db.session() as session:
        inspection = inspection_named(session, inspection_id, lock=True)
        reference = reference_of(inspection)
        _check_editable(inspection)
        before = current(inspection.sections, section).status
        if before == SectionStatus.NONE:
            return copy.none_already(reference, section.value)
        if before == SectionStatus.RECORDED and not may.approver:  # text on record: not lightly
            raise S55Error(copy.none_over_text(reference, section.value))
        now = services.now()
        queries.record_section(
            session,
            inspection,
            section=section.value,
            text="",
            says_none=True,
            source="none",
            actor=actor,
            now=now,
        )
        removed = 0
        # Items recorded before leave the record (kept, marked): every kind the section holds,
        # a cause of concern with the recommendations.
        for kind in (k for k, held_in in SECTION_OF.items() if held_in is section):
            removed += item_store.remove_items(session, inspection.id, kind.value)
        if removed and State(inspection.state) not in ANSWERABLE:
            raise S55Error(copy.answers_closed(reference, inspection.state))
        reopened = record_change(
            services, session, inspection, document_parts([section.value]), authority=may, now=now
        )
        queries.record_audit(
            session,
            inspection=inspection,
            actor=actor,
            action=AuditAction.CONFIRMED_NONE,
            at=now,
            details={"section": section.value, **({"items removed": removed} if removed else {})},
        )
        keys = set_aside_section_draft(services, session, inspection, section, actor=actor)
        keys += reopened + _card_follows(services, session, inspection)
    deliver_owed(services, inspection_id, keys)
    said = copy.none_recorded(reference, section.value) + copy.items_removed(removed)
    return copy.stored_reply(said, reopened)


def _card_follows(services: Services, session: Session, inspection: Inspection) -> list[str]:
    """The card's edit, asked for with the change: what Slack refuses now, the pass delivers."""
    keys = [followups.card_edit(inspection.id)]
    request(services, session, inspection.id, keys)
    return keys


def _section(text: str) -> Section:
    section = parse_section(text)
    if section is None:
        raise InvalidInput(copy.NONE_USAGE)
    return section


def _approver_if_needed(
    services: Services, inspection_id: int, *, actor: str, section: Section
) -> Authority:
    """Who may make the change (bot.publication.freeze: an approver once signed off), and
    whether ``actor`` is an approver where replacing recorded text by "none" needs one: asked
    of Slack (user groups) only then, and never while the inspection's row is locked."""
    with services.db.session(read_only=True) as session:
        inspection = inspection_named(session, inspection_id)
    may = authority(services, inspection, actor=actor)
    if may.approver is None and current(inspection.sections, section).status == (
        SectionStatus.RECORDED
    ):
        return Authority(actor, services.is_approver(actor))
    return may


def _check_editable(inspection: Inspection) -> None:
    """Withdrawn: nothing to correct. Signed off: bot.publication.freeze judges who may."""
    state = State(inspection.state)
    if state == State.WITHDRAWN:
        raise S55Error(copy.edit_closed_refused(reference_of(inspection), state.value))


def _apply_facts(
    inspection: Inspection, draft: InspectionDraft, *, cc_days: int
) -> dict[str, list[Any]]:
    new = {
        "title": draft.title,
        "published": draft.published,
        "link": draft.link,
        "inspection_type": draft.inspection_type.value if draft.inspection_type else None,
    }
    changes = {
        name: [_plain(getattr(inspection, name)), _plain(value)]
        for name, value in new.items()
        if getattr(inspection, name) != value
    }
    for name in changes:
        setattr(inspection, name, new[name])
    inspection.title_key = title_key(inspection.title)
    inspection.link_key = link_key(inspection.link)
    if "published" in changes:  # the inspection keeps the rule it was logged with
        rule = DeadlineRule(inspection.deadline_rule)
        deadlines = compute_deadlines(inspection.published, rule=rule, cc_days=cc_days)
        for name, value in (
            ("cc_due", deadlines.cc_due),
            ("statutory_deadline", deadlines.statutory),
        ):
            if getattr(inspection, name) != value:
                changes[name] = [_plain(getattr(inspection, name)), _plain(value)]
                setattr(inspection, name, value)
    return changes


def _apply_sections(
    session: Session, inspection: Inspection, draft: InspectionDraft, *, actor: str, now: Any
) -> dict[str, list[Any]]:
    """A short section typed differently becomes its next revision; an empty field changes
    nothing (a section is never un-recorded by leaving a field empty)."""
    changes: dict[str, list[Any]] = {}
    for section, text in draft_sections(draft).items():
        before = current(inspection.sections, section)
        if text.strip() and text != before.text:
            queries.record_section(
                session,
                inspection,
                section=section.value,
                text=text,
                source="form",
                actor=actor,
                now=now,
            )
            changes[section.value] = [before.text or before.status.value, text]
    return changes


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value
