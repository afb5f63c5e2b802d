"""The owners' nudges about their actions' target dates (docs/rules.md#r7), planned for the reminder
pass from the stored items: each open action with a target date, on an inspection still
followed, gets one nudge as the date nears and one once it has passed, in the card's thread,
unless its own snooze holds it (bot.domain.actions decides)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.domain.actions import action_nudge_due, stored_state
from bot.domain.answers import item_label
from bot.domain.inspection import format_reference
from bot.domain.items import DirectedAt, ItemKind
from bot.render.reminders import action_nudge_message
from bot.services import Services
from storage import items as item_store


@dataclass(frozen=True)
class ActionNudgeDue:
    key: str
    inspection_id: int
    channel: str
    thread_ts: str
    message: dict[str, Any]


def action_nudges(
    services: Services, *, today: date, already: Collection[str]
) -> list[ActionNudgeDue]:
    warning_days = services.settings.action_warning_days
    due = []
    with services.db.session(read_only=True) as session:
        for item in item_store.followed_items(session):
            inspection = item.inspection
            if inspection.card_ts is None or not DirectedAt(item.directed_at).needs_answer:
                continue
            answer = item.answers[-1]
            state = stored_state(answer, item.progress)
            nudge = action_nudge_due(
                item.id,
                state,
                today=today,
                warning_days=warning_days,
                already=already,
                snoozed_until=item.snoozed_until,
            )
            if nudge is None or state.target is None:
                continue
            message = action_nudge_message(
                item_label(ItemKind(item.kind), item.number),
                format_reference(inspection.number),
                owner=answer.owner,
                target=state.target,
                passed=nudge.passed,
                today=today,
                item_id=item.id,
            )
            due.append(
                ActionNudgeDue(
                    nudge.key, inspection.id, inspection.channel_id, inspection.card_ts, message
                )
            )
    return due
