"""Approvers confirm the office-use steps (sign-off first), undo the latest, or record that no
response is required (docs/rules.md#r11). Every change is one audit row, a card update and a
one-line note in the card's thread."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import copy
from bot.cards.refresh import refresh_card
from bot.changes.followups import request
from bot.changes.named import inspection_named
from bot.changes.permission import check_approver
from bot.domain import followups
from bot.domain.answers import item_states, unanswered
from bot.domain.audit import AuditAction
from bot.domain.followups import Stored
from bot.domain.inspection import State, format_reference
from bot.domain.sections import missing_for_sign_off
from bot.domain.steps import (
    Done,
    StepRefused,
    check_can_confirm,
    check_can_undo,
    reopened_by,
    state_after_steps,
)
from bot.followups.delivery import deliver_owed
from bot.responses.collection import stop_collecting
from bot.services import Services
from storage import queries
from storage.changes import run_once
from storage.models import Inspection, StepConfirmation

log = logging.getLogger(__name__)


def confirm_step(
    services: Services, *, inspection_id: int, step: str, actor: str, key: str | None = None
) -> Stored:
    """Judged against the database, not the card the click came from. The step and what Slack
    must show for it (card, note, completion note, documents) are stored together. ``key``
    (the click's, storage.changes): a commit whose answer was lost is looked up before
    anything is said."""
    check_approver(services, actor)
    now = services.now()

    committed: list[Inspection] = []  # for the follow-ups to render from (deliver_owed)

    def store(session: Session) -> dict[str, Any]:
        inspection = inspection_named(session, inspection_id, lock=True)
        committed[:] = [inspection]
        steps = services.settings.steps
        done = active_steps(inspection)
        check_can_confirm(
            step,
            steps=steps,
            state=State(inspection.state),
            done=done,
            sections_missing=missing_for_sign_off(inspection.sections),
            unanswered=unanswered(item_states(inspection.items)),
            reference=format_reference(inspection.number),
            reopened=_reopen_reason(inspection, steps),
        )
        confirmation = StepConfirmation(
            step=step,
            confirmed_by=actor,
            confirmed_at=now,
            document_revision=inspection.document_revision,  # what was signed, forwarded…
        )
        inspection.steps.append(confirmation)
        done[step] = Done(by=actor, at=now)
        inspection.state = state_after_steps(steps, done).value
        inspection.completed_at = now if inspection.state == State.COMPLETE else None
        queries.record_audit(
            session,
            inspection=inspection,
            actor=actor,
            action=AuditAction.STEP_CONFIRMED,
            at=now,
            details={"step": step},
        )
        session.flush()
        wanted = _after_confirming(inspection, confirmation, sign_off=steps[0])
        request(services, session, inspection_id, wanted)
        return {"reply": copy.step_stored(step, format_reference(inspection.number))}

    try:
        done = run_once(
            services.db,
            key=key,
            action="step confirmed",
            now=now,
            work=store,
            unknown_reply=copy.outcome_unknown(f"“{step}”", "the card"),
        )
    except (StepRefused, IntegrityError) as refusal:
        _show_card(services, inspection_id)  # show what is true now
        if isinstance(refusal, IntegrityError):  # the other approver's click won the race
            raise StepRefused(copy.step_already_done(step, "another approver")) from None
        raise
    # Only when this call committed it (not a retry that found the change already stored).
    loaded = committed[0] if committed and not done.again else None
    return Stored(
        str(done.result["reply"]), deliver_owed(services, inspection_id, committed=loaded)
    )


def _after_confirming(
    inspection: Inspection, confirmation: StepConfirmation, *, sign_off: str
) -> list[str]:
    """The note, the card; the draft document once signed off; at completion the final one."""
    keys = [followups.card_edit(inspection.id), followups.step_note(confirmation.id)]
    if confirmation.step == sign_off and inspection.state == State.PUBLISHING:
        keys.append(followups.draft_upload(inspection.id, confirmation.id))  # to publish from
    if inspection.state == State.COMPLETE:
        keys.append(followups.completion_note(confirmation.id))
        keys += [
            followups.upload(inspection.id, confirmation.id, fmt)
            for fmt in followups.DOCUMENT_FORMATS
        ]
    return keys


def _show_card(services: Services, inspection_id: int) -> None:
    """A best effort after a refusal: the refusal is what the user must read (whatever fails
    here, Slack or the database, is only logged)."""
    try:
        refresh_card(services, inspection_id)
    except Exception as failure:
        log.warning("card %s not refreshed after a refusal: %r", inspection_id, failure)


def undo_step(
    services: Services, *, inspection_id: int, step: str, actor: str, reason: str
) -> None:
    check_approver(services, actor)
    now = services.now()
    with services.db.session() as session:
        inspection = inspection_named(session, inspection_id, lock=True)
        check_can_undo(
            step,
            steps=services.settings.steps,
            state=State(inspection.state),
            done=active_steps(inspection),
        )
        confirmation = next(s for s in inspection.steps if s.step == step and s.undone_at is None)
        confirmation.undone_by, confirmation.undone_at, confirmation.undo_reason = (
            actor,
            now,
            reason,
        )
        session.flush()
        inspection.state = state_after_steps(
            services.settings.steps, active_steps(inspection)
        ).value
        inspection.completed_at = None
        queries.record_audit(
            session,
            inspection=inspection,
            actor=actor,
            action=AuditAction.STEP_UNDONE,
            at=now,
            details={"step": step, "reason": reason},
        )
        keys = [followups.card_edit(inspection_id), followups.undo_note(confirmation.id)]
        request(services, session, inspection_id, keys)
    deliver_owed(services, inspection_id)  # what Slack refuses, the next reminder pass delivers


def mark_not_required(services: Services, *, inspection_id: int, actor: str, reason: str) -> None:
    check_approver(services, actor)
    now = services.now()
    with services.db.session() as session:
        inspection = inspection_named(session, inspection_id, lock=True)
        if not State(inspection.state).is_open:
            raise StepRefused(copy.not_required_refused(inspection.state))
        inspection.state, inspection.not_required_reason = State.NOT_REQUIRED.value, reason
        stop_collecting(services, session, inspection, actor=actor)  # asks its receipt edit
        recorded = queries.record_audit(
            session,
            inspection=inspection,
            actor=actor,
            action=AuditAction.MARKED_NOT_REQUIRED,
            at=now,
            details={"reason": reason},
        )
        session.flush()
        keys = [followups.card_edit(inspection_id), followups.not_required_note(recorded.id)]
        request(services, session, inspection_id, keys)
    deliver_owed(services, inspection_id)  # what Slack refuses, the next reminder pass delivers


def _reopen_reason(inspection: Inspection, steps: Sequence[str]) -> str | None:
    reopening = reopened_by(inspection.steps, steps)
    return None if reopening is None else reopening.undo_reason or ""


def active_steps(inspection: Inspection) -> dict[str, Done]:
    return {
        s.step: Done(by=s.confirmed_by, at=s.confirmed_at)
        for s in inspection.steps
        if s.undone_at is None
    }
