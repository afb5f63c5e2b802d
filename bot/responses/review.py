"""Review before Use this: every part of a draft (each message or file, kept or left out), with
whether it is included; a person chooses, and the receipt shows the draft as it now stands."""

from __future__ import annotations

from dataclasses import dataclass

from bot import copy
from bot.changes.followups import request
from bot.changes.permission import Refused, check_editor
from bot.domain import followups
from bot.domain.audit import AuditAction
from bot.domain.followups import Stored
from bot.domain.responses import MessageStatus, ResponseKind, join_parts, summarise
from bot.domain.slack_text import mentioned_users, to_plain_text
from bot.followups.delivery import deliver_owed
from bot.responses.collection import draft_still_open
from bot.services import Services
from storage import queries

# Parts a review can show: the posted ones (not deleted in Slack, not cleared by Start again).
REVIEWABLE = (MessageStatus.KEPT, MessageStatus.LEFT_OUT)
WHOLE_TEXT_LIMIT = 2800  # a modal's section holds 3,000 characters
MAX_PARTS = 40  # Slack: at most 100 blocks in a modal


@dataclass(frozen=True)
class Part:
    message_id: int
    author: str
    words: int
    first: str
    last: str
    files: str
    included: bool


@dataclass(frozen=True)
class ForReview:
    label: str
    parts: list[Part]
    whole_text: str
    more_words: int


def draft_for_review(services: Services, *, draft_id: int, version: int, actor: str) -> ForReview:
    with services.db.session(read_only=True) as session:
        draft = draft_still_open(session, draft_id, version, lock=False)
        kind = ResponseKind(draft.kind)
        messages = [m for m in draft.messages if m.status in REVIEWABLE]
        raw = [(m.id, m.user_id, m.raw_text, m.file_names or "", m.status) for m in messages]
    check_editor(services, actor, kind)
    names = services.people.names(set().union(*(mentioned_users(text) for _, _, text, _, _ in raw)))
    parts = []
    for message_id, author, text, files, status in raw[:MAX_PARTS]:
        summary = summarise([to_plain_text(text, names)])
        parts.append(
            Part(
                message_id,
                author,
                summary.words,
                summary.first_sentence,
                summary.last_sentence,
                ", ".join(files.splitlines()),
                status == MessageStatus.KEPT,
            )
        )
    kept = [
        to_plain_text(text, names) for _, _, text, _, status in raw if status == MessageStatus.KEPT
    ]
    whole = join_parts(kept)
    shown = whole[:WHOLE_TEXT_LIMIT]
    more = len(whole[WHOLE_TEXT_LIMIT:].split())
    return ForReview(kind.label, parts, shown, more)


def apply_review(
    services: Services, *, draft_id: int, version: int, included: set[int], actor: str
) -> Stored:
    """Include exactly the parts chosen; the receipt follows (a new version of the draft, so
    a Use this pressed on the old receipt is refused)."""
    if not included:
        raise Refused(copy.REVIEW_NOTHING_INCLUDED)
    with services.db.session() as session:
        draft = draft_still_open(session, draft_id, version)
        check_editor(services, actor, ResponseKind(draft.kind))
        changed = 0
        for message in draft.messages:
            if message.status not in REVIEWABLE:
                continue
            wanted = MessageStatus.KEPT if message.id in included else MessageStatus.LEFT_OUT
            if message.status != wanted:
                message.status, changed = wanted, changed + 1
        if changed:
            draft.version += 1
            queries.record_audit(
                session,
                inspection=draft.inspection,
                actor=actor,
                action=AuditAction.DRAFT_REVIEWED,
                at=services.now(),
                details={"kind": draft.kind, "included": len(included), "changed": changed},
            )
        keys = [followups.receipt_edit(draft.id)]
        request(services, session, draft.inspection_id, keys)
        inspection_id = draft.inspection_id
    return Stored(copy.draft_reviewed(changed), deliver_owed(services, inspection_id, keys))
