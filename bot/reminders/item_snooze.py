"""Snoozing the nudges about one item's target date, from the controls under such a nudge, and
ending that snooze early ("Resume nudges" on the note that confirms it). The rules are the
inspection snooze's (bot.domain.snooze) but for the deadline: an item has none, so its snooze
is only checked to end after today. Stored on the item, audited, confirmed in the card's
thread like the inspection's snooze (bot.reminders.snooze)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from bot import copy
from bot.changes.named import inspection_named
from bot.domain.actions import stored_state
from bot.domain.answers import item_label
from bot.domain.audit import AuditAction
from bot.domain.followups import Stored
from bot.domain.inspection import format_reference
from bot.domain.items import ItemKind
from bot.domain.snooze import SnoozeRefused, check_after_today, chosen_date
from bot.followups.delivery import deliver_owed
from bot.items.progress import followed
from bot.reminders.snooze import Place, check_place, record
from bot.services import Services
from storage.models import Inspection, ReportItem


def snooze_item(
    services: Services, *, item_id: int, choice: int | date, actor: str, place: Place
) -> Stored:
    """``choice``: days from today (the menu), or the last quiet day (the date picker). A
    later snooze replaces an earlier one; anyone may snooze (it only holds nudges)."""
    now, today = services.now(), services.today()
    asked = choice if isinstance(choice, date) else chosen_date(today, choice)
    until = check_after_today(today=today, asked=asked)
    with services.db.session() as session:
        item, inspection = _snoozable(session, item_id, place)
        label, reference = _names(item, inspection)
        status = stored_state(item.answers[-1], item.progress).status
        if not status.is_open:  # an old nudge's control: a done item is nudged no more
            raise SnoozeRefused(copy.item_snooze_not_open(label, reference, status.label))
        replaced = _active(item, today)
        item.snoozed_until, item.snoozed_by, item.snoozed_at = until, actor, now
        details = {
            "item": label,
            "item_id": item.id,
            "until": until.isoformat(),
            "asked": asked.isoformat(),
            "replaced": replaced.isoformat() if replaced else None,
        }
        record(
            services,
            session,
            inspection,
            AuditAction.ITEM_SNOOZED,
            actor=actor,
            now=now,
            details=details,
        )
        inspection_id = inspection.id
    return Stored(
        copy.item_snooze_stored(label, reference, until), deliver_owed(services, inspection_id)
    )


def resume_item(services: Services, *, item_id: int, actor: str, place: Place) -> Stored:
    """End the item's snooze in force; anyone may (it only brings the nudges back)."""
    now, today = services.now(), services.today()
    with services.db.session() as session:
        item, inspection = _snoozable(session, item_id, place)
        label, reference = _names(item, inspection)
        ended = _active(item, today)
        if ended is None:
            raise SnoozeRefused(copy.item_not_snoozed(label, reference))
        item.snoozed_until, item.snoozed_by, item.snoozed_at = None, None, None
        details = {"item": label, "item_id": item.id, "until": ended.isoformat()}
        record(
            services,
            session,
            inspection,
            AuditAction.ITEM_SNOOZE_ENDED,
            actor=actor,
            now=now,
            details=details,
        )
        inspection_id = inspection.id
    return Stored(copy.item_resume_stored(label, reference), deliver_owed(services, inspection_id))


def _snoozable(session: Session, item_id: int, place: Place) -> tuple[ReportItem, Inspection]:
    """The item, if its progress is still followed, its inspection locked (as every change
    to what the thread shows); controls from another thread come from an altered payload."""
    item, _ = followed(session, item_id)
    inspection = inspection_named(session, item.inspection_id, lock=True)
    check_place(inspection, place)
    return item, inspection


def _active(item: ReportItem, today: date) -> date | None:
    until = item.snoozed_until
    return until if until is not None and until >= today else None


def _names(item: ReportItem, inspection: Inspection) -> tuple[str, str]:
    return item_label(ItemKind(item.kind), item.number), format_reference(inspection.number)
