"""Counts said as words up to nine, with their nouns agreeing."""

from __future__ import annotations

import pytest

from bot import copy


@pytest.mark.parametrize(
    ("count", "said"),
    [
        (0, "no more steps"),
        (1, "one more step"),
        (4, "four more steps"),
        (9, "nine more steps"),
        (12, "12 more steps"),
        (1200, "1,200 more steps"),
    ],
)
def test_a_count_is_said_in_words_up_to_nine_and_its_noun_agrees(count: int, said: str) -> None:
    assert copy.counted(count, "more step") == said


def test_an_irregular_plural_is_given() -> None:
    assert copy.counted(3, "area for improvement", "areas for improvement") == (
        "three areas for improvement"
    )
