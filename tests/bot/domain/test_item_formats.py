"""docs/rules.md#r6: every recommendation, cause of concern and area for improvement of a report as
published, in each format HMICFRS texts come in (the fixtures and whose format each follows:
tests/bot/domain/item_formats.py), numbered as in the report, whole and nothing after it, with
whom it is for and its due date."""

from __future__ import annotations

import pytest

from bot.domain.items import DoubtKind, ItemKind, read_items, split_items
from tests.bot.domain.item_formats import (
    FORMATS,
    PAGE_FORMATS,
    fixture,
    is_right,
    score,
    table,
)


@pytest.mark.parametrize("name", FORMATS + PAGE_FORMATS)
def test_each_format_gives_every_item_whole_and_nothing_else(name: str) -> None:
    case = fixture(name)

    found = split_items(case.text, force_name=case.force)

    assert [(i.kind.value, i.number) for i in found] == [
        (e.kind.value, e.number) for e in case.items
    ]
    for item, expected in zip(found, case.items, strict=True):
        assert is_right(item, expected), (item, expected)


def test_the_table_of_formats(capsys: pytest.CaptureFixture[str]) -> None:
    scores = []
    for name in FORMATS + PAGE_FORMATS:
        case = fixture(name)
        scores.append(
            score(name, split_items(case.text, force_name=case.force), case.items, exact=True)
        )

    with capsys.disabled():
        print("\n" + table(scores))
    assert all(s.expected == s.found == s.right for s in scores), table(scores)


def test_innovative_and_notable_practice_is_left_out_with_a_note() -> None:
    for name, boxes in (("peel_2021_22", 1), ("peel_2023_25", 1), ("national_thematic", 1)):
        case = fixture(name)
        read = read_items(case.text, force_name=case.force)
        (practice,) = [d for d in read.doubts if d.kind is DoubtKind.PRACTICE_LEFT_OUT]
        assert practice.count == boxes
        assert not any("volunteers" in i.text or "drone" in i.text for i in read.items)


def test_recommendations_are_under_the_cause_of_concern_they_answer() -> None:
    case = fixture("peel_2021_22")

    items = split_items(case.text, force_name=case.force)

    assert [(i.kind, i.number, i.under) for i in items[:5]] == [
        (ItemKind.CAUSE_OF_CONCERN, "1", None),
        (ItemKind.RECOMMENDATION, "1", "1"),
        (ItemKind.CAUSE_OF_CONCERN, "2", None),
        (ItemKind.RECOMMENDATION, "2", "2"),
        (ItemKind.RECOMMENDATION, "3", "2"),
    ]
