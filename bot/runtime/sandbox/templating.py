"""The sandbox's one Jinja2 environment, shared by the Block Kit renderer and the pages."""

from __future__ import annotations

from datetime import date
from functools import cache

from jinja2 import Environment, PackageLoader


@cache
def environment() -> Environment:
    """Autoescaping everywhere: whatever the bot or a user typed is text, never markup."""
    env = Environment(
        loader=PackageLoader("bot.runtime.sandbox", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["uk_date"] = uk_date
    return env


def uk_date(iso: str | None) -> str:
    """``2024-04-30`` → ``30/04/2024`` (a date picker's value as a UK office reads it); anything
    that is not a day is shown as it came."""
    if not iso:
        return ""
    try:
        return date.fromisoformat(str(iso)).strftime("%d/%m/%Y")
    except ValueError:
        return str(iso)
