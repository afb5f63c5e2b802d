"""Replies in a card's thread become the draft of the response being asked for.

Slack delivers events at least once, concurrently and sometimes out of order: every change
below happens with the draft locked, re-deliveries are recognised by the message's ts, an edit
or a deletion that arrives before its message is still applied, and an older edit never
overwrites a newer one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot import copy
from bot.documents.extract import text_of
from bot.domain import followups
from bot.domain.audit import AuditAction
from bot.domain.errors import UnreadableFile
from bot.domain.responses import DraftStatus, MessageStatus, ResponseKind, join_parts
from bot.domain.slack_text import slack_escaped
from bot.responses import followups as response_followups
from bot.responses.followups import catch_up_responses
from bot.responses.receipts import tell_once
from bot.services import Services
from bot.slack.files import download_shared_file
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
    Slack is asked (files, user groups) before any database lock is taken."""
    now, text = services.now(), storable(text)
    kind = _collecting_kind(services, channel, thread_ts)
    if kind is None:
        if files and not text.strip():
            _tell(services, channel, thread_ts, ts, copy.FILES_NOT_CAPTURED)
        return
    names: list[str] = []
    if files:
        try:
            text, names = _with_files(services, text, files)
        except UnreadableFile as refusal:
            _tell(services, channel, thread_ts, ts, refusal.reply)
            return
    status = MessageStatus.KEPT if _from_contact(services, kind, user) else MessageStatus.LEFT_OUT
    with services.db.session() as session:
        draft = _draft_for_thread(session, channel, thread_ts)
        added = draft is not None and _add_message(
            session, draft, ts=ts, user=user, text=text, now=now, status=status, files=names
        )
        if not added:
            return  # nothing is being collected, or Slack delivered this message before
        wanted = _receipt_follows(services, session, draft)
    catch_up_responses(services, *wanted)


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


def _with_files(
    services: Services, text: str, files: Sequence[dict[str, Any]]
) -> tuple[str, list[str]]:
    """The reply's text, then each file's text as a Slack client would send typed text (&, <
    and > as entities), and the files' names."""
    parts, names = ([text] if text.strip() else []), []
    for shared in files:
        found = download_shared_file(services.client, services.settings, str(shared.get("id")))
        parts.append(slack_escaped(storable(text_of(found.data, found.name))))
        names.append(found.name)
    return join_parts(parts), names


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
    catch_up_responses(services, *wanted)


def _receipt_follows(
    services: Services, session: Session, draft: ResponseDraft
) -> tuple[int, list[str]]:
    """The receipt's edit, asked for with the change: if Slack refuses it now, the reminder
    pass delivers it (a redelivered event finds its message stored and changes nothing)."""
    keys = [followups.receipt_edit(draft.id)]
    response_followups.request(services, session, draft.inspection_id, keys)
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
    catch_up_responses(services, *wanted)


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
) -> bool:
    """Add a reply to the draft once (False if Slack delivered it before); the first one is
    audited as the draft's start."""
    if _older(ts, than=draft.prompt_ts):
        return False  # posted before this draft was asked for (a late delivery): not part of it
    if not text.strip() or not drafts.add_draft_message(
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
    return bool(ts and than) and float(ts) <= float(than)


def _draft_for_thread(
    session: Session, channel: str, thread_ts: str | None
) -> ResponseDraft | None:
    """The draft being collected in a card's thread, locked until the transaction ends."""
    inspection = drafts.inspection_by_card(session, channel, thread_ts) if thread_ts else None
    return drafts.collecting_draft(session, inspection.id, lock=True) if inspection else None
