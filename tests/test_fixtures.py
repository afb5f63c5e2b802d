"""The project's own test data has the shape of the real thing: each fixture is checked against
the real material of the reference corpus (../shared), so that a test passing on ours would pass
on the real one. The whole module is the reference group (it reads ../shared)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.domain.items import ProposedItem, split_items
from tests.documents import (
    GOVERNMENT_RESPONSE,
    LAYOUTS,
    NEW_TEMPLATE,
    Layout,
    key_findings,
    ours,
    real,
)
from tests.paths import SLACK_SAMPLES
from tests.slack_events import EVENTS

pytestmark = pytest.mark.reference


# ---- Slack's event bodies ---------------------------------------------------------------------
def shape(value: Any) -> Any:
    """Keys and kinds of values, all the way down; a list by the shape of its first element."""
    if isinstance(value, dict):
        return {key: shape(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return type(value).__name__


EVENT_FIXTURES = sorted(path.name for path in EVENTS.glob("*.json"))


def test_there_is_a_fixture_for_each_kind_of_message_event_the_tests_send() -> None:
    assert EVENT_FIXTURES == [
        "message_changed.json",
        "message_changed_thread_parent.json",
        "message_channel_top_level.json",
        "message_deleted.json",
        "message_file_share.json",
        "message_from_bot_user.json",
        "message_in_thread_channel.json",
    ]


@pytest.mark.parametrize("name", EVENT_FIXTURES)
def test_each_event_body_has_the_keys_and_types_of_the_recorded_one(name: str) -> None:
    recorded = _json(SLACK_SAMPLES / "events" / name)
    written = _json(EVENTS / name)

    assert shape(written) == shape(recorded)
    # Nothing of the recorded payload's own values is in ours but its constants.
    assert written["event"]["ts"] != recorded["event"]["ts"]


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


# ---- documents in the layouts of the real ones ------------------------------------------------
def outline(items: list[ProposedItem]) -> list[tuple[object, ...]]:
    """What the tests rely on of each item: kind, number, for whom, whether a due date is
    stated, how many bullets."""
    return [
        (item.kind, item.number, item.directed_at, item.due is not None, item.text.count("\n• "))
        for item in items
    ]


@pytest.mark.parametrize(
    "layout",
    [layout for layout in LAYOUTS if layout is not GOVERNMENT_RESPONSE],
    ids=lambda layout: layout.ours,
)
def test_our_document_gives_items_of_the_same_outline_as_the_real_one(layout: Layout) -> None:
    assert outline(split_items(ours(layout), force_name="Norfolk")) == outline(
        split_items(real(layout), force_name="Norfolk")
    )


def test_a_government_response_gives_recommendations_numbered_from_one_without_responses() -> None:
    for text in (ours(GOVERNMENT_RESPONSE), real(GOVERNMENT_RESPONSE)):
        items = split_items(text, force_name="Norfolk")
        assert [(item.kind.value, item.number) for item in items] == [
            ("recommendation", str(n)) for n in range(1, len(items) + 1)
        ]
        assert len(items) >= 6
        assert not any("Government response" in item.text for item in items)


def test_the_2024_templates_key_findings_are_as_long_in_ours_as_in_the_real_one() -> None:
    for text in (ours(NEW_TEMPLATE), real(NEW_TEMPLATE)):
        findings = key_findings(text)
        assert len(findings) > 7000
        assert len(findings.split("\n\n")) >= 10  # paragraphs, pasted a third at a time
