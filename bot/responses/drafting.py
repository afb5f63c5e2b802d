"""Replies in a card's thread become the draft of the response being asked for.

Slack delivers events at least once, concurrently and sometimes out of order: every change
below happens with the draft locked, re-deliveries are recognised by the message's ts, an edit
or a deletion that arrives before its message is still applied, and an older edit never
overwrites a newer one.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot import copy
from bot.changes.followups import request
from bot.domain import followups
from bot.domain.audit import AuditAction
from bot.domain.responses import DraftStatus, MessageStatus, ResponseKind, join_parts
from bot.domain.slack_text import slack_escaped
from bot.followups.delivery import deliver_owed
from bot.responses.receipts import tell_once
from bot.responses.shared_files import FileOutcome, fetch_and_read, keep_trying
from bot.services import Services
from storage import drafts, queries
from storage.models import ResponseDraft


def capture_reply(
    services: Services,
    *,
    channel: str,
    thread_ts: str,
    ts: str,
    user: str,
    text: str,
    files: Sequence[dict[str, Any]] = (),
) -> None:
    """A human reply in a card's thread joins the draft being collected there, once: its text
    and the text of any file it shares. A reply from someone other than the contact the draft
    is asked of (S55_CC_CONTACT, S55_PCC_CONTACT) is kept but left out until Review includes it.
    Slack is asked (files, user groups) before any database lock is taken.

    The typed text is kept whatever happens to the files: a file that gives no text becomes a
    note in the receipt, and the person is told why in words that fit the draft. A file Slack
    does not hand over yet is asked for again (bot.responses.shared_files) after the rest of
    the reply is stored, and joins it when it comes."""
    now, text = services.now(), storable(text)
    kind = _collecting_kind(services, channel, thread_ts)
    if kind is None:
        if files and not text.strip():
            _tell(services, channel, thread_ts, ts, copy.FILES_NOT_CAPTURED)
        return
    started = time.monotonic()
    outcomes = [fetch_and_read(services, shared) for shared in files]
    status = MessageStatus.KEPT if _from_contact(services, kind, user) else MessageStatus.LEFT_OUT
    where = _Where(channel, thread_ts, ts)
    added = _store(services, where, user=user, text=text, outcomes=outcomes, status=status, now=now)
    if not added and not _still_pending(services, where):
        return  # nothing is being collected, or Slack delivered this message before
    if any(outcome.pending for outcome in outcomes):
        outcomes = [
            keep_trying(services, shared, since=started) if outcome.pending else outcome
            for shared, outcome in zip(files, outcomes, strict=True)
        ]
        _settle_files(services, where, outcomes, status=status)
    unread = [(outcome.name, outcome.reason) for outcome in outcomes if outcome.text is None]
    if unread:
        said = copy.files_not_read(unread, kind.label, typed=bool(text.strip()))
        _tell(services, channel, thread_ts, ts, said)


@dataclass(frozen=True)
class _Where:
    channel: str
    thread_ts: str
    ts: str


def _store(
    services: Services,
    where: _Where,
    *,
    user: str,
    text: str,
    outcomes: Sequence[FileOutcome],
    status: MessageStatus,
    now: datetime,
) -> bool:
    """The reply with its typed text, the text of each file read, a note of each file not;
    False when it was not added (delivered before, or no draft is being collected)."""
    raw = join_parts([text, *(_file_text(o) for o in outcomes if o.text is not None)])
    with services.db.session() as session:
        draft = _draft_for_thread(session, where.channel, where.thread_ts)
        if draft is None:
            return False  # nothing is being collected in this thread
        added = _add_message(
            session,
            draft,
            ts=where.ts,
            user=user,
            text=raw,
            now=now,
            status=status if raw.strip() else MessageStatus.UNREAD,
            files=[o.name for o in outcomes if o.text is not None],
            unread=[(o.name, o.reason) for o in outcomes if o.text is None],
        )
        if not added:
            return False
        wanted = _receipt_follows(services, session, draft)
    deliver_owed(services, *wanted)
    return True


def _file_text(outcome: FileOutcome) -> str:
    """A file's text as a Slack client would send it typed (&, < and > as entities)."""
    return slack_escaped(storable(outcome.text or ""))


def _still_pending(services: Services, where: _Where) -> bool:
    """Whether the stored reply still waits for a file (an earlier try of this event ended
    before Slack handed the file over)."""
    with services.db.session(read_only=True) as session:
        message = drafts.draft_message(session, where.channel, where.ts)
        return message is not None and copy.FILE_PENDING_REASON in (message.unread_files or "")


def _settle_files(
    services: Services, where: _Where, outcomes: Sequence[FileOutcome], *, status: MessageStatus
) -> None:
    """The files that came late join the stored reply (if its draft is still collected); the
    notes say what became of each."""
    with services.db.session() as session:
        draft = _draft_for_thread(session, where.channel, where.thread_ts)
        message = drafts.draft_message(session, where.channel, where.ts)
        if draft is None or message is None or message.draft_id != draft.id:
            return  # confirmed or set aside meanwhile: the reply to the person says so
        had = set((message.file_names or "").splitlines())
        late = [o for o in outcomes if o.text is not None and o.name not in had]
        message.raw_text = join_parts([message.raw_text, *(_file_text(o) for o in late)])
        message.file_names = "\n".join([*sorted(had), *(o.name for o in late)]) or None
        message.unread_files = _unread_lines(
            [(o.name, o.reason) for o in outcomes if o.text is None]
        )
        if message.status == MessageStatus.UNREAD and message.raw_text.strip():
            message.status = status
        message.edited_at = services.now()
        draft.version += 1
        wanted = _receipt_follows(services, session, draft)
    deliver_owed(services, *wanted)


def _unread_lines(unread: Sequence[tuple[str, str]]) -> str | None:
    """The files that gave no text, as DraftMessage.unread_files keeps them."""
    return "\n".join(f"{name}\t{reason}" for name, reason in unread) or None


def _collecting_kind(services: Services, channel: str, thread_ts: str) -> ResponseKind | None:
    with services.db.session(read_only=True) as session:
        inspection = drafts.inspection_by_card(session, channel, thread_ts)
        draft = drafts.collecting_draft(session, inspection.id) if inspection else None
        return ResponseKind(draft.kind) if draft is not None else None


def _from_contact(services: Services, kind: ResponseKind, user: str) -> bool:
    """Whether ``user`` may give this draft's text: anyone, unless the office named the
    contact this response is asked of (the sections are anyone's)."""
    settings = services.settings
    contact = {ResponseKind.CC: settings.cc_contact, ResponseKind.PCC: settings.pcc_contact}.get(
        kind
    )
    return contact is None or services.people.is_one_of(user, (contact,))


def _tell(services: Services, channel: str, thread_ts: str, ts: str, text: str) -> None:
    tell_once(
        services, key=f"files:{channel}:{ts}", channel=channel, thread_ts=thread_ts, text=text
    )


def edit_reply(
    services: Services,
    *,
    channel: str,
    ts: str,
    thread_ts: str | None,
    user: str,
    text: str,
    edited_ts: str | None = None,
) -> None:
    """An edited draft message changes the draft; edits after confirmation change nothing.
    Slack may deliver the edit before the message itself: then the edit is the message."""
    now, text = services.now(), storable(text)
    with services.db.session() as session:
        draft = _draft_for_thread(session, channel, thread_ts)  # locked: one change at a time
        message = drafts.draft_message(session, channel, ts)
        if message is None:  # the edit came first: it is the message
            if draft is None or not _add_message(
                session, draft, ts=ts, user=user, text=text, now=now, edited_ts=edited_ts
            ):
                return
        elif (
            message.draft.status != DraftStatus.COLLECTING
            or message.status != MessageStatus.KEPT
            or message.raw_text == text
            or _older(edited_ts, than=message.edited_ts)
        ):
            return
        else:
            message.raw_text, message.edited_at, draft = text, now, message.draft
            message.edited_ts = edited_ts or message.edited_ts
            draft.version += 1
        wanted = _receipt_follows(services, session, draft)
    deliver_owed(services, *wanted)


def _receipt_follows(
    services: Services, session: Session, draft: ResponseDraft
) -> tuple[int, list[str]]:
    """The receipt's edit, asked for with the change: if Slack refuses it now, the reminder
    pass delivers it (a redelivered event finds its message stored and changes nothing)."""
    keys = [followups.receipt_edit(draft.id)]
    request(services, session, draft.inspection_id, keys)
    return draft.inspection_id, keys


def storable(text: str) -> str:
    """The reply as Slack sent it, less U+0000: PostgreSQL text cannot hold it (SQLite can, and
    both must keep the same), and it is never part of what someone meant to write."""
    return text.replace("\x00", "")


def delete_reply(services: Services, *, channel: str, ts: str, thread_ts: str | None) -> None:
    """A deleted draft message leaves the draft. Slack may deliver the deletion before the
    message: then a tombstone row makes sure the late message is not captured."""
    now = services.now()
    with services.db.session() as session:
        draft = _draft_for_thread(session, channel, thread_ts)
        message = drafts.draft_message(session, channel, ts)
        if message is None:
            if draft is not None:
                drafts.add_draft_message(
                    session,
                    draft_id=draft.id,
                    channel_id=channel,
                    ts=ts,
                    user_id="",
                    raw_text="",
                    status=MessageStatus.DELETED,
                    received_at=now,
                )
            return
        if message.draft.status != DraftStatus.COLLECTING or message.status != MessageStatus.KEPT:
            return
        message.status, message.edited_at = MessageStatus.DELETED, now
        message.draft.version += 1
        wanted = _receipt_follows(services, session, message.draft)
    deliver_owed(services, *wanted)


def _add_message(
    session: Session,
    draft: ResponseDraft,
    *,
    ts: str,
    user: str,
    text: str,
    now: datetime,
    edited_ts: str | None = None,
    status: MessageStatus = MessageStatus.KEPT,
    files: Sequence[str] = (),
    unread: Sequence[tuple[str, str]] = (),
) -> bool:
    """Add a reply to the draft once (False if Slack delivered it before); the first one is
    audited as the draft's start. A reply with no text is added only for the notes of the
    files it brought that gave none."""
    if _older(ts, than=draft.prompt_ts):
        return False  # posted before this draft was asked for (a late delivery): not part of it
    if (not text.strip() and not unread) or not drafts.add_draft_message(
        session,
        draft_id=draft.id,
        channel_id=draft.inspection.channel_id,
        ts=ts,
        user_id=user,
        raw_text=text,
        status=status,
        received_at=now,
        edited_ts=edited_ts,
        file_names="\n".join(files) or None,
        unread_files=_unread_lines(unread),
    ):
        return False
    draft.version += 1
    if draft.version == 2:
        queries.record_audit(
            session,
            inspection=draft.inspection,
            actor=user,
            action=AuditAction.RESPONSE_DRAFTED,
            at=now,
            details={"kind": draft.kind},
        )
    return True


def _older(ts: str | None, *, than: str | None) -> bool:
    """Slack timestamps compare as numbers; an unknown one is never older."""
    if not ts or not than:
        return False
    return float(ts) <= float(than)


def _draft_for_thread(
    session: Session, channel: str, thread_ts: str | None
) -> ResponseDraft | None:
    """The draft being collected in a card's thread, locked until the transaction ends."""
    inspection = drafts.inspection_by_card(session, channel, thread_ts) if thread_ts else None
    return drafts.collecting_draft(session, inspection.id, lock=True) if inspection else None
