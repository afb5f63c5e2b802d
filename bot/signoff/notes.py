"""The notes in the card's thread about the office-use steps: a step confirmed, undone, the
response complete, or no response required. Each is written from what was stored (the step's
confirmation, or the audit row) and posted once like every follow-up."""

from __future__ import annotations

from collections.abc import Mapping

from bot import copy
from bot.domain.followups import FollowUp, Kind
from bot.followups.notes import card_thread, post_note, stored_row
from bot.followups.registry import Deliver, Posted
from bot.services import Services
from storage.models import AuditEvent, StepConfirmation


def post_step_note(services: Services, follow_up: FollowUp, *, look_first: bool) -> Posted:
    """A one-line note about a step (confirmed, undone, complete)."""
    key = follow_up.key
    with services.db.session(read_only=True) as session:
        step = stored_row(session, StepConfirmation, follow_up)
        where = card_thread(session, step.inspection_id, key)
        if follow_up.kind is Kind.UNDO:
            text = copy.step_undone_note(step.step, step.undone_by or "", step.undo_reason or "")
        elif follow_up.kind is Kind.COMPLETE:
            text = copy.completed_note(where.reference, step.document_revision)
        else:
            text = copy.step_confirmed_note(step.step, step.confirmed_by)
    return post_note(services, key, where, look_first=look_first, text=text)


def post_not_required_note(services: Services, follow_up: FollowUp, *, look_first: bool) -> Posted:
    key = follow_up.key
    with services.db.session(read_only=True) as session:
        recorded = stored_row(session, AuditEvent, follow_up)
        where = card_thread(session, recorded.inspection_id, key)
        text = copy.not_required_note(recorded.actor, recorded.details.get("reason", ""))
    return post_note(services, key, where, look_first=look_first, text=text)


DELIVERERS: Mapping[Kind, Deliver] = {
    Kind.STEP: post_step_note,
    Kind.UNDO: post_step_note,
    Kind.COMPLETE: post_step_note,
    Kind.NOT_REQUIRED: post_not_required_note,
}
