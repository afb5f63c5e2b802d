"""The list of items names only the kinds it holds."""

from __future__ import annotations

import pytest

from bot import copy


@pytest.mark.parametrize(
    ("concerns", "recommendations", "afis", "title"),
    [
        (0, 1, 0, "S55-1: 1 recommendation"),
        (0, 0, 2, "S55-1: 2 areas for improvement"),
        (0, 1, 4, "S55-1: 1 recommendation and 4 areas for improvement"),
        (0, 3, 1, "S55-1: 3 recommendations and 1 area for improvement"),
        (1, 2, 1, "S55-1: 1 cause of concern, 2 recommendations and 1 area for improvement"),
        (0, 0, 0, "S55-1: no recommendation or area for improvement"),
    ],
)
def test_the_list_of_items_names_only_the_kinds_it_holds(
    concerns: int, recommendations: int, afis: int, title: str
) -> None:
    counts = {"cause_of_concern": concerns, "recommendation": recommendations, "afi": afis}
    assert copy.items_listing_title("S55-1", counts) == title
