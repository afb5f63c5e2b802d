"""Reading what our buttons and modals carry. A value we did not write (an old message, an
altered payload) is refused with a private explanation, never treated as a crash."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any, TypeVar

from bot import copy
from bot.domain.buttons import VALUES, ButtonValue, ForgedValue, Number, Year
from bot.domain.errors import S55Error

Value = TypeVar("Value", bound=ButtonValue)
ID_LIMIT = 10**9  # the same bound for an ID a modal carries as a JSON number


def button_value(body: dict[str, Any]) -> str:
    """The value of the button (or menu choice's button) that was pressed."""
    return str(body["actions"][0].get("value") or "")


def pressed_on_home(body: dict[str, Any]) -> bool:
    """A click on the Home tab: its container is the view, with no channel or message."""
    container = body.get("container") or {}
    return container.get("type") == "view" and (body.get("view") or {}).get("type") == "home"


def report_year(body: dict[str, Any], *, today: date) -> str:
    """The Home tab's "Post the 2026 report" carries a calendar year, this one or (on a tab
    left open over New Year) an earlier one; the period's own rules check the rest."""
    year = pressed(body, Year).year
    if year > today.year:  # a year not begun: no page of ours offers it
        raise ForgedValue
    return f"{year:04d}"


def button_number(body: dict[str, Any]) -> int:
    """A button carrying one number (an inspection, an item, a page, days)."""
    return pressed(body, Number).number


def pressed(body: dict[str, Any], value_type: type[Value]) -> Value:
    """The pressed button's value, read as the type our render wrote; ForgedValue
    (copy.BUTTON_NOT_UNDERSTOOD) for one we could not have written."""
    return _read(body, value_type, button_value(body))


def chosen(body: dict[str, Any], value_type: type[Value]) -> Value:
    """The chosen menu option's value, read as the type our render wrote."""
    option = body["actions"][0].get("selected_option") or {}
    return _read(body, value_type, str(option.get("value") or ""))


def _read(body: dict[str, Any], value_type: type[Value], value: str) -> Value:
    action = str(body["actions"][0].get("action_id") or "")
    if VALUES.get(action) is not value_type:  # a listener reading another button's value
        raise LookupError(f"{action!r} carries {VALUES.get(action)}, not {value_type}")
    return value_type.parse(value)


# What our modals carry as whole numbers, with the lowest each may be.
_WHOLE_NUMBERS = {"inspection": 1, "draft": 1, "item": 1, "version": 0, "review": 1}


def modal_metadata(view: dict[str, Any], *names: str) -> dict[str, Any]:
    """The JSON object our modal carried, with ``names`` present; IDs as whole numbers."""
    try:
        metadata = json.loads(view.get("private_metadata") or "")
    except ValueError:
        metadata = None
    if not isinstance(metadata, dict) or any(name not in metadata for name in names):
        raise S55Error(copy.FORM_NOT_UNDERSTOOD)
    for name, lowest in _WHOLE_NUMBERS.items():
        if name in names:
            value = metadata[name]
            if not isinstance(value, int) or isinstance(value, bool):
                raise S55Error(copy.FORM_NOT_UNDERSTOOD)
            if not lowest <= value < ID_LIMIT:  # PostgreSQL would refuse it as out of range
                raise S55Error(copy.FORM_NOT_UNDERSTOOD)
    if "step" in names and not isinstance(metadata["step"], str):
        raise S55Error(copy.FORM_NOT_UNDERSTOOD)
    return metadata


def request_key(action: str, body: dict[str, Any]) -> str:
    """The key of the change this request asks for (storage.changes): a form's view ID and
    hash (the same form submitted twice carries both unchanged), else the trigger of this
    click or command. A request with neither gets a random one."""
    view = body.get("view") if body.get("type") == "view_submission" else None
    if isinstance(view, dict) and view.get("id"):
        mark = f"{view.get('id')}:{view.get('hash') or ''}"
    else:
        mark = str(body.get("trigger_id") or "")
    if not mark or len(mark) > 150:
        mark = uuid.uuid4().hex
    return f"{action}:{mark}"


def carried_day(view: dict[str, Any], name: str) -> date | None:
    """A day our modal carries in its metadata (ISO), or None when it carries none."""
    try:
        value = json.loads(view.get("private_metadata") or "{}").get(name)
        return date.fromisoformat(value) if isinstance(value, str) else None
    except (ValueError, AttributeError):
        return None
