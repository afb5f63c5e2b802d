"""The tracking card (bot/render/card.py, bot/cards): its heading, the deadline rule, a closed
card's outcome."""

from __future__ import annotations

from datetime import date

from .words import human_date

__all__ = [
    "CARD_FALLBACK",
    "CARD_NOT_POSTED",
    "CARD_NO_LINK",
    "CARD_READ_REPORT",
    "OUTCOME_NOT_REQUIRED",
    "OUTCOME_WITHDRAWN",
    "REPORT_PUBLISHED_LABEL",
    "RULE_NAMES",
    "card_heading",
    "outcome_published",
    "withdrawn_line",
]


RULE_NAMES = {
    "statutory": "statutory, the last day of the 56 days beginning with the publication day "
    "(s.55(5A))",
    "plus56": "publication date + 56 days",
}

CARD_FALLBACK = "Section 55 response {reference}: {title}, deadline {deadline}"

OUTCOME_WITHDRAWN = "Withdrawn"

OUTCOME_NOT_REQUIRED = "No response required"

REPORT_PUBLISHED_LABEL = "Report published"  # the card's fact: the day HMICFRS published it


def outcome_published(day: date, days_early: int) -> str:
    """``Response published Tue 18 Jun 2024 — 6 days before the deadline``: a closed card's
    outcome (the office's response, not the report: the card names that "Report published")."""
    if days_early == 0:
        against = "on the deadline day"
    else:
        days = abs(days_early)
        against = f"{days} day{'' if days == 1 else 's'} " + (
            "before the deadline" if days_early > 0 else "after the deadline"
        )
    return f"Response published {human_date(day)} — {against}"


CARD_NOT_POSTED = "Its tracking card has not been posted yet: invite me to the team channel."


def withdrawn_line(reason: str) -> str:
    return f":no_entry_sign: *Withdrawn*: {reason}"


def card_heading(reference: str, title: str, *, withdrawn: bool) -> str:
    return f"{reference} · WITHDRAWN · {title}" if withdrawn else f"{reference} · {title}"


CARD_READ_REPORT = ":page_facing_up: Read the report"

CARD_NO_LINK = "_No link to the report recorded._"
