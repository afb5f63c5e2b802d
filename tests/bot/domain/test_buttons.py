"""What our buttons carry is one typed class per shape (bot.domain.buttons), and one table says
which each action carries: each reads back exactly what it writes, a value it could not have
written is refused, never crashed on, and every button bot.render writes a value on is in the
table."""

from __future__ import annotations

import ast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import copy, ids
from bot.domain import buttons
from bot.domain.buttons import (
    ButtonValue,
    CardMenuChoice,
    DraftVersion,
    ForgedValue,
    InspectionKind,
    InspectionStep,
    ListExtent,
    Number,
    Year,
)
from bot.domain.items import ItemKind
from tests.paths import REPOSITORY

numbers = st.integers(min_value=0, max_value=10**9 - 1)
words = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
VALUES = {
    DraftVersion: st.builds(DraftVersion, numbers, numbers),
    InspectionKind: st.builds(InspectionKind, numbers, words),
    InspectionStep: st.builds(InspectionStep, numbers, words),
    ListExtent: st.builds(ListExtent, numbers, st.sampled_from(ItemKind), st.booleans()),
    CardMenuChoice: st.one_of(
        st.builds(CardMenuChoice, st.sampled_from([ids.MENU_EDIT, ids.MENU_WITHDRAW]), numbers),
        st.builds(
            CardMenuChoice,
            st.just(ids.MENU_ASK),
            numbers,
            st.sampled_from(list(copy.MENU_ASK)),
        ),
    ),
    Number: st.builds(Number, numbers),
    Year: st.builds(Year, st.integers(min_value=1996, max_value=9999)),
}


@pytest.mark.parametrize("value_type", list(VALUES), ids=lambda t: t.__name__)
def test_every_button_value_reads_back_what_it_writes(value_type: type[ButtonValue]) -> None:
    @given(VALUES[value_type])
    def round_trip(value: ButtonValue) -> None:
        encoded = value.encode()
        assert len(encoded) <= 2000  # Slack's limit for a button's value
        assert value_type.parse(encoded) == value

    round_trip()


@pytest.mark.parametrize(
    ("value_type", "forged"),
    [
        (DraftVersion, ""),
        (DraftVersion, "12"),
        (DraftVersion, "12:x"),
        (DraftVersion, "1234567890:1"),  # would overflow the column
        (DraftVersion, "-1:2"),
        (InspectionKind, "x:cc"),
        (InspectionStep, "|PCC response signed off"),
        (ListExtent, "1:recommendation"),
        (ListExtent, "1:wish:complete"),
        (ListExtent, "1:recommendation:mostly"),
        (CardMenuChoice, "edit:"),
        (CardMenuChoice, "ask:findings:one"),
        (Number, ""),
        (Number, "1.5"),
        (Number, "٣"),  # a digit, but not one we write
        (Year, "26"),
        (Year, "2026-27"),
    ],
)
def test_a_value_we_could_not_have_written_is_refused_in_words(
    value_type: type, forged: str
) -> None:
    with pytest.raises(ForgedValue) as refused:
        value_type.parse(forged)
    assert refused.value.reply == copy.BUTTON_NOT_UNDERSTOOD


# Inputs inside a form (the review's boxes and whom-for menus): their choices are read from the
# form's state when it is submitted or redrawn (bot.render.thread.reviewed_parts,
# bot.render.item_review.reviewed_choices), never as a pressed button's value.
READ_WITH_THE_FORM = {"INCLUDE_PART", "DIRECTED_AT_SELECT"}


def actions_given_values() -> set[str]:
    """The names in bot.ids of every button or menu bot.render writes a value on: an element
    built with ``action_id=ids.X`` and a ``value`` (a button) or ``options`` (a menu)."""
    found = set()
    for path in REPOSITORY.joinpath("bot", "render").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            keywords = {k.arg: k.value for k in node.keywords}
            action = keywords.get("action_id")
            if (
                isinstance(action, ast.Attribute)
                and isinstance(action.value, ast.Name)
                and action.value.id == "ids"
                and ("value" in keywords or "options" in keywords)
                and not action.attr.endswith("_INPUT")
                and action.attr not in READ_WITH_THE_FORM
            ):
                found.add(action.attr)
    return found


def test_the_walk_finds_buttons_and_menus() -> None:
    assert {"CONFIRM_STEP", "CARD_MENU", "REVIEW_PAGE_NEXT"} <= actions_given_values()


@pytest.mark.parametrize("name", sorted(actions_given_values()))
def test_every_button_we_write_a_value_on_says_what_its_value_is(name: str) -> None:
    assert getattr(ids, name) in buttons.VALUES, f"ids.{name} is not in bot.domain.buttons.VALUES"


def test_every_value_type_in_the_table_is_one_whose_round_trip_is_tested() -> None:
    assert set(buttons.VALUES.values()) <= set(VALUES)
