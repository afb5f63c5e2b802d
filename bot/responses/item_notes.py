"""The notes in the card's thread about an item after the response: its progress recorded, its
nudges snoozed (with "Resume nudges") or resumed. Each is written from its audit row, so that a
retry says exactly what was stored, however late Slack takes it."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot import copy
from bot.domain import followups
from bot.domain.actions import ActionStatus, Rag
from bot.domain.inspection import format_reference
from bot.render.reminders import item_snoozed_message
from bot.render.text import escape, shorten
from bot.services import Services
from bot.slack.delivery import find_post, post_once
from bot.slack.followups import NotYet
from storage.models import AuditEvent, Inspection

NOTES = ("progress", "item-snoozed", "item-resumed")
NOTE_PREVIEW = 300  # characters of a progress note quoted in the thread


def post_item_note(services: Services, key: str, look_first: bool) -> dict[str, str]:
    name, args = followups.parse(key)
    with services.db.session(read_only=True) as session:
        recorded = session.get(AuditEvent, int(args[0]))
        inspection = session.get(Inspection, recorded.inspection_id)
        if inspection.card_ts is None:
            raise NotYet(f"{key}: no card yet")
        reference, actor, details = (
            format_reference(inspection.number),
            recorded.actor,
            dict(recorded.details),
        )
        where = {"key": key, "channel": inspection.channel_id, "thread_ts": inspection.card_ts}
    message = _message(name, reference, actor, details)
    found = find_post(services.poster, **where) if look_first else None
    return found or post_once(services.poster, **message, **where)


def _message(name: str, reference: str, actor: str, details: dict[str, Any]) -> dict[str, Any]:
    label = str(details.get("item", ""))
    if name == "progress":
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
        return {"text": text, "blocks": None}
    if name == "item-resumed":
        return {"text": copy.item_resumed_note(label, reference, actor), "blocks": None}
    until = date.fromisoformat(details["until"])
    text = copy.item_snoozed_note(label, reference, actor, until)
    return item_snoozed_message(text, item_id=int(details["item_id"]))
