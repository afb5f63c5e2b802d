"""The sandbox's one Jinja2 environment, shared by the Block Kit renderer and the pages."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader


@cache
def environment() -> Environment:
    """Autoescaping everywhere: whatever the bot or a user typed is text, never markup."""
    return Environment(
        loader=PackageLoader("bot.runtime.sandbox", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
