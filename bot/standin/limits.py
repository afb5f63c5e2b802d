"""Block Kit size limits Slack enforces on messages and views.

Errors carry Slack-style lines: ``[ERROR] <reason> [json-pointer:/blocks/3/text/text]``
(format as in web-api/views.open_invalid_arguments.json).
"""

from __future__ import annotations

from typing import Any

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_MESSAGE_TEXT = 40_000
MAX_SECTION_TEXT = 3_000
MAX_SECTION_FIELD_TEXT = 2_000
MAX_SECTION_FIELDS = 10
MAX_HEADER_TEXT = 150
MAX_BUTTON_TEXT = 75
MAX_CONTEXT_ELEMENTS = 10
MAX_ACTIONS_ELEMENTS = 25
MAX_MODAL_TITLE = 24
MAX_ID_LENGTH = 255


def _too_long(limit: int, pointer: str) -> str:
    # Slack phrases length limits as "less than limit+1".
    return f"[ERROR] must be less than {limit + 1} characters [json-pointer:{pointer}]"


def _too_many(limit: int, pointer: str) -> str:
    return f"[ERROR] no more than {limit} items allowed [json-pointer:{pointer}]"


def _text_of(obj: Any) -> str:
    if isinstance(obj, dict):
        text = obj.get("text", "")
        return text if isinstance(text, str) else ""
    return ""


def _check_button(element: Any, pointer: str, errors: list[str]) -> None:
    if isinstance(element, dict) and element.get("type") == "button":
        if len(_text_of(element.get("text"))) > MAX_BUTTON_TEXT:
            errors.append(_too_long(MAX_BUTTON_TEXT, f"{pointer}/text/text"))
        if len(str(element.get("action_id", ""))) > MAX_ID_LENGTH:
            errors.append(_too_long(MAX_ID_LENGTH, f"{pointer}/action_id"))


def check_blocks(blocks: Any, prefix: str, max_blocks: int) -> list[str]:
    """Return Slack-style error lines for ``blocks`` (empty list = valid)."""
    pointer = f"{prefix}/blocks"
    if not isinstance(blocks, list):
        return [f"[ERROR] must be an array [json-pointer:{pointer}]"]
    errors: list[str] = []
    if len(blocks) > max_blocks:
        errors.append(_too_many(max_blocks, pointer))
    for i, block in enumerate(blocks):
        here = f"{pointer}/{i}"
        if not isinstance(block, dict) or "type" not in block:
            errors.append(f"[ERROR] missing required field: type [json-pointer:{here}]")
            continue
        kind = block["type"]
        if len(str(block.get("block_id", ""))) > MAX_ID_LENGTH:
            errors.append(_too_long(MAX_ID_LENGTH, f"{here}/block_id"))
        if kind == "section":
            if len(_text_of(block.get("text"))) > MAX_SECTION_TEXT:
                errors.append(_too_long(MAX_SECTION_TEXT, f"{here}/text/text"))
            fields = block.get("fields") or []
            if len(fields) > MAX_SECTION_FIELDS:
                errors.append(_too_many(MAX_SECTION_FIELDS, f"{here}/fields"))
            for j, field in enumerate(fields):
                if len(_text_of(field)) > MAX_SECTION_FIELD_TEXT:
                    errors.append(_too_long(MAX_SECTION_FIELD_TEXT, f"{here}/fields/{j}/text"))
            _check_button(block.get("accessory"), f"{here}/accessory", errors)
        elif kind == "header":
            if len(_text_of(block.get("text"))) > MAX_HEADER_TEXT:
                errors.append(_too_long(MAX_HEADER_TEXT, f"{here}/text/text"))
        elif kind == "context":
            if len(block.get("elements") or []) > MAX_CONTEXT_ELEMENTS:
                errors.append(_too_many(MAX_CONTEXT_ELEMENTS, f"{here}/elements"))
        elif kind == "actions":
            elements = block.get("elements") or []
            if len(elements) > MAX_ACTIONS_ELEMENTS:
                errors.append(_too_many(MAX_ACTIONS_ELEMENTS, f"{here}/elements"))
            for j, element in enumerate(elements):
                _check_button(element, f"{here}/elements/{j}", errors)
    return errors


def check_message(text: Any, blocks: Any) -> tuple[str, list[str]] | None:
    """Validate a message; return (error_code, messages) or None when Slack would accept it."""
    if isinstance(text, str) and len(text) > MAX_MESSAGE_TEXT:
        return "msg_too_long", []
    if blocks is not None:
        errors = check_blocks(blocks, "", MAX_MESSAGE_BLOCKS)
        if errors:
            return "invalid_blocks", errors
    return None


def check_view(view: Any) -> list[str]:
    """Return Slack-style error lines for a view payload (empty list = valid)."""
    if not isinstance(view, dict) or "type" not in view:
        # Verbatim what Slack answered for view={} (web-api/views.open_invalid_arguments.json).
        return [
            "[ERROR] failed to match all allowed schemas [json-pointer:/view]",
            "[ERROR] missing required field: type [json-pointer:/view]",
        ]
    errors = check_blocks(view.get("blocks", []), "/view", MAX_VIEW_BLOCKS)
    if view["type"] == "modal":
        for key in ("title", "submit", "close"):
            if len(_text_of(view.get(key))) > MAX_MODAL_TITLE:
                errors.append(_too_long(MAX_MODAL_TITLE, f"/view/{key}/text"))
        if "title" not in view:
            errors.append("[ERROR] missing required field: title [json-pointer:/view]")
    return errors
