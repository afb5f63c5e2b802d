"""Block Kit as the sandbox page shows it: HTML that looks like Slack and carries, on every
interactive element, what the page's script needs to send the bot the payload Slack would.

Anything the renderer does not know is shown as a red box, never left out: a block the bot
builds but the sandbox cannot show is a gap in what it tests.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from markupsafe import Markup, escape

from bot.runtime.sandbox import mrkdwn
from bot.runtime.sandbox.forms import PICKERS
from bot.runtime.sandbox.mrkdwn import Names
from bot.runtime.sandbox.richtext import rich_text
from bot.runtime.sandbox.templating import environment

SURFACES = ("message", "modal", "home")
IMAGE_SCHEMES = ("http://", "https://")
BUTTON_STYLES = ("primary", "danger")
# Slack requires all four texts of a confirmation dialog; these stand in for a missing one.
CONFIRM_DEFAULTS = {"title": "Are you sure?", "confirm": "Yes", "deny": "Cancel"}
PICKER_NOTE = "The sandbox lists no one here."


@dataclass(frozen=True)
class _At:
    """Where an element sits: its block, whether a change is sent at once (``bk-dispatch``),
    and the context it is rendered for."""

    block_id: str
    dispatch: bool
    names: Names


def render_blocks(blocks: list[dict], names: Names, *, surface: str) -> Markup:
    """The blocks of a message, a modal or a Home tab, each wrapped in its ``bk-block`` div."""
    if surface not in SURFACES:
        raise ValueError(f"surface is one of {SURFACES}, not {surface!r}")
    return Markup("").join(_block(block, names) for block in blocks)


def render_text(obj: dict | None, names: Names) -> Markup:
    """A text object: ``plain_text`` as text (emoji unless ``emoji: false``), ``mrkdwn`` as
    Slack formats it."""
    if not obj:
        return Markup("")
    text = str(obj.get("text", ""))
    if obj.get("type") == "mrkdwn":
        return mrkdwn.to_html(text, names)
    return escape(mrkdwn.emojize(text) if obj.get("emoji", True) else text)


def plain(obj: dict | None) -> str:
    """A text object as one line of plain text, for where HTML cannot go (``<option>``)."""
    text = str((obj or {}).get("text", ""))
    if (obj or {}).get("type") == "mrkdwn":
        text = mrkdwn.unescape(text)
    return mrkdwn.emojize(text)


def _macros() -> Any:
    return environment().get_template("blockkit.html").module


def _block(block: dict, names: Names) -> Markup:
    kind = str(block.get("type", ""))
    render = _BLOCKS.get(kind)
    inner = render(block, names) if render else _macros().unknown(kind or "(no type)")
    return _macros().block(kind, block.get("block_id", ""), inner)


def _section(block: dict, names: Names) -> Markup:
    at = _At(block.get("block_id", ""), dispatch=True, names=names)
    accessory = block.get("accessory")
    return _macros().section(
        render_text(block.get("text"), names),
        [render_text(field, names) for field in block.get("fields", [])],
        element(accessory, at) if accessory else None,
    )


def _header(block: dict, names: Names) -> Markup:
    return _macros().header(render_text(block.get("text"), names))


def _context(block: dict, names: Names) -> Markup:
    at = _At(block.get("block_id", ""), dispatch=False, names=names)
    return _macros().context([_context_item(item, at) for item in block.get("elements", [])])


def _context_item(item: dict, at: _At) -> Markup:
    if item.get("type") in ("mrkdwn", "plain_text"):
        return render_text(item, at.names)
    return element(item, at)


def _actions(block: dict, names: Names) -> Markup:
    at = _At(block.get("block_id", ""), dispatch=True, names=names)
    return _macros().actions([element(item, at) for item in block.get("elements", [])])


def _divider(_block: dict, _names: Names) -> Markup:
    return Markup("<hr>")


def _input(block: dict, names: Names) -> Markup:
    at = _At(block.get("block_id", ""), dispatch=bool(block.get("dispatch_action")), names=names)
    return _macros().input(
        render_text(block.get("label"), names),
        block.get("optional", False),
        element(block.get("element") or {}, at),
        render_text(block.get("hint"), names),
        at.block_id,
    )


def _image_block(block: dict, names: Names) -> Markup:
    title = render_text(block.get("title"), names)
    return _image(block, title, "bk-image-full")


def _image(obj: dict, title: Markup | None, cls: str) -> Markup:
    url = str(obj.get("image_url", ""))
    safe = url if url.lower().startswith(IMAGE_SCHEMES) else None
    return _macros().image(safe, obj.get("alt_text", ""), title, cls)


def _rich_text(block: dict, names: Names) -> Markup:
    return rich_text(block.get("elements", []), names)


_BLOCKS: dict[str, Callable[[dict, Names], Markup]] = {
    "section": _section,
    "header": _header,
    "context": _context,
    "actions": _actions,
    "divider": _divider,
    "input": _input,
    "image": _image_block,
    "rich_text": _rich_text,
}


# Elements ---------------------------------------------------------------------------------


def element(item: dict, at: _At) -> Markup:
    """One block element; an unknown type as the red box."""
    kind = str(item.get("type", ""))
    render = _ELEMENTS.get(kind)
    return render(item, at) if render else _macros().unknown(kind or "(no type)")


def _field_name(item: dict, at: _At) -> str:
    """The name a form field has: the two IDs Slack keys ``view.state.values`` by."""
    return f"{at.block_id}/{item.get('action_id', '')}"


def confirm_json(confirm: dict | None, names: Names) -> str | None:
    """The confirmation dialog as the page's script shows it (``data-confirm``)."""
    if not confirm:
        return None
    return json.dumps(
        {
            "title": plain(confirm.get("title")) or CONFIRM_DEFAULTS["title"],
            "text": str(render_text(confirm.get("text"), names)),
            "confirm": plain(confirm.get("confirm")) or CONFIRM_DEFAULTS["confirm"],
            "deny": plain(confirm.get("deny")) or CONFIRM_DEFAULTS["deny"],
            "style": confirm.get("style"),
        }
    )


def _button(item: dict, at: _At) -> Markup:
    style = item.get("style")
    return _macros().button(
        render_text(item.get("text"), at.names),
        style if style in BUTTON_STYLES else None,
        at.block_id,
        item.get("action_id", ""),
        item.get("value", ""),
        _followable(item.get("url")),
        confirm_json(item.get("confirm"), at.names),
    )


def _followable(url: str | None) -> str | None:
    """A button's link, if it is one the page may open (not ``javascript:`` and the like)."""
    return url if url and url.lower().startswith(mrkdwn.LINK_SCHEMES) else None


def _overflow(item: dict, at: _At) -> Markup:
    return _macros().overflow(
        at.block_id,
        item.get("action_id", ""),
        _options(item.get("options", [])),
        confirm_json(item.get("confirm"), at.names),
    )


def _options(options: list[dict]) -> list[tuple[str, str]]:
    """(value, text) of each option, for menus and ``<option>``: plain text only."""
    return [(option.get("value", ""), plain(option.get("text"))) for option in options]


def _static_select(item: dict, at: _At) -> Markup:
    groups: list[tuple[str | None, list[tuple[str, str]]]] = (
        [(None, _options(item["options"]))] if "options" in item else []
    )
    groups += [
        (plain(group.get("label")), _options(group.get("options", [])))
        for group in item.get("option_groups", [])
    ]
    initial = item.get("initial_option")
    return _select(item, at, groups, selected=initial.get("value") if initial else None)


@runtime_checkable
class Directory(Protocol):
    """Whom and which channels a workspace's menus list (as Slack's own pickers do)."""

    def people(self) -> list[tuple[str, str]]: ...  # (user ID, name)

    def channels(self) -> list[tuple[str, str]]: ...  # (channel ID, "#name")


# Each picker: what it lists (the field naming its first choice: forms.PICKERS).
_LISTS = {
    "users_select": "people",
    "multi_users_select": "people",
    "conversations_select": "channels",
    "channels_select": "channels",
}


def _picker(item: dict, at: _At) -> Markup:
    """users_select and the like: the workspace's people or channels (several people as boxes
    to tick); where the names know no directory, a menu that says it lists no one."""
    if not isinstance(at.names, Directory):
        return _select(item, at, [], selected=None, note=PICKER_NOTE)
    kind = str(item.get("type"))
    found = at.names.people() if _LISTS[kind] == "people" else at.names.channels()
    initial = item.get(PICKERS[kind][1])
    if kind == "multi_users_select":
        return _macros().choices(
            kind,
            "checkbox",
            _field_name(item, at),
            at.block_id,
            item.get("action_id", ""),
            at.dispatch,
            [(value, label, "") for value, label in found],
            set(initial or []),
        )
    return _select(item, at, [(None, found)], selected=initial or None)


def _select(
    item: dict, at: _At, groups: list, *, selected: str | None, note: str | None = None
) -> Markup:
    return _macros().select(
        item.get("type"),
        _field_name(item, at),
        at.block_id,
        item.get("action_id", ""),
        at.dispatch,
        plain(item.get("placeholder")) or "Select an item",
        groups,
        selected,
        note,
    )


def _datepicker(item: dict, at: _At) -> Markup:
    return _macros().date(
        _field_name(item, at),
        at.block_id,
        item.get("action_id", ""),
        at.dispatch,
        item.get("initial_date", ""),
        plain(item.get("placeholder")),
    )


def _timepicker(item: dict, at: _At) -> Markup:
    return _macros().text_input(
        "timepicker",
        "time",
        _field_name(item, at),
        at.block_id,
        item.get("action_id", ""),
        at.dispatch,
        item.get("initial_time", ""),
        None,
        False,
        None,
        None,
    )


def _text_input(kind: str) -> Callable[[dict, _At], Markup]:
    def render(item: dict, at: _At) -> Markup:
        return _macros().text_input(
            item.get("type"),
            kind,
            _field_name(item, at),
            at.block_id,
            item.get("action_id", ""),
            at.dispatch,
            item.get("initial_value", ""),
            plain(item.get("placeholder")),
            item.get("multiline", False),
            item.get("max_length"),
            item.get("min_length"),
        )

    return render


def _choices(kind: str) -> Callable[[dict, _At], Markup]:
    def render(item: dict, at: _At) -> Markup:
        initial = item.get("initial_options") or [item.get("initial_option") or {}]
        options = [
            (
                option.get("value", ""),
                render_text(option.get("text"), at.names),
                render_text(option.get("description"), at.names),
            )
            for option in item.get("options", [])
        ]
        return _macros().choices(
            item.get("type"),
            kind,
            _field_name(item, at),
            at.block_id,
            item.get("action_id", ""),
            at.dispatch,
            options,
            {option.get("value") for option in initial if option},
        )

    return render


def _image_element(item: dict, _at: _At) -> Markup:
    return _image(item, None, "bk-image-small")


_ELEMENTS: dict[str, Callable[[dict, _At], Markup]] = {
    "button": _button,
    "overflow": _overflow,
    "static_select": _static_select,
    "users_select": _picker,
    "multi_users_select": _picker,
    "conversations_select": _picker,
    "channels_select": _picker,
    "datepicker": _datepicker,
    "timepicker": _timepicker,
    "plain_text_input": _text_input("text"),
    "url_text_input": _text_input("url"),
    "email_text_input": _text_input("email"),
    "number_input": _text_input("number"),
    "checkboxes": _choices("checkbox"),
    "radio_buttons": _choices("radio"),
    "image": _image_element,
}
