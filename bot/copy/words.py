"""Words every feature uses: typed text shown back safely, dates as the office writes them, a
deadline's countdown, counts in words, lists, mentions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache

__all__ = [
    "QUOTE_LIMIT",
    "and_list",
    "counted",
    "days_phrase",
    "human_date",
    "inert",
    "long_date",
    "mention",
    "number_words",
    "quoted",
    "shorten_words",
]


QUOTE_LIMIT = 80


def inert(text: str) -> str:
    """Typed text escaped for mrkdwn, so that a typed ``<!channel>`` is shown, not sent."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoted(text: str) -> str:
    """What the user typed, shown back in a code span, cut short so a long paste fits."""
    text = text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1] + "…"
    return "`" + inert(text).replace("`", "'") + "`"


def days_phrase(days: int) -> str:
    if days > 1:
        return f"{days} days left"
    if days == 1:
        return "1 day left"
    if days == 0:
        return "due today"
    return f"OVERDUE by {-days} day" + ("" if days == -1 else "s")


@lru_cache(maxsize=1024)  # a reminder pass writes the same few deadlines thousands of times
def human_date(day: date) -> str:
    """``Tue 30 Apr 2024``: the day of the week helps people spot a wrong date."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def long_date(day: date) -> str:
    """``30 April 2024``, as the office's documents write dates."""
    return f"{day.day} {day:%B %Y}"


_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def number_words(count: int) -> str:
    """``five``, ``12``, ``1,200``: a count as the office writes one, in words up to nine and in
    figures after."""
    return _NUMBER_WORDS[count] if 0 <= count < len(_NUMBER_WORDS) else f"{count:,}"


def counted(count: int, singular: str, plural: str | None = None) -> str:
    """``one more step``, ``four more steps``, ``12 more steps``: a count in running text, in
    words up to nine (as the office writes them), the noun agreeing with it."""
    number = number_words(count)
    noun = singular if count == 1 else (plural or singular + "s")
    return f"{number} {noun}"


def and_list(parts: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def mention(principal: str) -> str:
    return f"<!subteam^{principal}>" if principal.startswith("S") else f"<@{principal}>"


def shorten_words(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
