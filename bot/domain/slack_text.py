"""Slack's message markup → readable text (https://api.slack.com/reference/surfaces/formatting).

Slack sends ``&``, ``<`` and ``>`` escaped, and wraps mentions and links in angle brackets:
``<@U123>``, ``<#C123|general>``, ``<!subteam^S123|@oversight>``, ``<!here>``,
``<https://example.org|the report>``. The raw form is kept as well; this is for documents.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_ENTITY = re.compile(r"<([^<>]+)>")
_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


def mentioned_users(raw: str) -> set[str]:
    return set(_USER.findall(raw))


def to_plain_text(raw: str, names: Mapping[str, str] | None = None) -> str:
    """Mentions become ``@name``, links ``label (url)``, entities their characters."""
    names = names or {}
    text = _ENTITY.sub(lambda match: _entity(match.group(1), names), raw)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _entity(inner: str, names: Mapping[str, str]) -> str:
    target, _, label = inner.partition("|")
    if target.startswith("@"):
        return "@" + (names.get(target[1:]) or label or target[1:])
    if target.startswith("#"):
        return "#" + (label or target[1:])
    if target.startswith("!subteam^"):
        return label if label.startswith("@") else "@" + (label or target[len("!subteam^") :])
    if target.startswith("!date^"):
        return label
    if target.startswith("!"):
        return "@" + target[1:]
    if target.startswith("mailto:"):
        return label or target[len("mailto:") :]
    if label and label != target:
        return f"{label} ({target})"
    return target


def slack_escaped(text: str) -> str:
    """Text as Slack sends what a person typed: &, < and > as entities, so that it is text
    (never a mention or a link) when read back as Slack text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
