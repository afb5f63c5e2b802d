"""Collecting the Chief Constable's and the PCC's responses in the card's thread.

Every step stores what the user did before it calls Slack, in its own transaction, so a Slack
failure never loses a pasted message or a confirmation; the receipt catches up on the next change.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot import copy
from bot.cards.refresh import refresh_card
from bot.domain.errors import S55Error
from bot.domain.inspection import State, format_reference
from bot.domain.responses import (
    DraftStatus,
    MessageStatus,
    ResponseKind,
    join_parts,
    next_to_collect,
    state_after_responses,
)
from bot.domain.slack_text import mentioned_users, to_plain_text
from bot.responses.receipts import refresh_receipt
from bot.services import Services
from bot.slack.delivery import find_post, post_once
from storage import drafts, queries
from storage.models import Inspection, Response, ResponseDraft


class Refused(S55Error):
    """A button press or command that cannot be carried out; nothing was changed."""


def ask_for(services: Services, inspection_id: int, kind: ResponseKind, *, actor: str) -> None:
    """Open a draft for ``kind`` (setting aside any other being collected) and prompt for it."""
    now = services.now()
    with services.db.session() as session:
        inspection = queries.inspection_by_id(session, inspection_id, lock=True)
        if inspection.card_ts is None:
            raise Refused(copy.card_needed_first(format_reference(inspection.number)))
        replacing = kind.value in drafts.confirmed_kinds(session, inspection_id)
        set_aside = drafts.collecting_draft(session, inspection_id, lock=True)
        if set_aside is not None:
            set_aside.status, set_aside.closed_at, set_aside.closed_by = (
                DraftStatus.ABANDONED,
                now,
                actor,
            )
            session.flush()  # the one-collecting-draft index must see it closed
        draft = ResponseDraft(
            inspection_id=inspection_id,
            kind=kind.value,
            status=DraftStatus.COLLECTING,
            version=1,
            opened_by=actor,
            opened_at=now,
        )
        session.add(draft)
        session.flush()
        queries.record_audit(
            session,
            inspection=inspection,
            actor=actor,
            action="response requested",
            at=now,
            details={"kind": kind.value, "replacing": replacing},
        )
        draft_id = draft.id
    if set_aside is not None:
        refresh_receipt(services, set_aside.id)
    _post_prompt(services, draft_id, look_first=False)


def repost_missing_prompts(services: Services) -> int:
    """Prompts whose post failed (Slack down when the draft was opened) are posted by the next
    reminder pass; each is looked for in Slack first. Returns how many were posted."""
    with services.db.session(read_only=True) as session:
        waiting = drafts.collecting_without_prompt(session)
    for draft_id in waiting:
        _post_prompt(services, draft_id, look_first=True)
    return len(waiting)


def _post_prompt(services: Services, draft_id: int, *, look_first: bool) -> None:
    with services.db.session(read_only=True) as session:
        draft = drafts.draft_by_id(session, draft_id)
        inspection, kind = draft.inspection, ResponseKind(draft.kind)
        replacing = kind.value in drafts.confirmed_kinds(session, inspection.id)
        prompt = _prompt(services, inspection, kind, actor=draft.opened_by, replacing=replacing)
    where = {
        "key": f"prompt:{draft_id}",
        "channel": inspection.channel_id,
        "thread_ts": inspection.card_ts,
    }
    posted = (find_post(services.poster, **where) if look_first else None) or post_once(
        services.poster, text=prompt, **where
    )
    with services.db.session() as session:
        drafts.draft_by_id(session, draft_id).prompt_ts = posted["ts"]


def _prompt(
    services: Services, inspection: Inspection, kind: ResponseKind, *, actor: str, replacing: bool
) -> str:
    reference = format_reference(inspection.number)
    if replacing:
        return copy.ask_for_replacement(kind.label, reference, actor)
    if kind is ResponseKind.CC:
        return copy.ask_for_cc(reference, services.settings.cc_contact, inspection.cc_due)
    return copy.ask_for_pcc(reference, services.settings.pcc_contact, inspection.statutory_deadline)


def start_again(services: Services, *, draft_id: int, version: int, actor: str) -> None:
    now = services.now()
    with services.db.session() as session:
        draft = _open_draft(session, draft_id, version)
        for message in draft.messages:
            if message.status == MessageStatus.KEPT:
                message.status, message.edited_at = MessageStatus.DISCARDED, now
        draft.version += 1
        queries.record_audit(
            session,
            inspection=draft.inspection,
            actor=actor,
            action="draft cleared",
            at=now,
            details={"kind": draft.kind},
        )
    refresh_receipt(services, draft_id)


def confirm_draft(services: Services, *, draft_id: int, version: int, actor: str) -> None:
    """The draft becomes the next revision of its response; then the next one is asked for."""
    with services.db.session(read_only=True) as session:
        draft = _open_draft(session, draft_id, version, lock=False)
        kind = ResponseKind(draft.kind)
        raw_parts = [m.raw_text for m in draft.messages if m.status == MessageStatus.KEPT]
    _check_editor(services, actor, kind)
    if not raw_parts:
        raise Refused(copy.NOTHING_TO_USE)
    names = services.people.names(set().union(*map(mentioned_users, raw_parts)))
    now = services.now()
    with services.db.session() as session:
        draft = _open_draft(session, draft_id, version)  # the same version holds the same text
        inspection = draft.inspection
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
        queries.record_audit(
            session,
            inspection=inspection,
            actor=actor,
            action="response revised" if response.revision > 1 else "response confirmed",
            at=now,
            details={
                "kind": kind.value,
                "revision": response.revision,
                "words": len(response.text.split()),
            },
        )
        inspection_id, wanted = inspection.id, next_to_collect(confirmed)
    refresh_receipt(services, draft_id)
    refresh_card(services, inspection_id)
    if wanted is not None:
        ask_for(services, inspection_id, wanted, actor=actor)


def replace_response(
    services: Services, *, inspection_id: int, kind: ResponseKind, actor: str
) -> str:
    """Re-open collection of a response that may already be on record; returns the reply."""
    with services.db.session(read_only=True) as session:
        inspection = queries.inspection_by_id(session, inspection_id)
        collecting = drafts.collecting_draft(session, inspection_id)
    reference = format_reference(inspection.number)
    if not State(inspection.state).is_open:
        raise Refused(copy.closed_no_revise(reference, inspection.state))
    if collecting is not None and collecting.kind == kind.value:
        raise Refused(copy.already_collecting(kind.label, reference))
    _check_editor(services, actor, kind)
    ask_for(services, inspection_id, kind, actor=actor)
    return copy.revise_started(kind.label, reference)


def _open_draft(
    session: Session, draft_id: int, version: int, *, lock: bool = True
) -> ResponseDraft:
    """The draft a button names, if it is still being collected and unchanged since."""
    draft = drafts.draft_by_id(session, draft_id, lock=lock)
    if draft is None or draft.status != DraftStatus.COLLECTING:
        label = ResponseKind(draft.kind).label if draft else "response"
        raise Refused(copy.draft_already_closed(label))
    if draft.version != version:
        raise Refused(copy.DRAFT_CHANGED)
    return draft


def _check_editor(services: Services, actor: str, kind: ResponseKind) -> None:
    editors = services.settings.response_editors
    if editors and not services.people.is_one_of(actor, editors):
        raise Refused(copy.not_a_response_editor(kind.label))
