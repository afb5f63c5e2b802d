"""Bringing Slack in line with the database, one inspection at a time.

Every change writes the follow-ups it needs (card edit, receipts, prompt, the approvers' turn,
step notes, completion note, the document at sign-off and at completion) in its own
transaction; ``catch_up`` delivers them, each claimed, posted once and marked sent. The user's
change never depends on Slack: what Slack refused is delivered by the next reminder pass
(``catch_up_all``), after looking for it in Slack when an earlier attempt may have reached it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot import copy
from bot.cards import followups as card_followups
from bot.compliance import posting as report_posting
from bot.domain import followups
from bot.domain.inspection import format_reference
from bot.exports.upload import upload_document_once, upload_draft_once
from bot.render.reminders import snoozed_message
from bot.responses import followups as response_followups
from bot.services import Services
from bot.slack.delivery import find_post, post_once
from bot.slack.followups import NotYet, deliver_follow_ups
from storage import reminders
from storage.models import AuditEvent, Inspection, StepConfirmation


@dataclass
class CatchUp:
    inspections: int = 0
    behind: list[int | None] = field(default_factory=list)  # still unsent (None: reports)


def catch_up(services: Services, inspection_id: int | None) -> bool:
    """Deliver every follow-up of the inspection nobody else is delivering; True when none
    is left for the next pass. None: the follow-ups of no one inspection (the compliance
    report's)."""
    return deliver_follow_ups(
        services, inspection_id, lambda key, look: _perform(services, key, look)
    )


def catch_up_all(services: Services) -> CatchUp:
    """For the reminder pass: every inspection with anything pending."""
    response_followups.request_missing_prompts(services)
    with services.db.session(read_only=True) as session:
        pending = reminders.inspections_with_follow_ups(session)
    report = CatchUp(inspections=len(pending))
    report.behind = [i for i in pending if not catch_up(services, i)]
    return report


def _perform(services: Services, key: str, look_first: bool) -> dict[str, str] | None:
    name, args = followups.parse(key)
    if name in card_followups.HANDLED:
        return card_followups.perform(services, key, look_first)
    if name in response_followups.HANDLED:
        return response_followups.perform(services, key, look_first)
    if name in report_posting.HANDLED:
        return report_posting.perform(services, key, look_first)
    if name == "upload":
        upload_document_once(services, int(args[0]), int(args[1]), args[2], look_first=look_first)
        return None
    if name == "draft":
        upload_draft_once(services, int(args[0]), int(args[1]), look_first=look_first)
        return None
    if name == "not-required":
        return _post_not_required(services, key, int(args[0]), look_first=look_first)
    if name in ("snoozed", "resumed"):
        return _post_snooze_note(services, key, name, int(args[0]), look_first=look_first)
    return _post_note(services, key, name, int(args[0]), look_first=look_first)


def _post_note(
    services: Services, key: str, name: str, confirmation_id: int, *, look_first: bool
) -> dict[str, str]:
    """A one-line note in the card's thread about a step (confirmed, undone, complete)."""
    with services.db.session(read_only=True) as session:
        step = session.get(StepConfirmation, confirmation_id)
        if step is None:
            raise ValueError(f"{key}: no such step confirmation")
        inspection = step.inspection
        if inspection.card_ts is None:
            raise NotYet(f"{key}: no card yet")
        text = {
            "note": lambda: copy.step_confirmed_note(step.step, step.confirmed_by),
            "undo": lambda: copy.step_undone_note(
                step.step, step.undone_by or "", step.undo_reason or ""
            ),
            "complete": lambda: copy.completed_note(
                format_reference(inspection.number), step.document_revision
            ),
        }[name]()
        where = {"key": key, "channel": inspection.channel_id, "thread_ts": inspection.card_ts}
    return _post(services, where, text, look_first)


def _post_not_required(
    services: Services, key: str, audit_id: int, *, look_first: bool
) -> dict[str, str]:
    with services.db.session(read_only=True) as session:
        recorded = session.get(AuditEvent, audit_id)
        inspection = session.get(Inspection, recorded.inspection_id)
        if inspection.card_ts is None:
            raise NotYet(f"{key}: no card yet")
        text = copy.not_required_note(recorded.actor, recorded.details.get("reason", ""))
        where = {"key": key, "channel": inspection.channel_id, "thread_ts": inspection.card_ts}
    return _post(services, where, text, look_first)


def _post_snooze_note(
    services: Services, key: str, name: str, audit_id: int, *, look_first: bool
) -> dict[str, str]:
    """The note in the card's thread that nudges were snoozed (with "Resume nudges") or
    resumed, as the audit row recorded it."""
    with services.db.session(read_only=True) as session:
        recorded = session.get(AuditEvent, audit_id)
        inspection = session.get(Inspection, recorded.inspection_id)
        if inspection.card_ts is None:
            raise NotYet(f"{key}: no card yet")
        reference, details = format_reference(inspection.number), recorded.details
        where = {"key": key, "channel": inspection.channel_id, "thread_ts": inspection.card_ts}
    if name == "resumed":
        return _post(services, where, copy.resumed_note(reference, recorded.actor), look_first)
    until, asked = (date.fromisoformat(details[part]) for part in ("until", "asked"))
    text = copy.snoozed_note(reference, recorded.actor, until, asked)
    blocks = snoozed_message(text, inspection_id=inspection.id)["blocks"]
    return _post(services, where, text, look_first, blocks=blocks)


def _post(
    services: Services,
    where: dict[str, str],
    text: str,
    look_first: bool,
    blocks: list[dict[str, Any]] | None = None,
) -> dict[str, str]:
    found = find_post(services.poster, **where) if look_first else None
    return found or post_once(services.poster, text=text, blocks=blocks, **where)
