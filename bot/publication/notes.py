"""The note in the card's thread that a change after sign-off reopened it: written from its
audit row (``sign-off reopened``), so that a retry says exactly what was stored, and posted once
like every follow-up."""

from __future__ import annotations

from collections.abc import Mapping

from bot import copy
from bot.domain.followups import FollowUp, Kind
from bot.followups.notes import card_thread, post_note, stored_row
from bot.followups.registry import Deliver, Posted
from bot.services import Services
from storage.models import AuditEvent


def post_reopened_note(services: Services, follow_up: FollowUp, *, look_first: bool) -> Posted:
    key = follow_up.key
    with services.db.session(read_only=True) as session:
        recorded = stored_row(session, AuditEvent, follow_up)
        where = card_thread(session, recorded.inspection_id, key)
        details = dict(recorded.details)
        text = copy.sign_off_reopened_note(
            where.reference,
            actor=recorded.actor,
            what=str(details.get("what", "")),
            undone=[str(step) for step in details.get("steps") or []] or ["sign-off"],
            was_complete=bool(details.get("was complete")),
            approvers=services.settings.approvers,
        )
    return post_note(services, key, where, look_first=look_first, text=text)


DELIVERERS: Mapping[Kind, Deliver] = {Kind.REOPENED: post_reopened_note}
