"""Forms with one row per thing (an item, a part of a draft): reading their rows back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def numbered_rows(state_values: dict, prefix: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(number, that row's actions) for each block ``prefix<number>`` the form sent back;
    any other block ID (an altered payload) is passed over."""
    for block_id, actions in state_values.items():
        number = block_id.removeprefix(prefix)
        if block_id.startswith(prefix) and number.isdigit() and isinstance(actions, dict):
            yield int(number), actions
