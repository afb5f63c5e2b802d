"""What our buttons carry is one typed class per shape (bot.domain.buttons): each reads back
exactly what it writes, and a value it could not have written is refused, never crashed on."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import copy, ids
from bot.domain.buttons import (
    ButtonValue,
    CardMenuChoice,
    DraftVersion,
    ForgedValue,
    InspectionKind,
    InspectionStep,
    ListExtent,
)
from bot.domain.items import ItemKind

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
    ],
)
def test_a_value_we_could_not_have_written_is_refused_in_words(
    value_type: type, forged: str
) -> None:
    with pytest.raises(ForgedValue) as refused:
        value_type.parse(forged)
    assert refused.value.reply == copy.BUTTON_NOT_UNDERSTOOD
