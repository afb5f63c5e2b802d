"""The card's follow-up (``edit:card:<inspection>``): every change that the card shows asks for
it in its own transaction, and whichever catch-up delivers it (the reminder pass's, sign-off's,
a response's) edits the card here, or posts it the first time (docs/rules.md#r9)."""

from __future__ import annotations

from bot.cards.refresh import refresh_card
from bot.domain import followups
from bot.services import Services

HANDLED = ("edit:card",)


def perform(services: Services, key: str, look_first: bool) -> None:
    """Show the stored state on the card the key names. An edit shows the same whatever came
    before it, so there is nothing to look for first (``look_first`` is the posts')."""
    _name, args = followups.parse(key)
    refresh_card(services, int(args[0]))
