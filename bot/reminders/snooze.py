"""Snoozing an inspection's nudges from the controls under a nudge, and ending a snooze early
("Resume nudges" on the note that confirms it). Judged against the database, not the message
(bot.domain.snooze decides); stored on the inspection with an audit row; confirmed by a note in
the card's thread that is posted once, like every follow-up (the pass retries what Slack
refused). The reminder pass holds the snoozed nudges (bot.reminders.run.held_by_snooze)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from bot import copy
from bot.cards.standing import snooze_of
from bot.changes.followups import request
from bot.changes.named import inspection_named
from bot.domain import followups
from bot.domain.audit import AuditAction
from bot.domain.followups import FollowUp, Kind, Stored
from bot.domain.inspection import State, format_reference
from bot.domain.snooze import Decided, SnoozeRefused, active, chosen_date, decide
from bot.followups.delivery import deliver_owed
from bot.followups.notes import card_thread, post_note, stored_row
from bot.followups.registry import Deliver, Posted
from bot.render.reminders import snoozed_message
from bot.services import Services
from storage import queries
from storage.models import AuditEvent, Inspection


@dataclass(frozen=True)
class Place:
    """Where the control was used: the channel, and the thread the message is in."""

    channel: str | None
    thread_ts: str | None


def snooze(
    services: Services, *, inspection_id: int, choice: int | date, actor: str, place: Place
) -> Stored:
    """``choice``: days from today (the menu), or the last quiet day (the date picker)."""
    now, today = services.now(), services.today()
    asked = choice if isinstance(choice, date) else chosen_date(today, choice)
    approver = _overdue(services, inspection_id) and services.is_approver(actor)  # no lock held
    with services.db.session() as session:
        inspection = _snoozable(session, inspection_id, place)
        reference = format_reference(inspection.number)
        decided = decide(
            today=today,
            asked=asked,
            deadline=inspection.statutory_deadline,
            approver=approver,
            reference=reference,
        )
        replaced = active(snooze_of(inspection), today=today)
        _store(inspection, decided, actor=actor, now=now)
        details = {
            "until": decided.snooze.until.isoformat(),
            "asked": asked.isoformat(),
            "overdue": decided.snooze.overdue,
            "replaced": replaced.until.isoformat() if replaced else None,
        }
        record(
            services,
            session,
            inspection,
            AuditAction.SNOOZED,
            actor=actor,
            now=now,
            details=details,
        )
    reply = copy.snooze_stored(reference, decided.snooze.until, asked)
    return Stored(reply, deliver_owed(services, inspection_id))


def resume(services: Services, *, inspection_id: int, actor: str, place: Place) -> Stored:
    """End the snooze in force; anyone may (it only brings the nudges back)."""
    now, today = services.now(), services.today()
    with services.db.session() as session:
        inspection = inspection_named(session, inspection_id, lock=True)
        check_place(inspection, place)
        reference = format_reference(inspection.number)
        ended = active(snooze_of(inspection), today=today)
        if ended is None:
            raise SnoozeRefused(copy.not_snoozed(reference))
        inspection.snoozed_until, inspection.snoozed_overdue = None, False
        inspection.snoozed_by, inspection.snoozed_at = None, None
        details = {"until": ended.until.isoformat()}
        record(
            services,
            session,
            inspection,
            AuditAction.SNOOZE_ENDED,
            actor=actor,
            now=now,
            details=details,
        )
    return Stored(copy.resume_stored(reference), deliver_owed(services, inspection_id))


NOTES = {
    AuditAction.SNOOZED: followups.snoozed_note,
    AuditAction.SNOOZE_ENDED: followups.resumed_note,
    AuditAction.ITEM_SNOOZED: followups.item_snoozed_note,
    AuditAction.ITEM_SNOOZE_ENDED: followups.item_resumed_note,
}
CARD_SHOWS = (
    AuditAction.SNOOZED,
    AuditAction.SNOOZE_ENDED,
)  # the card says whether its own nudges are snoozed


def record(
    services: Services,
    session: Session,
    inspection: Inspection,
    action: AuditAction,
    *,
    actor: str,
    now: datetime,
    details: dict[str, Any],
) -> None:
    """Audit the change, and ask in the same transaction for its note in the thread (and,
    for the inspection's own nudges, the card's edit)."""
    recorded = queries.record_audit(
        session, inspection=inspection, actor=actor, action=action, at=now, details=details
    )
    session.flush()
    keys = [NOTES[action](recorded.id)]
    if action in CARD_SHOWS:
        keys.append(followups.card_edit(inspection.id))
    request(services, session, inspection.id, keys)


def _overdue(services: Services, inspection_id: int) -> bool:
    with services.db.session(read_only=True) as session:
        deadline = inspection_named(session, inspection_id, loaded=False).statutory_deadline
        return deadline < services.today()


def _snoozable(session: Session, inspection_id: int, place: Place) -> Inspection:
    inspection = inspection_named(session, inspection_id, lock=True)
    check_place(inspection, place)
    if not State(inspection.state).is_open:
        raise SnoozeRefused(
            copy.snooze_closed(format_reference(inspection.number), inspection.state)
        )
    return inspection


def check_place(inspection: Inspection, place: Place) -> None:
    """Our controls are only ever in the inspection's own card thread: one that names another
    inspection comes from an altered payload."""
    if inspection.card_ts is None or (place.channel, place.thread_ts) != (
        inspection.channel_id,
        inspection.card_ts,
    ):
        raise SnoozeRefused(copy.BUTTON_NOT_UNDERSTOOD)


def _store(inspection: Inspection, decided: Decided, *, actor: str, now: datetime) -> None:
    """A later snooze replaces an earlier one."""
    inspection.snoozed_until = decided.snooze.until
    inspection.snoozed_overdue = decided.snooze.overdue
    inspection.snoozed_by, inspection.snoozed_at = actor, now


def post_snooze_note(services: Services, follow_up: FollowUp, *, look_first: bool) -> Posted:
    """The note in the card's thread that nudges were snoozed (with "Resume nudges") or
    resumed, as the audit row recorded it."""
    key = follow_up.key
    with services.db.session(read_only=True) as session:
        recorded = stored_row(session, AuditEvent, follow_up)
        where = card_thread(session, recorded.inspection_id, key)
        inspection_id, reference = where.inspection_id, where.reference
        actor, details = recorded.actor, dict(recorded.details)
    if follow_up.kind is Kind.RESUMED:
        text = copy.resumed_note(reference, actor)
        return post_note(services, key, where, look_first=look_first, text=text)
    until, asked = (date.fromisoformat(details[part]) for part in ("until", "asked"))
    text = copy.snoozed_note(reference, actor, until, asked)
    blocks = snoozed_message(text, inspection_id=inspection_id)["blocks"]
    return post_note(services, key, where, look_first=look_first, text=text, blocks=blocks)


DELIVERERS: Mapping[Kind, Deliver] = {
    Kind.SNOOZED: post_snooze_note,
    Kind.RESUMED: post_snooze_note,
}
