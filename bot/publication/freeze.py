"""Sign-off freezes what is published (docs/rules.md#r12), enforced in one place.

Every flow that changes something the response document says (an edit of the facts, a section,
items, an answer, whether a list is complete, a response) calls ``record_change`` in its own
transaction, with the inspection's row locked, naming the parts of the document it changed
(bot.domain.publication.document_parts). Here, and nowhere else:

* the document's revision moves on (what the documents posted at sign-off and completion name);
* once the PCC response is signed off, a non-approver's change is refused (the transaction
  rolls back: nothing is stored), and an approver's reopens sign-off: the sign-off step and
  every step confirmed after it are undone with the reason "changed after sign-off: <what>",
  the inspection awaits sign-off again, the audit log says so, and the card and a note in the
  thread (mentioning the approvers) are asked for with the change.

Whether someone is an approver may need Slack (user groups), which is never asked while a row
is locked: ``authority`` asks before the transaction, and only of a signed-off inspection, and
refuses a non-approver there already, so they hear before filling in a form.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot import copy
from bot.changes.named import inspection_named
from bot.domain import followups
from bot.domain.audit import AuditAction
from bot.domain.deadlines import local_today
from bot.domain.inspection import State, format_reference
from bot.domain.publication import (
    AfterSignOff,
    ChangeRefused,
    DocumentPart,
    judge,
    reopen_reason,
    signed_off,
    what_changed,
)
from bot.services import Services
from storage import queries, reminders
from storage.models import Inspection


@dataclass(frozen=True)
class Authority:
    """Who is changing the record, and whether they are an approver: asked of Slack before the
    change's transaction, only when the inspection was signed off (None: not asked)."""

    actor: str
    approver: bool | None = None


def authority(services: Services, inspection: Inspection | int, *, actor: str) -> Authority:
    """Before a change (or before the form that makes one): a non-approver is refused now if
    the inspection is signed off, naming who can make the change. ``inspection``: loaded
    already, or its id (read here)."""
    if isinstance(inspection, int):
        with services.db.session(read_only=True) as session:
            inspection = inspection_named(session, inspection, loaded=False)  # state, number
    state = State(inspection.state)
    if not signed_off(state):
        return Authority(actor)
    approver = services.is_approver(actor)
    if judge(state, approver=approver) is AfterSignOff.REFUSED:
        raise ChangeRefused(_refusal(services, inspection))
    return Authority(actor, approver)


def record_change(
    services: Services,
    session: Session,
    inspection: Inspection,
    parts: Sequence[DocumentPart],
    *,
    authority: Authority,
    now: datetime,
) -> list[str]:
    """In the change's transaction (``inspection`` locked): the change's parts of the document,
    judged. Raises ChangeRefused (the caller's transaction rolls back); returns the follow-ups
    asked for when it reopened sign-off (none otherwise)."""
    if not parts:
        return []
    state = State(inspection.state)
    if signed_off(state) and authority.approver is None:  # signed off since it was asked
        raise ChangeRefused(copy.signed_off_meanwhile(format_reference(inspection.number)))
    verdict = judge(state, approver=bool(authority.approver))
    if verdict is AfterSignOff.REFUSED:
        raise ChangeRefused(_refusal(services, inspection))
    inspection.document_revision += 1
    if verdict is AfterSignOff.STORED:
        return []
    return _reopen(services, session, inspection, parts, actor=authority.actor, now=now)


def _reopen(
    services: Services,
    session: Session,
    inspection: Inspection,
    parts: Sequence[DocumentPart],
    *,
    actor: str,
    now: datetime,
) -> list[str]:
    """Sign-off and every later step undone, latest first, each with the reason; the
    inspection awaits sign-off again; one audit row; the card and the thread's note asked for."""
    reason = reopen_reason(parts)
    standing = sorted(
        (s for s in inspection.steps if s.undone_at is None), key=lambda s: s.id, reverse=True
    )
    for step in standing:
        step.undone_by, step.undone_at, step.undo_reason = actor, now, reason
        step.undone_by_change = True
    was_complete = inspection.state == State.COMPLETE
    inspection.state = State.AWAITING_SIGN_OFF.value
    inspection.completed_at = None
    session.flush()
    recorded = queries.record_audit(
        session,
        inspection=inspection,
        actor=actor,
        action=AuditAction.SIGN_OFF_REOPENED,
        at=now,
        details={
            "what": what_changed(parts),
            "steps": [s.step for s in reversed(standing)],  # in the order they were confirmed
            "was complete": was_complete,
            "revision": inspection.document_revision,
        },
    )
    session.flush()
    keys = [followups.card_edit(inspection.id), followups.reopened_note(recorded.id)]
    today = local_today(now, services.settings.timezone)
    reminders.request_follow_ups(session, inspection.id, keys, day=today, now=now)
    return keys


def _refusal(services: Services, inspection: Inspection) -> str:
    return copy.signed_off_change_refused(
        format_reference(inspection.number), services.settings.approvers
    )
