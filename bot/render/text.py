"""Fitting user text into Slack's limits without breaking words or mrkdwn."""

from __future__ import annotations

import re

from bot.domain.links import encode_url

ELLIPSIS = "…"


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary so that it fits in ``limit`` characters."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS)]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:-") + ELLIPSIS


def shorten_escaped(text: str, limit: int) -> str:
    """``text`` shortened so that it still fits in ``limit`` once escaped (``&`` → ``&amp;``)."""
    cut = shorten(text, limit)
    while len(escape(cut)) > limit:  # each pass is strictly shorter, so this ends
        cut = shorten(cut, len(cut) - (len(escape(cut)) - limit))
    return cut


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def safe_url(url: str) -> str:
    """``url`` as Slack wants it inside ``<…>``: percent-encoded where needed (a stored link
    can neither end the ``<url|label>`` early nor smuggle a mention), ``&`` escaped."""
    return encode_url(url).replace("&", "&amp;")


def link(url: str | None, label: str) -> str:
    """A mrkdwn link; a ``|`` or ``>`` in the label would end it early, so it is escaped."""
    label = escape(label).replace("|", "¦")
    return f"<{safe_url(url)}|{label}>" if url else label


def link_within(url: str | None, label: str, limit: int) -> str:
    """:func:`link` in at most ``limit`` characters, however long the label and the link are
    once escaped and percent-encoded; a link that would leave the label less than half the
    room is left out and the label shown alone."""
    encoded = safe_url(url) if url else ""
    if len(encoded) > limit // 2:
        url, encoded = None, ""
    room = limit - len(encoded) - 3  # <, | and >
    return link(url, shorten_escaped(label, room))


_MENTION = re.compile(r"(<@[UW][A-Z0-9]+>)")


def with_mentions(text: str) -> str:
    """``text`` escaped, except that a user mention typed as Slack writes it (``<@U…>``)
    stays a mention: an owner recorded as a person is nudged as that person."""
    parts = _MENTION.split(text)
    return "".join(part if _MENTION.fullmatch(part) else escape(part) for part in parts)
