"""The bot's own messages in a card's thread: the receipt under each draft, and one-off notices.

Both are posted once (claims in the database, keys in Slack's message metadata) and no
database lock is held while Slack answers.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk.errors import SlackApiError
from sqlalchemy.orm import Session

from bot import copy
from bot.domain.inspection import State
from bot.domain.items import ItemsShown
from bot.domain.items_so_far import ItemsSoFar
from bot.domain.responses import (
    DraftStatus,
    MessageStatus,
    ResponseKind,
    SetAsideBecause,
    Tally,
)
from bot.domain.slack_text import mentioned_users, to_plain_text
from bot.followups.registry import NotYet
from bot.render import as_dicts
from bot.render.items import MAX_LISTED
from bot.render.thread import receipt_blocks
from bot.responses.proposals import DEFAULT_KIND, collects_items, kept_parts
from bot.services import Services, claimer_dead, claimer_id, claimer_is_this_process
from bot.slack.delivery import find_post, post_first, post_once
from storage import drafts
from storage.models import DraftMessage, Response, ResponseDraft
from storage.queries import CLAIM_TIMEOUT

RECEIPT_PASSES = 5
log = logging.getLogger(__name__)


def refresh_receipt(services: Services, draft_id: int) -> None:
    """Show the draft's receipt under the card as stored now: post it the first time, then edit
    it in place, or post it again at the end of the thread (the old one deleted) when parts came
    after it, so that its buttons are always at the bottom. If the draft changed while Slack
    answered, show it again, so the last word on screen is always the newest; no database lock
    is held while Slack answers. What it says of the messages is the draft's tally, which the
    message just posted extends (the 200th costs what the first does).

    A move that a process left unfinished (killed between Slack taking the post and the
    database recording it, or before deleting the old receipt) is finished first, from what
    the draft row says of it and the key in Slack's metadata; one under way in a live process
    is left to that process (NotYet: it shows the newest, and this follow-up is retried)."""
    for _pass in range(RECEIPT_PASSES):
        with services.db.session(read_only=True) as session:
            draft = drafts.draft_row(session, draft_id)
            if draft is None:  # drafts are never deleted: a follow-up names one that was stored
                raise LookupError(f"receipt of draft {draft_id}: no such draft")
            channel, card_ts, receipt_ts = (
                draft.inspection.channel_id,
                draft.inspection.card_ts,
                draft.receipt_ts,
            )
            unfinished = _unfinished_move(draft, services.now())
            counted = _counted(services, session, draft)
            seen, message = (
                (draft.version, draft.status),
                _receipt_message(services, session, draft, counted),
            )
            moved = receipt_ts is not None and _parts_below(draft, counted, receipt_ts)
        if counted.version != _stored_version(draft):
            with services.db.session() as session:
                drafts.keep_tally(session, draft_id, counted.version, counted.as_json())
        if unfinished is not None:
            if _finish_move(services, draft_id, unfinished, channel=channel, thread=card_ts):
                continue
            # Not in Slack yet, but the post may still arrive: the receipt shows the draft
            # where it is, and the move is looked for again by the next pass.
            if receipt_ts is not None:
                services.client.chat_update(channel=channel, ts=receipt_ts, **message)
            raise NotYet(f"receipt of draft {draft_id}: {unfinished.key} may yet reach Slack")
        if receipt_ts is not None and moved:
            if not _move_down(
                services,
                draft_id,
                receipt_ts,
                key=f"receipt:{draft_id}:v{seen[0]}:{uuid.uuid4().hex[:8]}",
                channel=channel,
                thread=card_ts,
                **message,
            ):
                continue  # it moved meanwhile, or a move is to be finished: read it again
        elif receipt_ts is None:
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
            if drafts.draft_version(session, draft_id) == seen:
                return
    # Changed on every pass, or a pass spent finishing a move: the next reminder pass shows it.
    raise NotYet(f"receipt of draft {draft_id}: not shown as stored after {RECEIPT_PASSES} passes")


@dataclass(frozen=True)
class Counted:
    """A draft's tally as of ``version``: the messages up to ``through`` (their greatest id)
    added in Slack's order, the last of them posted at ``last_ts``; ``shown_ts``, the last
    one the receipt shows (kept, left out or unread). A recommendations or AFIs draft being
    collected keeps the reading of its items so far (``items``), which the next message is
    read on from; ``proposal``, what that reading shows, is not kept."""

    tally: Tally
    version: int
    through: int = 0
    last_ts: str | None = None
    shown_ts: str | None = None
    items: ItemsSoFar | None = None
    proposal: ItemsShown | None = dataclasses.field(default=None, compare=False)

    def as_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "through": self.through,
            "last_ts": self.last_ts,
            "shown_ts": self.shown_ts,
            "tally": dataclasses.asdict(self.tally),
            "items": self.items.as_json() if self.items is not None else None,
        }

    @classmethod
    def from_json(cls, stored: dict[str, Any]) -> Counted:
        tally = stored["tally"]
        return cls(
            tally=Tally(
                **{
                    **tally,
                    "files": tuple((name, words) for name, words in tally["files"]),
                    "unread": tuple((name, why) for name, why in tally["unread"]),
                }
            ),
            version=stored["version"],
            through=stored["through"],
            last_ts=stored["last_ts"],
            shown_ts=stored["shown_ts"],
            items=ItemsSoFar.from_json(stored["items"]) if stored.get("items") else None,
        )


def _stored_version(draft: ResponseDraft) -> int | None:
    return draft.tally["version"] if draft.tally else None


def _counted(services: Services, session: Session, draft: ResponseDraft) -> Counted:
    """The draft's tally now: as kept when the draft has not changed since; extended by the
    messages stored since when each change since was one of them being added, each posted
    after the others; else (an edit, a deletion, a status changed, a reply delivered out of
    order) counted again from every message. The items of a recommendations or AFIs draft
    are read on the same way, from the reading kept (ItemsSoFar)."""
    kept = Counted.from_json(draft.tally) if draft.tally else None
    if kept is not None and kept.version == draft.version:
        return kept
    if kept is not None:
        new = drafts.messages_after(session, draft.id, kept.through)
        added = [m for m in new if m.status != MessageStatus.DELETED]  # tombstones: no change
        last = float(kept.last_ts) if kept.last_ts else 0.0
        if len(added) == draft.version - kept.version and all(float(m.ts) > last for m in new):
            counted = _adding(services, kept, new, draft.version)
            return _reading_items(services, session, draft, counted, new, kept.items)
    every = drafts.messages_after(session, draft.id, 0)
    counted = _adding(services, Counted(Tally(), 0), every, draft.version)
    return _reading_items(services, session, draft, counted, every, None, every=every)


def _reading_items(
    services: Services,
    session: Session,
    draft: ResponseDraft,
    counted: Counted,
    new: Sequence[DraftMessage],
    so_far: ItemsSoFar | None,
    *,
    every: Sequence[DraftMessage] | None = None,
) -> Counted:
    """``counted`` with the draft's items read on from ``so_far`` with the ``new`` messages,
    or, where that cannot be (no reading kept, or the new words change how the text before
    them reads: bot.domain.items_so_far), read again from ``every`` message."""
    if not _reads_items(draft):
        return counted
    options = _reading_options(services, draft)
    read = so_far.adding(kept_parts(new), **options) if so_far is not None else None
    if read is None:
        if every is None:
            every = drafts.messages_after(session, draft.id, 0)
        read = ItemsSoFar.reading(kept_parts(every), **options)
    items, proposal = read
    return dataclasses.replace(counted, items=items, proposal=proposal)


def _reads_items(draft: ResponseDraft) -> bool:
    """A recommendations or AFIs draft being collected: its receipt shows the items."""
    return draft.status == DraftStatus.COLLECTING and collects_items(ResponseKind(draft.kind))


def _reading_options(services: Services, draft: ResponseDraft) -> dict[str, Any]:
    return {
        "force_name": services.settings.force,
        "default_kind": DEFAULT_KIND[ResponseKind(draft.kind)],
        "listed": MAX_LISTED,
    }


def _proposal(
    services: Services, session: Session, draft: ResponseDraft, counted: Counted
) -> ItemsShown:
    """The items the receipt shows: as read with the message just counted, or from the reading
    kept; if that needs the whole text's words, read again from every message."""
    if counted.proposal is not None:
        return counted.proposal
    options = _reading_options(services, draft)
    so_far = counted.items
    if so_far is not None and options == {
        "force_name": so_far.force_name,
        "default_kind": so_far.default_kind,
        "listed": so_far.listed,
    }:  # kept with the options the draft is read with now (the force's name may have changed)
        shown = so_far.shown()
        if shown is not None:
            return shown
    every = drafts.messages_after(session, draft.id, 0)
    return ItemsSoFar.reading(kept_parts(every), **options)[1]


def _adding(
    services: Services, counted: Counted, messages: Sequence[DraftMessage], version: int
) -> Counted:
    """``counted`` with ``messages`` (in Slack's order, each after those counted) added."""
    kept = [m for m in messages if m.status == MessageStatus.KEPT]
    names = services.people.names(set().union(*(mentioned_users(m.raw_text) for m in kept)))
    tally, shown_ts = counted.tally, counted.shown_ts
    shown = (MessageStatus.KEPT, MessageStatus.LEFT_OUT, MessageStatus.UNREAD)
    for m in messages:
        status = MessageStatus(m.status)
        is_kept = status == MessageStatus.KEPT
        tally = tally.adding(
            to_plain_text(m.raw_text, names) if is_kept else "",
            files=(m.file_names or "").splitlines() if is_kept else (),
            left_out=status == MessageStatus.LEFT_OUT,
            unread=_unread(m) if status in (MessageStatus.KEPT, MessageStatus.UNREAD) else (),
        )
        if status in shown:
            shown_ts = m.ts
    return Counted(
        tally=tally,
        version=version,
        through=max([counted.through, *(m.id for m in messages)]),
        last_ts=messages[-1].ts if messages else counted.last_ts,
        shown_ts=shown_ts,
    )


def _parts_below(draft: ResponseDraft, counted: Counted, receipt_ts: str) -> bool:
    """Whether someone posted a part of this draft after its receipt (while collecting)."""
    if draft.status != DraftStatus.COLLECTING or counted.shown_ts is None:
        return False
    return float(counted.shown_ts) > float(receipt_ts)


# Keys of the moves this process is posting now: a move recorded as this process's and not
# among them was set down by a thread of it that failed (its look-up need not wait).
_MOVING_HERE: set[str] = set()
_MOVING_LOCK = threading.Lock()


@dataclass(frozen=True)
class UnfinishedMove:
    """What a move left undone: ``key``, a post that may be in Slack (nobody is making it
    now), whose claim has ``timed_out`` or not; ``retired``, the old receipt still to delete."""

    key: str | None
    retired: str | None
    timed_out: bool = False


def _unfinished_move(draft: ResponseDraft, now: datetime) -> UnfinishedMove | None:
    """The draft's unfinished move, if any; NotYet while a live process is making one (it
    shows the newest when it is done, and this follow-up is retried)."""
    if draft.receipt_moving is not None and _being_made(draft, now):
        raise NotYet(f"receipt of draft {draft.id}: being moved by {draft.receipt_moving_by}")
    if draft.receipt_moving is None and draft.receipt_retired is None:
        return None
    at = draft.receipt_moving_at
    return UnfinishedMove(
        draft.receipt_moving, draft.receipt_retired, at is None or at < now - CLAIM_TIMEOUT
    )


def _being_made(draft: ResponseDraft, now: datetime) -> bool:
    """Whether the process that recorded the move may still be posting it: not if it set it
    down, nor if it died (same place: its pid is gone), nor once the claim has timed out."""
    by, at = draft.receipt_moving_by, draft.receipt_moving_at
    if by is None or at is None or at < now - CLAIM_TIMEOUT:
        return False
    if claimer_is_this_process(by):
        with _MOVING_LOCK:
            return draft.receipt_moving in _MOVING_HERE
    return not claimer_dead(by)


def _finish_move(
    services: Services,
    draft_id: int,
    unfinished: UnfinishedMove,
    *,
    channel: str,
    thread: str | None,
) -> bool:
    """Delete the old receipt left behind; look the post left unrecorded up by its key:
    found, it is the receipt now (the next pass moves it down or edits it, so it says what
    the draft holds); not found, Slack never took it, once its claim has timed out (till then
    a request its maker sent may still be carried out: False, looked for again later). A
    look-up that fails says nothing (CannotTell): retried."""
    if unfinished.retired is not None:
        _retire(services, draft_id, channel, unfinished.retired)
    if unfinished.key is None:
        return True
    found = find_post(services.poster, key=unfinished.key, channel=channel, thread_ts=thread)
    if found is None and not unfinished.timed_out:
        return False
    with services.db.session() as session:
        if found is None:
            drafts.forget_move(session, draft_id, unfinished.key)
        else:
            drafts.move_receipt(session, draft_id, unfinished.key, found["ts"])
    return True


def _move_down(
    services: Services,
    draft_id: int,
    old_ts: str,
    *,
    key: str,
    channel: str,
    thread: str | None,
    **message: Any,
) -> bool:
    """Post the receipt again at the end under a key of its own, recorded before it is posted
    (so that a post the process dies before recording is found by the next pass), then make
    that the receipt, then delete the old one. If Slack refuses the post, the old receipt stays
    the receipt, and the follow-up tries again. False if it moved meanwhile or a move is to be
    finished first."""
    with _MOVING_LOCK:  # before the claim is seen: this process's other threads wait for it
        _MOVING_HERE.add(key)
    try:
        with services.db.session() as session:
            if not drafts.claim_move(
                session, draft_id, old_ts, key=key, by=claimer_id(), now=services.now()
            ):
                return False
        try:
            posted = post_once(
                services.poster, key=key, channel=channel, thread_ts=thread, **message
            )
        except SlackApiError as failure:
            with services.db.session() as session:
                if failure.response.status_code < 500:  # refused: nothing was posted
                    drafts.forget_move(session, draft_id, key)
                else:
                    drafts.set_down_move(session, draft_id, key)
            raise
        except Exception:  # it may be in Slack: the next pass looks it up
            with services.db.session() as session:
                drafts.set_down_move(session, draft_id, key)
            raise
        with services.db.session() as session:
            moved = drafts.move_receipt(session, draft_id, key, posted["ts"])
            receipt_now = None if moved else drafts.receipt_ts(session, draft_id)
    finally:
        with _MOVING_LOCK:
            _MOVING_HERE.discard(key)
    if moved:
        _retire(services, draft_id, channel, old_ts)
    elif receipt_now != posted["ts"]:
        # Its claim timed out while Slack answered and another pass gave it up: this post is
        # not the receipt and never will be.
        _delete_quietly(services, channel, posted["ts"])
    return True


def _retire(services: Services, draft_id: int, channel: str, ts: str) -> None:
    """The old receipt goes (or, if Slack will not delete it, says where the receipt went),
    then is forgotten; if Slack takes neither, it stays recorded for the next pass."""
    try:
        services.client.chat_delete(channel=channel, ts=ts)
    except SlackApiError as failure:
        if failure.response.get("error") != "message_not_found":  # gone already is gone
            services.client.chat_update(channel=channel, ts=ts, text=copy.RECEIPT_MOVED, blocks=[])
    with services.db.session() as session:
        drafts.forget_retired(session, draft_id, ts)


def _delete_quietly(services: Services, channel: str, ts: str) -> None:
    """A receipt that is not the receipt goes; if Slack will not delete it, it says where the
    receipt went."""
    try:
        services.client.chat_delete(channel=channel, ts=ts)
    except SlackApiError:
        try:
            services.client.chat_update(channel=channel, ts=ts, text=copy.RECEIPT_MOVED, blocks=[])
        except SlackApiError:
            log.warning("could not delete or shorten the old receipt %s in %s", ts, channel)


def _receipt_message(
    services: Services, session: Session, draft: ResponseDraft, counted: Counted
) -> dict[str, Any]:
    response = session.get(Response, draft.response_id) if draft.response_id else None
    proposal = _proposal(services, session, draft, counted) if _reads_items(draft) else None
    text, blocks = receipt_blocks(
        draft,
        counted.tally.summary,
        response=response,
        tz=services.settings.timezone,
        proposal=proposal,
        set_aside_because=_set_aside_because(session, draft),
    )
    return {"text": text, "blocks": as_dicts(blocks)}


def _unread(message: DraftMessage) -> list[tuple[str, str]]:
    """The files of the message that gave no text: (name, why)."""
    lines = (message.unread_files or "").splitlines()
    return [(name, reason) for name, _, reason in (line.partition("\t") for line in lines)]


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
