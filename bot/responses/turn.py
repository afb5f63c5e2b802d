"""Telling the approvers, in the card's thread, that sign-off is their turn (docs/rules.md#r11).

Asked for with the response confirmation that makes it so (both responses in, the inspection
awaiting sign-off), keyed by that confirmation, and delivered once like every follow-up. A
revision confirmed while sign-off still waits tells them again: what they sign has changed.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot import copy
from bot.domain import followups
from bot.domain.answers import item_states, unanswered
from bot.domain.inspection import State, format_reference
from bot.domain.responses import ResponseKind
from bot.domain.sections import missing_for_sign_off
from bot.followups.registry import NotYet
from bot.services import Services
from bot.slack.delivery import find_post, post_once
from storage import drafts, queries
from storage.models import Inspection, Response


def turn_follows(session: Session, inspection: Inspection, response: Response) -> list[str]:
    """In the confirmation's transaction, once the next request is made: the note it needs.
    None while a revision of a response is being asked for: its confirmation tells them."""
    if not _their_turn(session, inspection):
        return []
    return [followups.approvers_turn(response.id)]


def post_turn(services: Services, response_id: int, *, look_first: bool) -> dict[str, str] | None:
    """The note, unless it is no longer true when it is delivered (signed off, closed, a
    response being revised, or a newer confirmation has its own note): then nothing, and the
    follow-up is done."""
    key = followups.approvers_turn(response_id)
    with services.db.session(read_only=True) as session:
        response = queries.stored_row(session, Response, response_id)
        inspection = response.inspection
        newest = max(r.id for r in inspection.responses)
        if newest != response.id or not _their_turn(session, inspection):
            return None
        if inspection.card_ts is None:
            raise NotYet(f"{key}: no card yet")
        text = copy.approvers_turn_note(
            format_reference(inspection.number),
            approvers=[copy.mention(p) for p in services.settings.approvers],
            revised=ResponseKind(response.kind).label if response.revision > 1 else None,
            step=services.settings.steps[0],
            still_needed=_still_needed(inspection),
        )
        where = {"key": key, "channel": inspection.channel_id, "thread_ts": inspection.card_ts}
    found = find_post(services.poster, **where) if look_first else None
    return found or post_once(services.poster, text=text, **where)


def _their_turn(session: Session, inspection: Inspection) -> bool:
    """Awaiting sign-off, and no response being revised in the thread (a section may be)."""
    collecting = drafts.collecting_draft(session, inspection.id)
    revising = collecting is not None and ResponseKind(collecting.kind).section is None
    return State(inspection.state) is State.AWAITING_SIGN_OFF and not revising


def _still_needed(inspection: Inspection) -> list[str]:
    """What sign-off waits for besides the approvers: sections, answers to items."""
    needed = [f"section:{s.value}" for s in missing_for_sign_off(inspection.sections)]
    return needed + unanswered(item_states(inspection.items))
