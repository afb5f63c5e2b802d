"""Short text replies composed from stored data."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from bot import copy
from bot.domain.deadlines import days_left
from bot.domain.inspection import format_reference
from bot.render.text import escape
from storage.models import Inspection


class Logged(Protocol):
    """What logging an inspection came to (bot.inspections.flows.Logged)."""

    @property
    def inspection(self) -> Inspection: ...

    @property
    def card_posted(self) -> bool: ...

    @property
    def card_error(self) -> str | None: ...


def logged_reply(logged: Logged, *, now: datetime, tz: ZoneInfo) -> str:
    inspection = logged.inspection
    reference = format_reference(inspection.number)
    if not logged.card_posted and logged.card_error == "later":  # bot.inspections.flows.LATER
        return copy.logged_card_later(reference, inspection.channel_id, inspection.published)
    if not logged.card_posted:
        return copy.logged_without_card(
            reference, inspection.channel_id, inspection.published, logged.card_error
        )
    return copy.logged(
        reference,
        escape(inspection.title),
        inspection.published,
        inspection.statutory_deadline,
        days_left(inspection.statutory_deadline, now=now, tz=tz),
    )
