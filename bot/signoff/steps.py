"""Approvers confirm the office-use steps (sign-off first), undo the latest, or record that no
response is required (PRODUCT.md §6). Every change is one audit row, a card update and a
one-line note in the card's thread."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot import copy
from bot.cards.refresh import refresh_card
from bot.domain.inspection import State, format_reference
from bot.domain.responses import DraftStatus
from bot.domain.sections import missing_for_sign_off
from bot.domain.steps import (
    Done,
    NotAnApprover,
    StepRefused,
    check_can_confirm,
    check_can_undo,
    state_after_steps,
)
from bot.exports.upload import upload_finished
from bot.responses.receipts import refresh_receipt
from bot.services import Services
from bot.slack.delivery import post_once
from storage import drafts, queries
from storage.models import Inspection, StepConfirmation


def check_approver(services: Services, actor: str) -> None:
    approvers = services.settings.approvers
    if not approvers:
        raise NotAnApprover(copy.NO_APPROVERS)
    if not services.people.is_one_of(actor, approvers):
        raise NotAnApprover(copy.not_an_approver())


def confirm_step(services: Services, *, inspection_id: int, step: str, actor: str) -> None:
    """Judged against the database, not the card the click came from."""
    check_approver(services, actor)
    now = services.now()
    try:
        with services.db.session() as session:
            inspection = queries.inspection_by_id(session, inspection_id, lock=True)
            steps = services.settings.steps
            done = active_steps(inspection)
            check_can_confirm(
                step,
                steps=steps,
                state=State(inspection.state),
                done=done,
                sections_missing=missing_for_sign_off(inspection.sections),
            )
            confirmation = StepConfirmation(step=step, confirmed_by=actor, confirmed_at=now)
            inspection.steps.append(confirmation)
            done[step] = Done(by=actor, at=now)
            inspection.state = state_after_steps(steps, done).value
            inspection.completed_at = now if inspection.state == State.COMPLETE else None
            queries.record_audit(
                session,
                inspection=inspection,
                actor=actor,
                action="step confirmed",
                at=now,
                details={"step": step},
            )
            session.flush()
            key, complete = f"step:{confirmation.id}", inspection.state == State.COMPLETE
            reference, channel, card_ts = _thread_of(inspection)
    except (StepRefused, IntegrityError) as refusal:
        refresh_card(services, inspection_id)  # show what is true now
        if isinstance(refusal, IntegrityError):  # the other approver's click won the race
            raise StepRefused(copy.step_already_done(step, "another approver")) from None
        raise
    refresh_card(services, inspection_id)
    _note(services, key, channel, card_ts, copy.step_confirmed_note(step, actor))
    if complete:
        _note(services, f"complete:{key}", channel, card_ts, copy.completed_note(reference))
        upload_finished(services, inspection_id)


def undo_step(
    services: Services, *, inspection_id: int, step: str, actor: str, reason: str
) -> None:
    check_approver(services, actor)
    now = services.now()
    with services.db.session() as session:
        inspection = queries.inspection_by_id(session, inspection_id, lock=True)
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
            action="step undone",
            at=now,
            details={"step": step, "reason": reason},
        )
        key = f"undo:{confirmation.id}"
        _reference, channel, card_ts = _thread_of(inspection)
    refresh_card(services, inspection_id)
    _note(services, key, channel, card_ts, copy.step_undone_note(step, actor, reason))


def mark_not_required(services: Services, *, inspection_id: int, actor: str, reason: str) -> None:
    check_approver(services, actor)
    now = services.now()
    with services.db.session() as session:
        inspection = queries.inspection_by_id(session, inspection_id, lock=True)
        if not State(inspection.state).is_open:
            raise StepRefused(copy.not_required_refused(inspection.state))
        inspection.state, inspection.not_required_reason = State.NOT_REQUIRED.value, reason
        set_aside = _stop_collecting(session, inspection, actor=actor, now=now)
        queries.record_audit(
            session,
            inspection=inspection,
            actor=actor,
            action="marked not required",
            at=now,
            details={"reason": reason},
        )
        _reference, channel, card_ts = _thread_of(inspection)
    refresh_card(services, inspection_id)
    if set_aside is not None:
        refresh_receipt(services, set_aside)
    _note(
        services,
        f"not-required:{inspection_id}",
        channel,
        card_ts,
        copy.not_required_note(actor, reason),
    )


def active_steps(inspection: Inspection) -> dict[str, Done]:
    return {
        s.step: Done(by=s.confirmed_by, at=s.confirmed_at)
        for s in inspection.steps
        if s.undone_at is None
    }


def _stop_collecting(
    session: Session, inspection: Inspection, *, actor: str, now: datetime
) -> int | None:
    draft = drafts.collecting_draft(session, inspection.id, lock=True)
    if draft is None:
        return None
    draft.status, draft.closed_by, draft.closed_at = DraftStatus.ABANDONED, actor, now
    return draft.id


def _thread_of(inspection: Inspection) -> tuple[str, str, str | None]:
    return format_reference(inspection.number), inspection.channel_id, inspection.card_ts


def _note(services: Services, key: str, channel: str, card_ts: str | None, text: str) -> None:
    if card_ts is not None:
        post_once(services.poster, key=key, channel=channel, thread_ts=card_ts, text=text)
