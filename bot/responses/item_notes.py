"""The notes in the card's thread about an item after the response: its progress recorded, its
nudges snoozed (with "Resume nudges") or resumed. Each is written from its audit row, so that a
retry says exactly what was stored, however late Slack takes it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from bot import copy
from bot.domain.actions import ActionStatus, Rag
from bot.domain.followups import FollowUp, Kind
from bot.followups.notes import card_thread, post_note, stored_row
from bot.followups.registry import Deliver, Posted
from bot.render.reminders import item_snoozed_message
from bot.render.text import escape, shorten
from bot.services import Services
from storage.models import AuditEvent

NOTE_PREVIEW = 300  # characters of a progress note quoted in the thread


def post_item_note(services: Services, follow_up: FollowUp, *, look_first: bool) -> Posted:
    key = follow_up.key
    with services.db.session(read_only=True) as session:
        recorded = stored_row(session, AuditEvent, follow_up)
        where = card_thread(session, recorded.inspection_id, key)
        actor, details = recorded.actor, dict(recorded.details)
    text, blocks = _message(follow_up.kind, where.reference, actor, details)
    return post_note(services, key, where, look_first=look_first, text=text, blocks=blocks)


def _message(
    kind: Kind, reference: str, actor: str, details: dict[str, Any]
) -> tuple[str, list[dict[str, Any]] | None]:
    label = str(details.get("item", ""))
    if kind is Kind.PROGRESS:
        rag = Rag(details["rag"])
        target = date.fromisoformat(details["target"]) if details.get("target") else None
        before = details.get("target before")  # absent from notes recorded before it was kept
        note = escape(shorten(str(details.get("note") or ""), NOTE_PREVIEW))
        note = note.replace("\n", "\n> ")  # every line of it quoted
        text = copy.progress_thread_note(
            label,
            reference,
            actor,
            ActionStatus(details["status"]).label,
            target,
            rag.emoji,
            rag.label,
            note,
            revised_from=date.fromisoformat(before) if before else None,
        )
        return text, None
    if kind is Kind.ITEM_RESUMED:
        return copy.item_resumed_note(label, reference, actor), None
    until = date.fromisoformat(details["until"])
    text = copy.item_snoozed_note(label, reference, actor, until)
    blocks: list[dict[str, Any]] = item_snoozed_message(text, item_id=int(details["item_id"]))[
        "blocks"
    ]
    return text, blocks


DELIVERERS: Mapping[Kind, Deliver] = {
    Kind.PROGRESS: post_item_note,
    Kind.ITEM_SNOOZED: post_item_note,
    Kind.ITEM_RESUMED: post_item_note,
}
