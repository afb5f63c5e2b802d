"""The words a newcomer reads first, each written once in bot/copy.py: counts said as words with
their nouns agreeing, a kind with nothing recorded left unnamed, the report's publication and the
response's told apart, and a refusal that names people rather than a setting."""

from __future__ import annotations

from datetime import date

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


def test_what_is_missing_names_the_next_step_and_counts_the_rest_in_words() -> None:
    steps = tuple(f"step:Step {n}" for n in range(1, 6))

    assert copy.missing_phrase(("pcc", *steps)) == (
        "the PCC's response, Step 1 and four more steps"
    )
    assert copy.missing_phrase(steps[-2:]) == "Step 4 and one more step"
    assert copy.missing_phrase(steps[-1:]) == "Step 5"
    assert "(s)" not in copy.missing_phrase(steps)


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


def test_a_closed_cards_outcome_says_it_is_the_response_that_was_published() -> None:
    outcome = copy.outcome_published(date(2024, 6, 18), 6)

    assert outcome == "Response published Tue 18 Jun 2024 — 6 days before the deadline"
    assert not outcome.startswith(copy.REPORT_PUBLISHED_LABEL)
    assert copy.REPORT_PUBLISHED_LABEL == "Report published"


def test_a_visitors_refusal_names_who_can_approve_and_no_setting() -> None:
    refusal = copy.not_an_approver(["U0ALEX001", "S0APPROVE"])

    assert refusal == (
        "Only the office's approvers can confirm or undo these steps: <@U0ALEX001> and "
        "<!subteam^S0APPROVE>. Ask one of them."
    )
    assert "S55_" not in refusal + copy.NO_APPROVERS
