"""The Home tab (bot/home, bot/render/home.py)."""

from __future__ import annotations

__all__ = [
    "HOME_COMPLETED",
    "HOME_HEADING",
    "HOME_NOTHING_COMPLETED",
    "HOME_NOTHING_OPEN",
    "HOME_NOTHING_WAITING",
    "HOME_WAITING",
    "home_more",
    "home_open",
]


HOME_HEADING = "Section 55 responses"

HOME_WAITING = "Waiting for you"

HOME_NOTHING_WAITING = "Nothing is waiting for you."

HOME_COMPLETED = "Recently completed"

HOME_NOTHING_COMPLETED = "Nothing completed yet."

HOME_NOTHING_OPEN = "No open inspections."


def home_open(count: int) -> str:
    return f"Open inspections ({count}), most urgent first"


def home_more(count: int) -> str:
    return f"…and {count} more: `/s55 list all` shows every one."
