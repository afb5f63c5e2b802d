"""The Home tab (bot/home, bot/render/home.py)."""

from __future__ import annotations

__all__ = [
    "HOME_COMPLETED",
    "HOME_HEADING",
    "HOME_NOTHING_COMPLETED",
    "HOME_NOTHING_OPEN",
    "HOME_NOTHING_WAITING",
    "HOME_WAITING",
    "NOT_INSTALLED",
    "NOT_SET_UP",
    "home_more",
    "home_open",
]


HOME_HEADING = "Section 55 responses"

HOME_WAITING = "Waiting for you"

HOME_NOTHING_WAITING = "Nothing is waiting for you."

HOME_COMPLETED = "Recently completed"

HOME_NOTHING_COMPLETED = "Nothing completed yet."

HOME_NOTHING_OPEN = "No open inspections."

# A workspace that removed the app (or never added it) asks something of a host (Bolt says it).
NOT_INSTALLED = (
    "s55bot isn't installed in this workspace (any more): ask your Slack admin to add it "
    "again. Nothing was done."
)

# A workspace that added the app but has not chosen its team channel yet (bot.runtime.host).
NOT_SET_UP = (
    "s55bot isn't set up in this workspace yet: its team channel hasn't been chosen. Whoever "
    "added s55bot (or an office admin) opens s55bot's *Home* tab, presses *Change settings* and "
    "chooses the channel; then `/invite @s55bot` there. Nothing was done."
)


def home_open(count: int) -> str:
    return f"Open inspections ({count}), most urgent first"


def home_more(count: int, command: str) -> str:
    return f"…and {count} more — `{command}`"
