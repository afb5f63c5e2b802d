"""Whether the items of a kind are all the report's (bot.items.extent), in Slack: the Review
form's own block (one checkbox per kind the draft holds, ticked as the record stands), and the
/s55 recs list's line for each kind with the button that corrects it. Self-contained, so that
whatever else the Review form holds, this is one block with its own IDs (bot/ids.py)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from slack_sdk.models.blocks import (
    ButtonElement,
    CheckboxesElement,
    ConfirmObject,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextObject,
    SectionBlock,
)

from bot import copy, ids
from bot.domain.buttons import ListExtent
from bot.domain.items import ItemKind


def list_extent_block(kinds: Sequence[ItemKind], *, ticked: Collection[ItemKind]) -> InputBlock:
    """ "Are these all the report makes?": a checkbox per kind, optional (unticked: only those
    relevant to the force, and no total is stated)."""
    options = [_option(kind) for kind in kinds]
    initial = [_option(kind) for kind in kinds if kind in ticked]
    return InputBlock(
        block_id=ids.LIST_EXTENT_BLOCK,
        label=copy.LIST_EXTENT_LABEL,
        hint=copy.LIST_EXTENT_HINT,
        optional=True,
        element=CheckboxesElement(
            action_id=ids.LIST_EXTENT_INPUT, options=options, initial_options=initial or None
        ),
    )


def submitted_list_extent(state_values: Mapping[str, Any]) -> dict[ItemKind, bool] | None:
    """For every kind, whether it was ticked; None when the form did not ask (then the record
    says nobody said). A value we did not offer is ignored."""
    block = state_values.get(ids.LIST_EXTENT_BLOCK)
    if not isinstance(block, Mapping):
        return None
    chosen = (block.get(ids.LIST_EXTENT_INPUT) or {}).get("selected_options") or []
    values = {str(option.get("value")) for option in chosen if isinstance(option, Mapping)}
    return {kind: kind.value in values for kind in ItemKind}


def list_extent_rows(
    inspection_id: int, extent: Mapping[ItemKind, bool | None], *, can_change: bool
) -> list[SectionBlock]:
    """/s55 recs: a line per kind with items, and (for whoever may change it) its button."""
    return [
        SectionBlock(
            block_id=f"{ids.LIST_EXTENT_ROW_PREFIX}{kind.value}",
            text=MarkdownTextObject(text=copy.list_extent_line(kind.value, complete)),
            accessory=_button(inspection_id, kind, not complete) if can_change else None,
        )
        for kind, complete in extent.items()
    ]


def _button(inspection_id: int, kind: ItemKind, complete: bool) -> ButtonElement:
    return ButtonElement(
        action_id=ids.LIST_EXTENT_BUTTON,
        text=copy.list_extent_button(complete),
        value=ListExtent(inspection_id, kind, complete).encode(),
        confirm=ConfirmObject(
            title=copy.LIST_EXTENT_CONFIRM_TITLE,
            text=copy.list_extent_confirm(kind.value, complete),
            confirm="Record it",
            deny="Cancel",
        ),
    )


def _option(kind: ItemKind) -> Option:
    return Option(value=kind.value, text=PlainTextObject(text=copy.list_extent_option(kind.value)))
