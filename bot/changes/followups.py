"""Asking for follow-ups: in the change's own transaction, the rows that say what Slack must
show once it commits (the card, a receipt, a note…), delivered afterwards and retried by the
reminder pass until Slack takes them (docs/rules.md#r21)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.domain.deadlines import local_today
from bot.services import Services
from storage import reminders


def request(services: Services, session: Session, inspection_id: int, keys: list[str]) -> None:
    """In the change's transaction: these follow-ups are wanted."""
    now = services.now()
    reminders.request_follow_ups(
        session, inspection_id, keys, day=local_today(now, services.settings.timezone), now=now
    )
