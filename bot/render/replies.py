"""Short text replies composed from stored data."""

from __future__ import annotations

from datetime import date

from bot import copy
from bot.domain.inspection import format_reference
from bot.flows import Logged


def logged_reply(logged: Logged, *, today: date) -> str:
    inspection = logged.inspection
    reference = format_reference(inspection.number)
    if not logged.card_posted:
        return copy.logged_without_card(reference, inspection.channel_id)
    days = (inspection.statutory_deadline - today).days
    return copy.logged(reference, inspection.title, inspection.statutory_deadline, days)
