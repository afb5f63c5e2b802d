"""What a nudge says is still needed: the next step named, the rest counted in words."""

from __future__ import annotations

from bot import copy


def test_what_is_missing_names_the_next_step_and_counts_the_rest_in_words() -> None:
    steps = tuple(f"step:Step {n}" for n in range(1, 6))

    assert copy.missing_phrase(("pcc", *steps)) == (
        "the PCC's response, Step 1 and four more steps"
    )
    assert copy.missing_phrase(steps[-2:]) == "Step 4 and one more step"
    assert copy.missing_phrase(steps[-1:]) == "Step 5"
    assert "(s)" not in copy.missing_phrase(steps)
