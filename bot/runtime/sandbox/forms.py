"""Block Kit elements as Slack reports them back: the ``actions`` entry of a click, and a modal's
``state.values`` from what the person entered."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

REQUIRED = "Please fill out this field."  # the Slack client's own check, before submitting
TOO_SHORT = "Please enter at least {n} characters."
TOO_LONG = "Please enter no more than {n} characters."


def elements(blocks: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every interactive element with its block_id, in order."""
    for block in blocks:
        block_id = str(block.get("block_id") or "")
        kind = block.get("type")
        if kind == "actions":
            for element in block.get("elements") or []:
                yield block_id, element
        elif kind == "section" and block.get("accessory"):
            yield block_id, block["accessory"]
        elif kind == "input" and block.get("element"):
            yield block_id, block["element"]


def find_element(
    blocks: list[dict[str, Any]], block_id: str, action_id: str
) -> dict[str, Any] | None:
    return next(
        (e for b, e in elements(blocks) if b == block_id and e.get("action_id") == action_id),
        None,
    )


def options_of(element: dict[str, Any]) -> list[dict[str, Any]]:
    found = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        found += group.get("options") or []
    return found


def _option(element: dict[str, Any], value: Any) -> dict[str, Any] | None:
    return next((copy.deepcopy(o) for o in options_of(element) if o.get("value") == value), None)


def action_for(element: dict[str, Any], block_id: str, chosen: Any) -> dict[str, Any]:
    """The ``actions[0]`` of a block_actions payload for a click on ``element``."""
    kind = element.get("type")
    action: dict[str, Any] = {
        "type": kind,
        "action_id": element.get("action_id"),
        "block_id": block_id,
    }
    if kind == "button":
        action["text"] = copy.deepcopy(element.get("text"))
        for key in ("value", "style", "url"):
            if key in element:
                action[key] = element[key]
    elif kind in ("overflow", "static_select", "radio_buttons"):
        action["selected_option"] = _option(element, chosen)
    elif kind == "checkboxes":
        picked = chosen if isinstance(chosen, list) else []
        action["selected_options"] = [o for v in picked if (o := _option(element, v))]
    elif kind == "datepicker":
        action["selected_date"] = chosen or None
        if element.get("initial_date"):
            action["initial_date"] = element["initial_date"]
    elif kind in PICKERS:
        action[PICKERS[kind][0]] = _picked(kind, chosen)
    return action


def _picked(kind: Any, raw: Any) -> Any:
    """A picker's choice as Slack reports it: a list of user IDs from multi_users_select, an
    ID (or None) from the others."""
    if kind == "multi_users_select":
        return [v for v in raw if isinstance(v, str) and v] if isinstance(raw, list) else []
    return raw if isinstance(raw, str) and raw else None


def state_values(view: dict[str, Any], form: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """``view.state.values`` for what the person entered (``form``: "block/action" → value)."""
    values: dict[str, dict[str, Any]] = {}
    for block_id, element in elements(view.get("blocks") or []):
        action_id = str(element.get("action_id") or "")
        key = f"{block_id}/{action_id}"
        raw = form[key] if key in form else _initial(element)
        state = _state(element, raw)
        if state is not None:
            values.setdefault(block_id, {})[action_id] = state
    return values


TEXT_INPUTS = ("plain_text_input", "url_text_input", "email_text_input", "number_input")
# A picker's state field, and the field of its first choice: Slack's own names for each.
PICKERS = {
    "timepicker": ("selected_time", "initial_time"),
    "users_select": ("selected_user", "initial_user"),
    "multi_users_select": ("selected_users", "initial_users"),
    "conversations_select": ("selected_conversation", "initial_conversation"),
    "channels_select": ("selected_channel", "initial_channel"),
}


def _initial(element: dict[str, Any]) -> Any:
    kind = element.get("type")
    if kind in TEXT_INPUTS:
        return element.get("initial_value")
    if kind == "datepicker":
        return element.get("initial_date")
    if kind in ("static_select", "radio_buttons"):
        return (element.get("initial_option") or {}).get("value")
    if kind == "checkboxes":
        return [o.get("value") for o in element.get("initial_options") or []]
    if kind in PICKERS:
        return element.get(PICKERS[kind][1])
    return None


def _state(element: dict[str, Any], raw: Any) -> dict[str, Any] | None:
    kind = element.get("type")
    if kind in TEXT_INPUTS:
        return {"type": kind, "value": raw if raw not in ("", None) else None}
    if kind == "datepicker":
        return {"type": kind, "selected_date": raw or None}
    if kind in ("static_select", "radio_buttons"):
        return {"type": kind, "selected_option": _option(element, raw)}
    if kind == "checkboxes":
        picked = raw if isinstance(raw, list) else []
        return {"type": kind, "selected_options": [o for v in picked if (o := _option(element, v))]}
    if kind in PICKERS:
        return {"type": kind, PICKERS[kind][0]: _picked(kind, raw)}
    return None  # buttons and overflow menus keep no state


def client_side_errors(view: dict[str, Any], form: dict[str, Any]) -> dict[str, str]:
    """What the Slack client refuses before sending: an empty required field, a text shorter
    than min_length or longer than max_length."""
    errors: dict[str, str] = {}
    values = state_values(view, form)
    for block in view.get("blocks") or []:
        if block.get("type") != "input" or not block.get("element"):
            continue
        block_id = str(block.get("block_id") or "")
        element = block["element"]
        state = values.get(block_id, {}).get(str(element.get("action_id") or ""), {})
        problem = _field_problem(element, state, optional=bool(block.get("optional")))
        if problem:
            errors[block_id] = problem
    return errors


def _field_problem(element: dict[str, Any], state: dict[str, Any], *, optional: bool) -> str | None:
    filled = [v for k, v in state.items() if k != "type" and v not in (None, [], "")]
    if not filled:
        return None if optional else REQUIRED
    text = state.get("value")
    if isinstance(text, str):
        if element.get("min_length") and len(text) < int(element["min_length"]):
            return TOO_SHORT.format(n=element["min_length"])
        if element.get("max_length") and len(text) > int(element["max_length"]):
            return TOO_LONG.format(n=element["max_length"])
    return None
