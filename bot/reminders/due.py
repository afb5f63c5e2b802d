"""Which nudge each open inspection is due today, from its stored facts and the settings: the
countdown or overdue nudge, and the CC contact's nudge about the CC comments date. The rules
themselves are bot.domain.reminders'."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from bot.domain.deadlines import local_today
from bot.domain.inspection import format_reference
from bot.domain.reminders import Backoff, CcNudge, Nudge, cc_nudge_due, nudge_due, overdue_due
from bot.render.reminders import cc_nudge_text
from bot.settings import Settings
from storage.models import Inspection


def deadline_nudge(
    settings: Settings, inspection: Inspection, *, left: int, today: date, already: Collection[str]
) -> Nudge | None:
    """The countdown nudge due today, or once the deadline has passed the overdue one."""
    if left >= 0:
        return nudge_due(
            inspection.id, left=left, today=today, nudge_days=settings.nudge_days, already=already
        )
    return overdue_due(
        inspection.id,
        deadline=inspection.statutory_deadline,
        logged_on=local_today(inspection.logged_at, settings.timezone),
        today=today,
        backoff=Backoff(settings.overdue_daily_days, settings.overdue_every_days),
        already=already,
    )


def cc_nudges(
    settings: Settings,
    inspections: Sequence[Inspection],
    *,
    today: date,
    already: Collection[str],
) -> list[tuple[Inspection, CcNudge, str]]:
    """The CC contact's nudges due today before the CC comments date and on it (s.55(4)),
    with their text, while the CC response is not confirmed."""
    due_today = []
    for inspection in inspections:
        if inspection.card_ts is None or any(r.kind == "cc" for r in inspection.responses):
            continue
        due = cc_nudge_due(
            inspection.id,
            cc_due=inspection.cc_due,
            today=today,
            working_days_before=settings.cc_nudge_working_days,
            already=already,
        )
        if due is not None:
            text = cc_nudge_text(
                format_reference(inspection.number),
                days=(inspection.cc_due - today).days,
                due=inspection.cc_due,
                contact=settings.cc_contact,
            )
            due_today.append((inspection, due, text))
    return due_today
