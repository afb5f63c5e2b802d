"""The project's recommendation fixtures (tests/fixtures) have the shape of the real 2024
response they follow, and are not copies of it: checked against the seed in ../shared."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot.domain.items import split_items
from tests.fixtures import fixture_text
from tests.paths import SEEDS

pytestmark = pytest.mark.reference

SEED = SEEDS / "response-2024-vetting-anti-corruption-part-2.txt"
TOTAL = re.compile(r"\b(five|5)\b.*\b(one|1)\b", re.I)


def seed_recommendations() -> str:
    text = SEED.read_text(encoding="utf-8")
    start = text.index("\nRecommendations\n")
    return text[start : text.index("\nAreas for Improvement\n", start)]


def shape(text: str) -> list[tuple[str, str, object, str]]:
    return [
        (i.kind.value, i.number, i.due, i.directed_at.value)
        for i in split_items(text, force_name="Norfolk Constabulary")
    ]


def test_the_fixture_splits_as_the_seeds_recommendations_section_does() -> None:
    assert shape(fixture_text("recommendations-2024-as-responded.txt")) == shape(
        seed_recommendations()
    )
    assert shape(seed_recommendations()) == [
        ("recommendation", "4", date(2024, 6, 30), "all_chief_constables")
    ]


def test_both_open_with_a_total_that_the_items_below_do_not_carry() -> None:
    """Why the record must say whether its list is complete: the section's own first sentence
    counts five, but only one item follows it."""
    for text in (seed_recommendations(), fixture_text("recommendations-2024-as-responded.txt")):
        opening = next(line for line in text.splitlines()[2:] if line.strip())
        assert TOTAL.search(opening), opening
        assert len(shape(text)) == 1


def test_the_full_list_numbers_five_with_recommendation_4_as_the_seed_words_its_date() -> None:
    five = shape(fixture_text("recommendations-2024-all-five.txt"))
    assert [number for _kind, number, _due, _whom in five] == ["1", "2", "3", "4", "5"]
    assert five[3] == shape(seed_recommendations())[0]


def test_the_fixtures_are_our_own_words() -> None:
    seed_words = " ".join(SEED.read_text(encoding="utf-8").split()).lower()
    for name in ("recommendations-2024-as-responded.txt", "recommendations-2024-all-five.txt"):
        words = " ".join(fixture_text(name).split()).lower().split()
        runs = {" ".join(words[i : i + 10]) for i in range(len(words) - 9)}
        assert not [run for run in runs if run in seed_words], name
