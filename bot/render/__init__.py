"""Block Kit rendering: pure functions from stored data to slack_sdk block models."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slack_sdk.models.blocks import Block


def as_dicts(blocks: Sequence[Block]) -> list[dict[str, Any]]:
    """Serialise through slack_sdk's models, which refuse anything over Slack's limits."""
    return [block.to_dict() for block in blocks]
