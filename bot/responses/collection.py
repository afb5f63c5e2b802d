"""Collecting the Chief Constable's and the PCC's responses in the card's thread.

Every step stores what the user did before it calls Slack, in its own transaction, so a Slack
failure never loses a pasted message or a confirmation; the receipt catches up on the next change.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from bot import copy
from bot.changes.followups import request
from bot.changes.named import inspection_named
from bot.changes.permission import Refused, check_editor
from bot.domain import followups
from bot.domain.audit import AuditAction
from bot.domain.followups import Stored
from bot.domain.inspection import State, format_reference
from bot.domain.publication import DocumentPart, document_parts
from bot.domain.responses import (
    AUTOMATIC,
    DraftStatus,
    MessageStatus,
    ResponseKind,
    join_parts,
    next_to_collect,
    state_after_responses,
)
from bot.domain.sections import Section
from bot.domain.slack_text import mentioned_users, to_plain_text
from bot.followups.delivery import deliver_owed
from bot.publication.freeze import Authority, authority, record_change
from bot.responses.followups import stored_and_caught_up
from bot.responses.turn import turn_follows
from bot.responses.waiting import REQUESTED, Waits, wait, waiting_request
from bot.services import Services
from storage import drafts, queries
from storage.changes import run_once
from storage.models import Inspection, Response, ResponseDraft


def ask_for(
    services: Services, inspection_id: int, kind: ResponseKind, *, actor: str
) -> Waits | bool:
    """Open a draft for ``kind`` and prompt for it; returns whether Slack has caught up (else
    the reminder pass posts the prompt). An empty draft being collected is set aside; one with
    messages kept is never touched: the request waits (remembered in the audit log) and is
    made when that draft is confirmed or cleared."""
    with services.db.session() as session:
        inspection = inspection_named(session, inspection_id, lock=True)
        if inspection.card_ts is None:
            raise Refused(copy.card_needed_first(format_reference(inspection.number)))
        collecting = drafts.collecting_draft(session, inspection_id, lock=True)
        if collecting is not None and collecting.kind == kind.value:  # judged under the lock
            raise Refused(copy.already_collecting(kind.label, format_reference(inspection.number)))
        if collecting is not None and _kept(collecting):
            wait(session, inspection, kind, collecting, actor=actor, now=services.now())
            return Waits(ResponseKind(collecting.kind), _kept(collecting))
        keys = open_draft(services, session, inspection, kind, actor=actor)
    return deliver_owed(services, inspection_id, keys)


def ask_for_section(
    services: Services, inspection_id: int, kind: ResponseKind, *, actor: str
) -> str:
    """Ask in the thread for the key findings, recommendations or AFIs; returns the reply. A
    response being pasted is never set aside for it: the section waits until that draft is
    confirmed or cleared. An empty draft is set aside and asked for again afterwards."""
    authority(services, inspection_id, actor=actor)  # once signed off, an approver's to ask
    with services.db.session() as session:
        inspection = inspection_named(session, inspection_id, lock=True)
        reference = format_reference(inspection.number)
        if not _open_to_change(inspection):
            raise Refused(copy.section_closed(reference, inspection.state))
        if inspection.card_ts is None:
            raise Refused(copy.card_needed_first(reference))
        collecting = drafts.collecting_draft(session, inspection_id, lock=True)
        if collecting is not None and collecting.kind == kind.value:
            raise Refused(copy.already_collecting(kind.label, reference))
        kept = _kept(collecting)
        if collecting is not None and kept:
            label = ResponseKind(collecting.kind).label
            raise Refused(copy.section_waits(label, kept, kind.label, reference))
        keys = open_draft(services, session, inspection, kind, actor=actor)
    caught_up = deliver_owed(services, inspection_id, keys)
    reply = copy.section_asked(kind.label, reference)
    return reply if caught_up else f"{reply} {copy.SLACK_BEHIND}"


def resume_collection(
    services: Services, session: Session, inspection: Inspection, *, after: str, following: str
) -> list[str]:
    """After a draft is confirmed (or a section recorded another way), with nothing being
    collected: ask for the response waiting for it, else the one still missing. The bot asks,
    ``after`` someone's ``following`` (copy.AFTER_STEP). The follow-ups asked for."""
    if not State(inspection.state).is_open or drafts.collecting_draft(session, inspection.id):
        return []
    waiting = waiting_request(session, inspection.id)
    if waiting is not None:
        kind, asked_by = waiting
        return open_draft(
            services, session, inspection, kind, actor=asked_by, after=after, following=following
        )
    confirmed = {ResponseKind(kind) for kind in drafts.confirmed_kinds(session, inspection.id)}
    wanted = next_to_collect(confirmed)
    if wanted is None:
        return []
    return open_draft(
        services, session, inspection, wanted, actor=AUTOMATIC, after=after, following=following
    )


def set_aside_section_draft(
    services: Services, session: Session, inspection: Inspection, section: Section, *, actor: str
) -> list[str]:
    """The section was recorded another way (the report makes none): its draft in the
    thread, if one is being collected, is set aside and collection goes back to the
    response it was waiting for. The follow-ups asked for."""
    collecting = drafts.collecting_draft(session, inspection.id, lock=True)
    if collecting is None or collecting.kind != ResponseKind.for_section(section).value:
        return []
    collecting.status, collecting.closed_at, collecting.closed_by = (
        DraftStatus.ABANDONED,
        services.now(),
        actor,
    )
    session.flush()
    keys = [followups.receipt_edit(collecting.id)]
    request(services, session, inspection.id, keys)
    return keys + resume_collection(services, session, inspection, after=actor, following="none")


def stop_collecting(
    services: Services, session: Session, inspection: Inspection, *, actor: str
) -> list[str]:
    """The inspection is closed (withdrawn, no response required): the draft being collected
    in its thread is set aside, so nothing more is captured or confirmed there."""
    draft = drafts.collecting_draft(session, inspection.id, lock=True)
    if draft is None:
        return []
    draft.status, draft.closed_by, draft.closed_at = DraftStatus.ABANDONED, actor, services.now()
    keys = [followups.receipt_edit(draft.id)]
    request(services, session, inspection.id, keys)
    return keys


def _kept(draft: ResponseDraft | None) -> int:
    if draft is None:
        return 0
    return sum(1 for m in draft.messages if m.status == MessageStatus.KEPT and m.raw_text.strip())


def ask_first(services: Services, inspection_id: int, *, actor: str) -> bool:
    """The first request, for the Chief Constable's response: made once however many callers
    ask at the same moment (the inspection row is locked while it is decided)."""
    with services.db.session() as session:
        # Locked while it is decided; what open_draft reads of it loads in this session.
        inspection = inspection_named(session, inspection_id, lock=True, loaded=False)
        if not drafts.has_draft(session, inspection_id):
            open_draft(services, session, inspection, ResponseKind.CC, actor=actor)
        collecting = drafts.collecting_draft(session, inspection_id)
        if inspection.card_ts is None or collecting is None:
            return True  # the prompt waits for the card, whose poster will deliver it
        key = followups.prompt(collecting.id)
    return deliver_owed(services, inspection_id, [key])


def open_draft(
    services: Services,
    session: Session,
    inspection: Inspection,
    kind: ResponseKind,
    *,
    actor: str,
    after: str | None = None,
    following: str = "",
) -> list[str]:
    """In the caller's transaction, with the inspection locked: set aside the draft being
    collected, open one for ``kind`` (asked for by ``actor``) and ask for its prompt. With
    ``after``, the bot asks by itself after that person's ``following`` (copy.AFTER_STEP): the
    audit row is the bot's. Returns the follow-ups asked for."""
    now = services.now()
    replacing = kind.value in drafts.confirmed_kinds(session, inspection.id)
    keys = []
    set_aside = drafts.collecting_draft(session, inspection.id, lock=True)
    if set_aside is not None:
        set_aside.status, set_aside.closed_at, set_aside.closed_by = (
            DraftStatus.ABANDONED,
            now,
            after or actor,
        )
        # Its receipt says it was set aside; a prompt nobody answered has none, and "set
        # aside" under it would only read as if something was lost (it is asked again in turn).
        if set_aside.messages or set_aside.receipt_ts:
            keys.append(followups.receipt_edit(set_aside.id))
    session.flush()  # the one-collecting-draft index must see the others closed
    draft = ResponseDraft(
        inspection_id=inspection.id,
        kind=kind.value,
        status=DraftStatus.COLLECTING,
        version=1,
        opened_by=actor,
        opened_at=now,
    )
    session.add(draft)
    session.flush()
    details = {"kind": kind.value, "replacing": replacing}
    if after is not None:
        details |= {"after": after, "following": following}
        if actor != AUTOMATIC:
            details["asked by"] = actor
    queries.record_audit(
        session,
        inspection=inspection,
        actor=AUTOMATIC if after is not None else actor,
        action=REQUESTED,
        at=now,
        details=details,
    )
    keys.append(followups.prompt(draft.id))
    request(services, session, inspection.id, keys)
    return keys


def start_again(services: Services, *, draft_id: int, version: int, actor: str) -> Stored:
    """Discards the draft's text: as consequential as Use this, so the same people may."""
    with services.db.session(read_only=True) as session:
        kind = ResponseKind(draft_still_open(session, draft_id, version, lock=False).kind)
    check_editor(services, actor, kind)
    now = services.now()
    with services.db.session() as session:
        draft = draft_still_open(session, draft_id, version)
        for message in draft.messages:
            if message.status == MessageStatus.KEPT:
                message.status, message.edited_at = MessageStatus.DISCARDED, now
        draft.version += 1
        queries.record_audit(
            session,
            inspection=draft.inspection,
            actor=actor,
            action=AuditAction.DRAFT_CLEARED,
            at=now,
            details={"kind": draft.kind},
        )
        keys = [followups.receipt_edit(draft_id)]
        request(services, session, draft.inspection_id, keys)
        inspection_id = draft.inspection_id
        reply = copy.draft_cleared(kind.label)
        waiting = waiting_request(session, inspection_id)
        if waiting is not None and waiting[0] is not kind:  # its turn: the draft is empty now
            keys += _ask_waiting(services, session, draft, waiting, actor=actor)
            reply = copy.draft_cleared_for_waiting(kind.label, waiting[0].label)
    return Stored(reply, deliver_owed(services, inspection_id, keys))


def _ask_waiting(
    services: Services,
    session: Session,
    cleared: ResponseDraft,
    waiting: tuple[ResponseKind, str],
    *,
    actor: str,
) -> list[str]:
    """The cleared draft is set aside for the request that waited for it; the follow-ups."""
    inspection = queries.inspection_by_id(session, cleared.inspection_id, lock=True)
    kind, asked_by = waiting
    return open_draft(
        services, session, inspection, kind, actor=asked_by, after=actor, following="start again"
    )


def confirm_draft(
    services: Services, *, draft_id: int, version: int, actor: str, key: str | None = None
) -> Stored:
    """The draft becomes the next revision of its response and, in the same transaction, the
    next response is asked for; Slack is brought in line afterwards. ``key`` (the click's,
    storage.changes): a commit whose answer was lost is looked up before anything is said."""
    with services.db.session(read_only=True) as session:
        draft = draft_still_open(session, draft_id, version, lock=False)
        kind = ResponseKind(draft.kind)
        raw_parts = [
            m.raw_text
            for m in draft.messages
            if m.status == MessageStatus.KEPT and m.raw_text.strip()
        ]
    check_editor(services, actor, kind)
    if not raw_parts:
        raise Refused(copy.NOTHING_TO_USE)
    names = services.people.names(set().union(*map(mentioned_users, raw_parts)))
    may = _authority_over(services, draft_id, actor)
    if kind.section is not None:
        return _record_section(
            services, draft_id, version, kind.section, raw_parts, names, may, key
        )
    now = services.now()

    def store(session: Session) -> dict[str, Any]:
        draft = draft_still_open(session, draft_id, version)  # the same version holds the same text
        inspection = inspection_named(session, draft.inspection_id, lock=True)
        response = Response(
            inspection_id=inspection.id,
            kind=kind.value,
            revision=drafts.next_revision(session, inspection.id, kind.value),
            text=join_parts(to_plain_text(part, names) for part in raw_parts),
            raw_text=join_parts(raw_parts),
            confirmed_by=actor,
            confirmed_at=now,
        )
        session.add(response)
        session.flush()
        draft.status, draft.closed_by, draft.closed_at = DraftStatus.CONFIRMED, actor, now
        draft.response_id = response.id
        confirmed = {ResponseKind(kind) for kind in drafts.confirmed_kinds(session, inspection.id)}
        inspection.state = state_after_responses(State(inspection.state), confirmed).value
        _audit_confirmed(session, inspection, response, actor)
        reopened = record_change(
            services, session, inspection, (DocumentPart(kind.value),), authority=may, now=now
        )
        keys = [followups.card_edit(inspection.id), followups.receipt_edit(draft_id), *reopened]
        request(services, session, inspection.id, keys)
        keys += resume_collection(
            services, session, inspection, after=actor, following="confirmation"
        )
        # A reopened sign-off's note already tells the approvers it is their turn again.
        turn = [] if reopened else turn_follows(session, inspection, response)
        request(services, session, inspection.id, turn)
        keys += turn
        said = copy.response_stored(
            kind.label, response.revision, format_reference(inspection.number)
        )
        reply = copy.stored_reply(said, reopened)
        return {"reply": reply, "inspection": inspection.id, "follow_ups": keys}

    done = run_once(
        services.db,
        key=key,
        action="response confirmed",
        now=now,
        work=store,
        unknown_reply=copy.outcome_unknown(f"the {kind.label}", "the thread's receipt"),
    )
    return stored_and_caught_up(services, done.result)


def _record_section(
    services: Services,
    draft_id: int,
    version: int,
    section: Section,
    raw_parts: list[str],
    names: dict[str, str],
    may: Authority,
    key: str | None,
) -> Stored:
    """A section draft becomes the section's next revision (source: the thread); then the
    response the thread was waiting for is asked for again."""
    now, actor = services.now(), may.actor
    label = ResponseKind.for_section(section).label

    def store(session: Session) -> dict[str, Any]:
        draft = draft_still_open(session, draft_id, version)
        inspection = inspection_named(session, draft.inspection_id, lock=True)
        revision = queries.record_section(
            session,
            inspection,
            section=section.value,
            text=join_parts(to_plain_text(part, names) for part in raw_parts),
            raw_text=join_parts(raw_parts),
            source="thread",
            actor=actor,
            now=now,
        )
        draft.status, draft.closed_by, draft.closed_at = DraftStatus.CONFIRMED, actor, now
        queries.record_audit(
            session,
            inspection=inspection,
            actor=actor,
            action=AuditAction.SECTION_RECORDED,
            at=now,
            details={"section": section.value, "revision": revision.revision},
        )
        parts = document_parts([section.value])
        reopened = record_change(services, session, inspection, parts, authority=may, now=now)
        keys = [followups.card_edit(inspection.id), followups.receipt_edit(draft_id), *reopened]
        request(services, session, inspection.id, keys)
        keys += resume_collection(
            services, session, inspection, after=actor, following="confirmation"
        )
        said = copy.section_stored(label, format_reference(inspection.number))
        reply = copy.stored_reply(said, reopened)
        return {"reply": reply, "inspection": inspection.id, "follow_ups": keys}

    done = run_once(
        services.db,
        key=key,
        action="section recorded",
        now=now,
        work=store,
        unknown_reply=copy.outcome_unknown(f"the {label}", "the thread's receipt"),
    )
    return stored_and_caught_up(services, done.result)


def _audit_confirmed(
    session: Session, inspection: Inspection, response: Response, actor: str
) -> None:
    queries.record_audit(
        session,
        inspection=inspection,
        actor=actor,
        action=(
            AuditAction.RESPONSE_REVISED
            if response.revision > 1
            else AuditAction.RESPONSE_CONFIRMED
        ),
        at=response.confirmed_at,
        details={
            "kind": response.kind,
            "revision": response.revision,
            "words": len(response.text.split()),
        },
    )


def replace_response(
    services: Services, *, inspection_id: int, kind: ResponseKind, actor: str
) -> str:
    """Re-open collection of a response that may already be on record; returns the reply."""
    with services.db.session(read_only=True) as session:
        inspection = inspection_named(session, inspection_id)
    reference = format_reference(inspection.number)
    if not _open_to_change(inspection):
        raise Refused(copy.closed_no_revise(reference, inspection.state))
    check_editor(services, actor, kind)
    authority(services, inspection, actor=actor)  # once signed off, an approver's to ask
    asked = ask_for(services, inspection_id, kind, actor=actor)
    if isinstance(asked, Waits):
        return copy.revision_waits(kind.label, asked.collecting.label, asked.messages, reference)
    reply = copy.revise_started(kind.label, reference)
    return reply if asked else f"{reply} {copy.SLACK_BEHIND}"


def _open_to_change(inspection: Inspection) -> bool:
    """Open, or complete: a complete inspection's response can still be corrected, by an
    approver, which reopens sign-off (bot.publication.freeze)."""
    return State(inspection.state).is_open or inspection.state == State.COMPLETE


def _authority_over(services: Services, draft_id: int, actor: str) -> Authority:
    """Who confirms the draft, judged on its inspection before the change's transaction."""
    with services.db.session(read_only=True) as session:
        draft = drafts.draft_row(session, draft_id)
        if draft is None:
            raise Refused(copy.NO_SUCH_DRAFT)
        inspection = draft.inspection
        return authority(services, inspection, actor=actor)


def draft_still_open(
    session: Session, draft_id: int, version: int, *, lock: bool = True
) -> ResponseDraft:
    """The draft a button names, if it is still being collected and unchanged since."""
    draft = drafts.draft_by_id(session, draft_id, lock=lock)
    if draft is None:
        raise Refused(copy.NO_SUCH_DRAFT)
    if draft.status == DraftStatus.ABANDONED:
        raise Refused(copy.draft_set_aside(ResponseKind(draft.kind).label))
    if draft.status != DraftStatus.COLLECTING:
        raise Refused(copy.draft_already_closed(ResponseKind(draft.kind).label))
    if draft.version != version:
        raise Refused(copy.DRAFT_CHANGED)
    return draft
