"""Reading what our buttons and modals carry. A value we did not write (an old message, an
altered payload) is refused with a private explanation, never treated as a crash."""

from __future__ import annotations

import json
import re
from typing import Any

from bot import copy
from bot.domain.errors import S55Error

ID = re.compile(r"[0-9]{1,9}")  # database IDs; longer would overflow an INTEGER column


def whole_number(text: str) -> int:
    if not ID.fullmatch(text):
        raise S55Error(copy.BUTTON_NOT_UNDERSTOOD)
    return int(text)


# What our modals carry as whole numbers, with the lowest each may be.
_WHOLE_NUMBERS = {"inspection": 1, "draft": 1, "item": 1, "version": 0}


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
            if not isinstance(value, int) or isinstance(value, bool) or value < lowest:
                raise S55Error(copy.FORM_NOT_UNDERSTOOD)
    if "step" in names and not isinstance(metadata["step"], str):
        raise S55Error(copy.FORM_NOT_UNDERSTOOD)
    return metadata
