"""Thin Bolt listeners: parse the payload, call the domain, render, reply."""

from __future__ import annotations

from slack_bolt import App

from handlers import (
    actions,
    commands,
    events,
    item_review,
    items,
    progress,
    report,
    snooze,
    steps,
    views,
)


def register_all(app: App) -> None:
    commands.register(app)
    views.register(app)
    actions.register(app)
    steps.register(app)
    events.register(app)
    items.register(app)
    item_review.register(app)
    progress.register(app)
    snooze.register(app)
    report.register(app)
