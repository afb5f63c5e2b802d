"""Reading what our buttons and modals carry. A value we did not write (an old message, an
altered payload) is refused with a private explanation, never treated as a crash."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from bot import copy
from bot.domain.errors import S55Error

ID = re.compile(r"[0-9]{1,9}")  # database IDs; longer would overflow an INTEGER column
ID_LIMIT = 10**9  # the same bound for an ID a modal carries as a JSON number
YEAR = re.compile(r"[0-9]{4}")


def whole_number(text: str) -> int:
    if not ID.fullmatch(text):
        raise S55Error(copy.BUTTON_NOT_UNDERSTOOD)
    return int(text)


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
    value = button_value(body)
    if not YEAR.fullmatch(value) or int(value) > today.year:
        raise S55Error(copy.BUTTON_NOT_UNDERSTOOD)
    return value


def button_number(body: dict[str, Any]) -> int:
    """A button carrying one ID (an inspection, an item)."""
    return whole_number(button_value(body))


def button_numbers(body: dict[str, Any]) -> tuple[int, int]:
    """A button carrying ``a:b`` (a draft's ID and version)."""
    first, _, second = button_value(body).partition(":")
    return whole_number(first), whole_number(second)


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
