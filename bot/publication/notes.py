"""The note in the card's thread that a change after sign-off reopened it: written from its
audit row (``sign-off reopened``), so that a retry says exactly what was stored, and posted once
like every follow-up."""

from __future__ import annotations

from bot import copy
from bot.domain import followups
from bot.domain.inspection import format_reference
from bot.services import Services
from bot.slack.delivery import find_post, post_once
from bot.slack.followups import NotYet
from storage.models import AuditEvent, Inspection

NOTES = ("reopened",)


def post_reopened_note(services: Services, key: str, look_first: bool) -> dict[str, str]:
    _name, args = followups.parse(key)
    with services.db.session(read_only=True) as session:
        recorded = session.get(AuditEvent, int(args[0]))
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
