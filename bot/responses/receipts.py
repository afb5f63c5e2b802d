"""The bot's own messages in a card's thread: the receipt under each draft, and one-off notices.

Both are posted once (claims in the database, keys in Slack's message metadata) and no
database lock is held while Slack answers.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot import copy
from bot.domain.inspection import State
from bot.domain.responses import (
    DraftStatus,
    DraftSummary,
    MessageStatus,
    ResponseKind,
    SetAsideBecause,
    summarise,
)
from bot.domain.slack_text import mentioned_users, to_plain_text
from bot.domain.words import count_words
from bot.render import as_dicts
from bot.render.thread import receipt_blocks
from bot.responses.proposals import collects_items, draft_text, read_proposal
from bot.services import Services
from bot.slack.delivery import post_first, post_once
from storage import drafts
from storage.models import DraftMessage, Response, ResponseDraft

RECEIPT_PASSES = 5
log = logging.getLogger(__name__)


def refresh_receipt(services: Services, draft_id: int) -> None:
    """Show the draft's receipt under the card as stored now: post it the first time, then edit
    it in place, or post it again at the end of the thread (the old one deleted) when parts came
    after it, so that its buttons are always at the bottom. If the draft changed while Slack
    answered, show it again, so the last word on screen is always the newest; no database lock
    is held while Slack answers."""
    for _pass in range(RECEIPT_PASSES):
        with services.db.session(read_only=True) as session:
            draft = _draft(session, draft_id)
            seen, message = (
                (draft.version, draft.status),
                _receipt_message(services, session, draft),
            )
            channel, card_ts, receipt_ts = (
                draft.inspection.channel_id,
                draft.inspection.card_ts,
                draft.receipt_ts,
            )
            moved = receipt_ts is not None and _parts_below(draft, receipt_ts)
            key = f"receipt:{draft_id}" + (f":v{draft.version}" if moved else "")
        if receipt_ts is not None and moved:
            _move_down(
                services, draft_id, receipt_ts, key=key, channel=channel, thread=card_ts, **message
            )
        elif receipt_ts is None:
            posted = post_first(
                services,
                ResponseDraft,
                draft_id,
                key=key,
                channel=channel,
                thread_ts=card_ts,
                **message,
            )
            if posted is None:
                return  # another process is posting it and will show the newest
        else:
            services.client.chat_update(channel=channel, ts=receipt_ts, **message)
        with services.db.session(read_only=True) as session:
            draft = _draft(session, draft_id)
            if (draft.version, draft.status) == seen:
                return


def _draft(session: Session, draft_id: int) -> ResponseDraft:
    draft = drafts.draft_by_id(session, draft_id)
    if draft is None:  # drafts are never deleted: a follow-up names one that was stored
        raise LookupError(f"receipt of draft {draft_id}: no such draft")
    return draft


def _parts_below(draft: ResponseDraft, receipt_ts: str) -> bool:
    """Whether someone posted a part of this draft after its receipt (while collecting)."""
    if draft.status != DraftStatus.COLLECTING:
        return False
    shown = (MessageStatus.KEPT, MessageStatus.LEFT_OUT, MessageStatus.UNREAD)
    return any(float(m.ts) > float(receipt_ts) for m in draft.messages if m.status in shown)


def _move_down(
    services: Services,
    draft_id: int,
    old_ts: str,
    *,
    key: str,
    channel: str,
    thread: str | None,
    **message: Any,
) -> None:
    """Post the receipt again at the end (its key makes a retry find it, never post it twice),
    then make that the receipt, then delete the old one. If Slack refuses the post, the old
    receipt stays the receipt, and the follow-up tries again."""
    posted = post_once(services.poster, key=key, channel=channel, thread_ts=thread, **message)
    with services.db.session() as session:
        moved = drafts.move_receipt(session, draft_id, old_ts, posted["ts"])
    # Whichever one is not the receipt now goes (another process may have moved it first).
    _delete_quietly(services, channel, old_ts if moved else posted["ts"])


def _delete_quietly(services: Services, channel: str, ts: str) -> None:
    """The old receipt goes; if Slack will not delete it, it says where the receipt went."""
    try:
        services.client.chat_delete(channel=channel, ts=ts)
    except SlackApiError:
        try:
            services.client.chat_update(channel=channel, ts=ts, text=copy.RECEIPT_MOVED, blocks=[])
        except SlackApiError:
            log.warning("could not delete or shorten the old receipt %s in %s", ts, channel)


def _receipt_message(services: Services, session: Session, draft: ResponseDraft) -> dict[str, Any]:
    summary = draft_summary(services, draft)
    response = session.get(Response, draft.response_id) if draft.response_id else None
    kind = ResponseKind(draft.kind)
    collecting = draft.status == DraftStatus.COLLECTING
    proposal = (
        read_proposal(kind, draft_text(draft), services.settings)
        if collecting and collects_items(kind)
        else None
    )
    text, blocks = receipt_blocks(
        draft,
        summary,
        response=response,
        tz=services.settings.timezone,
        proposal=proposal,
        set_aside_because=_set_aside_because(session, draft),
    )
    return {"text": text, "blocks": as_dicts(blocks)}


def draft_summary(services: Services, draft: ResponseDraft) -> DraftSummary:
    """What the receipt says of a draft: its included messages as plain text (mentions as
    names), the files whose text they brought, and how many were left out."""
    kept = [m for m in draft.messages if m.status == MessageStatus.KEPT]
    names = services.people.names(set().union(*(mentioned_users(m.raw_text) for m in kept)))
    plain = [to_plain_text(m.raw_text, names) for m in kept]
    files = [
        (name, count_words(text))
        for m, text in zip(kept, plain, strict=True)
        for name in (m.file_names or "").splitlines()
    ]
    left_out = sum(1 for m in draft.messages if m.status == MessageStatus.LEFT_OUT)
    noted = (MessageStatus.KEPT, MessageStatus.UNREAD)
    lines = [line for m in draft.messages if m.status in noted for line in _unread(m)]
    unread = [(name, reason) for name, _, reason in (line.partition("\t") for line in lines)]
    return summarise(plain, files=files, left_out=left_out, unread=unread)


def _unread(message: DraftMessage) -> list[str]:
    return (message.unread_files or "").splitlines()


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
