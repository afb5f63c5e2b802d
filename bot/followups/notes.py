"""A one-line note in a card's thread, posted once: what most follow-ups are."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from bot.domain.errors import NotOnRecord
from bot.domain.followups import FollowUp
from bot.domain.inspection import format_reference
from bot.followups.registry import NotYet, Posted
from bot.services import Services
from bot.slack.delivery import find_post, post_once
from storage import queries
from storage.models import Base, Inspection

Row = TypeVar("Row", bound=Base)


@dataclass(frozen=True)
class CardThread:
    """Where a note about an inspection goes: its card's thread."""

    inspection_id: int
    channel: str
    ts: str
    reference: str  # the inspection's, as notes name it


def stored_row(session: Session, model: type[Row], follow_up: FollowUp) -> Row:
    """The row the follow-up was written from (its first ID): an audit row, a step's
    confirmation. Written in the same transaction, so its absence is a bug, not a wait."""
    return queries.stored_row(session, model, follow_up.id())


def card_thread(session: Session, inspection_id: int | None, key: str) -> CardThread:
    """The card's thread of the inspection the note is about; NotYet while its card is not
    posted."""
    if inspection_id is None:
        raise NotOnRecord(f"{key}: names no inspection")
    inspection = queries.stored_row(session, Inspection, inspection_id)
    if inspection.card_ts is None:
        raise NotYet(f"{key}: no card yet")
    reference = format_reference(inspection.number)
    return CardThread(inspection.id, inspection.channel_id, inspection.card_ts, reference)


def post_note(
    services: Services,
    key: str,
    where: CardThread,
    *,
    look_first: bool,
    text: str,
    blocks: list[dict[str, Any]] | None = None,
) -> Posted:
    """Post the note in the card's thread, unless an earlier attempt that may have reached
    Slack did."""
    channel, thread_ts = where.channel, where.ts
    found = (
        find_post(services.poster, key=key, channel=channel, thread_ts=thread_ts)
        if look_first
        else None
    )
    return found or post_once(
        services.poster, key=key, channel=channel, thread_ts=thread_ts, text=text, blocks=blocks
    )
