"""The ``rich_text`` block: what Slack's composer sends, as sections, lists, code and quotes.

Its text is plain JSON strings, not mrkdwn: nothing in it is entity-escaped or formatted
except by the ``style`` flags, so it is escaped once here and never read as markup.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape

from bot.runtime.sandbox import mrkdwn
from bot.runtime.sandbox.mrkdwn import Names

# Style flag → tag, innermost first (code inside bold reads as Slack shows it).
STYLE_TAGS = [("code", "code"), ("strike", "s"), ("italic", "i"), ("bold", "b")]
UNKNOWN = '<span class="bk-unknown">Block Kit the sandbox cannot show: <code>{}</code></span>'


def rich_text(elements: list[dict], names: Names) -> Markup:
    return Markup("").join(_part(part, names) for part in elements)


def _part(part: dict, names: Names) -> Markup:
    kind = part.get("type", "")
    if kind == "rich_text_section":
        return Markup('<div class="bk-rt-section">{}</div>').format(_inline(part, names))
    if kind == "rich_text_preformatted":
        return Markup('<pre class="bk-pre">{}</pre>').format(_inline(part, names, br=False))
    if kind == "rich_text_quote":
        return Markup('<blockquote class="bk-quote">{}</blockquote>').format(_inline(part, names))
    if kind == "rich_text_list":
        return _list(part, names)
    return Markup(UNKNOWN).format(kind)


MAX_INDENT = 8  # Slack's deepest list (blockkit.css has a rule per depth)


def _list(part: dict, names: Names) -> Markup:
    tag = "ol" if part.get("style") == "ordered" else "ul"
    items = Markup("").join(
        Markup("<li>{}</li>").format(_inline(item, names)) for item in part.get("elements", [])
    )
    # A class per depth rather than a style attribute: the page's CSP runs no inline style.
    indent = min(max(int(part.get("indent", 0) or 0), 0), MAX_INDENT)
    return Markup('<{0} class="bk-rt-list bk-rt-indent-{1}">{2}</{0}>').format(
        Markup(tag), indent, items
    )


def _inline(part: dict, names: Names, *, br: bool = True) -> Markup:
    html = Markup("").join(_piece(piece, names) for piece in part.get("elements", []))
    return Markup(str(html).replace("\n", "<br>")) if br else html


def _piece(piece: dict, names: Names) -> Markup:
    render = _PIECES.get(piece.get("type", ""))
    html = render(piece, names) if render else Markup(UNKNOWN).format(piece.get("type", ""))
    return _styled(html, piece.get("style") or {})


def _styled(html: Markup, style: dict) -> Markup:
    for flag, tag in STYLE_TAGS:
        if style.get(flag):
            html = Markup("<{0}>{1}</{0}>").format(Markup(tag), html)
    return html


def _text(piece: dict, _names: Names) -> Markup:
    return escape(piece.get("text", ""))


def _link(piece: dict, _names: Names) -> Markup:
    url = str(piece.get("url", ""))
    return Markup(mrkdwn.anchor(url, str(escape(piece.get("text") or url))))


def _user(piece: dict, names: Names) -> Markup:
    return Markup(mrkdwn.mention(f"@{names.user(piece.get('user_id', ''))}"))


def _usergroup(piece: dict, names: Names) -> Markup:
    handle = names.group(piece.get("usergroup_id", "")).removeprefix("@")
    return Markup(mrkdwn.mention(f"@{handle}"))


def _channel(piece: dict, names: Names) -> Markup:
    name = names.channel(piece.get("channel_id", "")).removeprefix("#")
    return Markup(mrkdwn.mention(f"#{name}"))


def _broadcast(piece: dict, _names: Names) -> Markup:
    return Markup(mrkdwn.mention(f"@{piece.get('range', 'here')}"))


def _emoji(piece: dict, _names: Names) -> Markup:
    name = str(piece.get("name", ""))
    try:  # Slack sends the code points too, as hex joined by "-"
        return escape("".join(chr(int(code, 16)) for code in piece["unicode"].split("-")))
    except (KeyError, ValueError, AttributeError):
        return escape(mrkdwn.emoji_for(name) or f":{name}:")


def _date(piece: dict, _names: Names) -> Markup:
    return escape(piece.get("fallback") or str(piece.get("timestamp", "")))


_PIECES: dict[str, Callable[[dict, Names], Markup]] = {
    "text": _text,
    "link": _link,
    "user": _user,
    "usergroup": _usergroup,
    "channel": _channel,
    "broadcast": _broadcast,
    "emoji": _emoji,
    "date": _date,
}
