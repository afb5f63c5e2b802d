"""The bot's own messages in a card's thread: the receipt under each draft, and one-off notices.

Both are posted once (claims in the database, keys in Slack's message metadata) and no
database lock is held while Slack answers.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from bot.domain.inspection import State
from bot.domain.responses import (
    DraftStatus,
    MessageStatus,
    ResponseKind,
    SetAsideBecause,
    summarise,
)
from bot.domain.slack_text import to_plain_text
from bot.render import as_dicts
from bot.render.thread import receipt_blocks
from bot.responses.proposals import collects_items, proposed_items
from bot.services import Services
from bot.slack.delivery import post_first, post_once
from storage import drafts
from storage.models import Response, ResponseDraft

RECEIPT_PASSES = 5


def refresh_receipt(services: Services, draft_id: int) -> None:
    """Show the draft's receipt under the card as stored now: post it the first time, then edit
    it in place. If the draft changed while Slack answered, show it again, so the last word on
    screen is always the newest; no database lock is held while Slack answers."""
    for _pass in range(RECEIPT_PASSES):
        with services.db.session(read_only=True) as session:
            draft = drafts.draft_by_id(session, draft_id)
            seen, message = (
                (draft.version, draft.status),
                _receipt_message(services, session, draft),
            )
            channel, card_ts, receipt_ts = (
                draft.inspection.channel_id,
                draft.inspection.card_ts,
                draft.receipt_ts,
            )
        if receipt_ts is None:
            posted = post_first(
                services,
                ResponseDraft,
                draft_id,
                key=f"receipt:{draft_id}",
                channel=channel,
                thread_ts=card_ts,
                **message,
            )
            if posted is None:
                return  # another process is posting it and will show the newest
        else:
            services.client.chat_update(channel=channel, ts=receipt_ts, **message)
        with services.db.session(read_only=True) as session:
            draft = drafts.draft_by_id(session, draft_id)
            if (draft.version, draft.status) == seen:
                return


def _receipt_message(services: Services, session: Session, draft: ResponseDraft) -> dict[str, Any]:
    kept = [m.raw_text for m in draft.messages if m.status == MessageStatus.KEPT]
    summary = summarise([to_plain_text(part) for part in kept])
    response = session.get(Response, draft.response_id) if draft.response_id else None
    kind = ResponseKind(draft.kind)
    proposal = proposed_items(draft, services.settings) if collects_items(kind) else None
    text, blocks = receipt_blocks(
        draft,
        summary,
        response=response,
        tz=services.settings.timezone,
        proposal=proposal,
        set_aside_because=_set_aside_because(session, draft),
    )
    return {"text": text, "blocks": as_dicts(blocks)}


def _set_aside_because(session: Session, draft: ResponseDraft) -> SetAsideBecause:
    """Why a draft stopped, from what is stored: a "none" for its section recorded while it
    was open, a newer draft in the thread, or the inspection closed."""
    if draft.status != DraftStatus.ABANDONED:
        return SetAsideBecause.REPLACED  # not shown
    section = ResponseKind(draft.kind).section
    if section is not None and any(
        revision.section == section.value
        and revision.says_none
        and draft.opened_at <= revision.recorded_at <= (draft.closed_at or revision.recorded_at)
        for revision in draft.inspection.sections
    ):
        return SetAsideBecause.MAKES_NONE
    if drafts.has_draft_after(session, draft.inspection_id, draft.id):
        return SetAsideBecause.REPLACED
    return _CLOSED_BECAUSE.get(State(draft.inspection.state), SetAsideBecause.REPLACED)


_CLOSED_BECAUSE = {
    State.NOT_REQUIRED: SetAsideBecause.NOT_REQUIRED,
    State.WITHDRAWN: SetAsideBecause.WITHDRAWN,
}


def tell_once(services: Services, *, key: str, channel: str, thread_ts: str, text: str) -> None:
    """A one-off reply in a card's thread, never repeated for the same key."""
    with services.db.session() as session:
        inspection = drafts.inspection_by_card(session, channel, thread_ts)
        if inspection is None or not drafts.claim_notice(
            session, key=key, inspection_id=inspection.id, now=services.now()
        ):
            return
    try:
        post_once(services.poster, key=key, channel=channel, thread_ts=thread_ts, text=text)
    except Exception:
        with services.db.session() as session:
            drafts.release_notice(session, key)  # let Slack's retry of the event try again
        raise
