"""A closed card tells the report's publication and the response's apart."""

from __future__ import annotations

from datetime import date

from bot import copy


def test_a_closed_cards_outcome_says_it_is_the_response_that_was_published() -> None:
    outcome = copy.outcome_published(date(2024, 6, 18), 6)

    assert outcome == "Response published Tue 18 Jun 2024 — 6 days before the deadline"
    assert not outcome.startswith(copy.REPORT_PUBLISHED_LABEL)
    assert copy.REPORT_PUBLISHED_LABEL == "Report published"
