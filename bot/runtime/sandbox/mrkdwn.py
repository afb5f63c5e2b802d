"""Slack's mrkdwn as safe HTML, as the Slack client shows it.

Slack sends text with ``&``, ``<`` and ``>`` escaped; a bare ``<`` or ``>`` is markup
(``<@U123>``, ``<https://…|label>``, a ``>`` quote at the start of a line). So the markup is
read from the raw text, and only the text between it is unescaped and escaped again for HTML.
Pieces already turned into HTML (code, links, mentions, emoji) are set aside behind
placeholders, so that the formatting rules that run afterwards cannot reach inside them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Protocol

import emoji
from markupsafe import Markup, escape


class Names(Protocol):
    """Display names for the IDs that mrkdwn mentions."""

    def user(self, user_id: str) -> str: ...

    def group(self, group_id: str) -> str: ...

    def channel(self, channel_id: str) -> str: ...


# Slack's names that the emoji library does not know.
SLACK_EMOJI = {
    "large_green_circle": "🟢",
    "large_yellow_circle": "🟡",
    "large_orange_circle": "🟠",
    "large_blue_circle": "🔵",
    "large_red_circle": "🔴",
    "large_purple_circle": "🟣",
    "white_circle": "⚪",
    "simple_smile": "🙂",
}
LINK_SCHEMES = ("http://", "https://", "mailto:")
BROADCASTS = ("here", "channel", "everyone")

# Placeholders: private-use characters, removed from the input first so nobody can forge one.
_OPEN, _CLOSE = "\ue000", "\ue001"
_PLACEHOLDER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
_ENTITY = re.compile("&(amp|lt|gt);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">"}
_PRE = re.compile(r"```\n?(.*?)\n?```", re.DOTALL)
_CODE = re.compile(r"`([^`\n]+)`")
_ANGLE = re.compile(r"<([^<>\n]+)>")
_EMOJI = re.compile(r":([a-z0-9_+'-]+):")
_QUOTE = re.compile(r"^&gt; ?")
# A line break next to a pre block or a quote would show as an empty line: they are blocks.
_BLOCK_BREAK = re.compile(r"<br>(?=<(?:pre|blockquote) )|(?<=</pre>)<br>|(?<=</blockquote>)<br>")


def _styled(mark: str, tag: str) -> tuple[re.Pattern[str], str]:
    # Slack formats only between word boundaries: 2*3*4 and snake_case_names stay as typed.
    m = re.escape(mark)
    pattern = re.compile(f"(?<![\\w{m}]){m}(?=\\S)([^{m}\\n]*?\\S){m}(?![\\w{m}])")
    return pattern, f"<{tag}>\\1</{tag}>"


_STYLES = [_styled("*", "b"), _styled("_", "i"), _styled("~", "s")]


def unescape(text: str) -> str:
    """Slack's three entities back to characters, in one pass (``&amp;lt;`` is ``&lt;``)."""
    return _ENTITY.sub(lambda match: _ENTITIES[match.group(1)], text)


def text_html(text: str) -> str:
    """Plain Slack text (entities and all) as escaped HTML."""
    return str(escape(unescape(text)))


def emojize(text: str) -> str:
    """``:shortcode:`` as the character Slack shows; unknown codes stay as typed."""
    return _EMOJI.sub(lambda match: emoji_for(match.group(1)) or match.group(0), text)


def emoji_for(name: str) -> str | None:
    if name in SLACK_EMOJI:
        return SLACK_EMOJI[name]
    found = emoji.emojize(f":{name}:", language="alias")
    return None if found == f":{name}:" else found


def to_html(text: str, names: Names) -> Markup:
    """Slack mrkdwn as HTML that shows exactly what Slack would, and runs nothing."""
    held: list[str] = []

    def hold(html: str) -> str:
        held.append(html)
        return f"{_OPEN}{len(held) - 1}{_CLOSE}"

    text = text.replace(_OPEN, "").replace(_CLOSE, "")
    text = _PRE.sub(lambda m: hold(f'<pre class="bk-pre">{text_html(m.group(1))}</pre>'), text)
    text = _CODE.sub(lambda m: hold(f"<code>{text_html(m.group(1))}</code>"), text)
    text = _ANGLE.sub(lambda m: hold(angle(m.group(1), names)), text)
    text = text_html(text)
    text = _EMOJI.sub(lambda m: hold(emoji_for(m.group(1)) or m.group(0)), text)
    for pattern, replacement in _STYLES:
        text = pattern.sub(replacement, text)
    return Markup(_BLOCK_BREAK.sub("", _restore(_lines(text), held)))


def _lines(html: str) -> str:
    """Newlines as ``<br>``; consecutive ``>`` lines as one block quote."""
    out: list[str] = []
    quote: list[str] = []
    for line in [*html.split("\n"), None]:  # None: the end, which closes an open quote
        if line is not None and _QUOTE.match(line):
            quote.append(_QUOTE.sub("", line))
            continue
        if quote:
            out.append(f'<blockquote class="bk-quote">{"<br>".join(quote)}</blockquote>')
            quote = []
        if line is not None:
            out.append(line)
    return "<br>".join(out)


def _restore(html: str, held: list[str]) -> str:
    return _PLACEHOLDER.sub(lambda match: held[int(match.group(1))], html)


def angle(inner: str, names: Names) -> str:
    """One ``<…>``: a mention, a broadcast, a date, or a link."""
    target, _, label = inner.partition("|")
    for prefix, render in _SPECIALS:
        if target.startswith(prefix):
            return render(target.removeprefix(prefix), label, names)
    return link(target, label)


def mention(text: str) -> str:
    return f'<span class="mention">{escape(text)}</span>'


def _user(user_id: str, _label: str, names: Names) -> str:
    return mention(f"@{names.user(user_id)}")


def _group(group_id: str, label: str, names: Names) -> str:
    handle = unescape(label) if label else names.group(group_id)
    return mention(f"@{handle.removeprefix('@')}")


def _channel(channel_id: str, label: str, names: Names) -> str:
    name = unescape(label) if label else names.channel(channel_id)
    return mention(f"#{name.removeprefix('#')}")


def _special(command: str, label: str, _names: Names) -> str:
    if command in BROADCASTS:
        return mention(f"@{command}")
    if command.startswith("date^"):
        return text_html(label or command.split("^")[1])
    return text_html(label or f"<!{command}>")


def link(url: str, label: str) -> str:
    """A link only for schemes that are safe to follow; anything else is shown as text."""
    href = unescape(url)
    if not href.lower().startswith(LINK_SCHEMES):  # not a link: what was typed, as text
        return text_html(label or f"<{url}>")
    if label:  # Slack shows emoji in a link's label, but no other formatting
        return anchor(href, emojize(text_html(label)))
    return anchor(href, text_html(url.removeprefix("mailto:")))


def anchor(href: str, shown_html: str) -> str:
    """``<a>`` to ``href`` (a plain URL) around ``shown_html``, or just the text when the
    scheme is not one a click may follow (``javascript:`` and the like)."""
    if not href.lower().startswith(LINK_SCHEMES):
        return shown_html
    return f'<a href="{escape(href)}" target="_blank" rel="noopener">{shown_html}</a>'


_SPECIALS: list[tuple[str, Callable[[str, str, Names], str]]] = [
    ("@", _user),
    ("!subteam^", _group),
    ("#", _channel),
    ("!", _special),
]
