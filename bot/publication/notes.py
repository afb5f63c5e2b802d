"""The note in the card's thread that a change after sign-off reopened it: written from its
audit row (``sign-off reopened``), so that a retry says exactly what was stored, and posted once
like every follow-up."""

from __future__ import annotations

from collections.abc import Mapping

from bot import copy
from bot.domain.followups import FollowUp, Kind
from bot.domain.inspection import format_reference
from bot.followups.registry import Deliver, NotYet, Posted
from bot.services import Services
from bot.slack.delivery import find_post, post_once
from storage.models import AuditEvent, Inspection


def post_reopened_note(services: Services, follow_up: FollowUp, *, look_first: bool) -> Posted:
    key = follow_up.key
    with services.db.session(read_only=True) as session:
        recorded = session.get(AuditEvent, follow_up.id())
        if recorded is None or recorded.inspection_id is None:
            raise ValueError(f"{key}: no such audit row")
        inspection = session.get(Inspection, recorded.inspection_id)
        if inspection is None or inspection.card_ts is None:
            raise NotYet(f"{key}: no card yet")
        details = dict(recorded.details)
        text = copy.sign_off_reopened_note(
            format_reference(inspection.number),
            actor=recorded.actor,
            what=str(details.get("what", "")),
            undone=[str(step) for step in details.get("steps") or []] or ["sign-off"],
            was_complete=bool(details.get("was complete")),
            approvers=services.settings.approvers,
        )
        where = {"key": key, "channel": inspection.channel_id, "thread_ts": inspection.card_ts}
    found = find_post(services.poster, **where) if look_first else None
    return found or post_once(services.poster, text=text, **where)


DELIVERERS: Mapping[Kind, Deliver] = {Kind.REOPENED: post_reopened_note}
