"""Thin Bolt listeners, one module per feature (each mirrors its package under bot/), each with
register(app); the shared plumbing beside them: errors (a failure becomes a private reply),
replies, values (reading our button values and forms' metadata) and forms (the item forms' ack)."""

from __future__ import annotations

from slack_bolt import App

from handlers import (
    commands,
    compliance,
    inbox,
    inspections,
    item_review,
    items,
    office,
    progress,
    reminders,
    responses,
    signoff,
)


def register_all(app: App, *, by_workers: bool = False) -> None:
    """``by_workers``: events are left in the inbox for workers (the app's lazy functions are
    stored for them too: bot.runtime.worker)."""
    commands.register(app)
    inspections.register(app)
    responses.register(app)
    signoff.register(app)
    inbox.register(app, by_workers=by_workers)
    items.register(app)
    item_review.register(app)
    progress.register(app)
    reminders.register(app)
    compliance.register(app)
    office.register(app)
