"""Thin Bolt listeners: parse the payload, call the domain, render, reply."""

from __future__ import annotations

from slack_bolt import App

from handlers import commands, views


def register_all(app: App) -> None:
    commands.register(app)
    views.register(app)
