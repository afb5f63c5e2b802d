"""Where an item stands in the HMICFRS recommendation register's words (bot.domain.register)."""

from __future__ import annotations

import pytest

from bot.domain.actions import ActionStatus
from bot.domain.register import AFTER_PUBLICATION, RegisterStatus, register_status


def test_every_status_after_publication_has_the_registers_word() -> None:
    assert set(AFTER_PUBLICATION) == set(ActionStatus)
    assert {status.label for status in RegisterStatus} == {
        "awaiting review",
        "being progressed",
        "complete",
        "no further action needed",
    }


@pytest.mark.parametrize(
    ("status", "published", "says"),
    [
        (None, False, "awaiting review"),
        (None, True, "awaiting review"),  # published, yet unanswered: nothing to review
        (ActionStatus.COMPLETE, False, "awaiting review"),  # not yet published
        (ActionStatus.NOT_STARTED, True, "being progressed"),
        (ActionStatus.IN_PROGRESS, True, "being progressed"),
        (ActionStatus.COMPLETE, True, "complete"),
        (ActionStatus.CLOSED, True, "no further action needed"),
    ],
)
def test_an_item_for_the_force_reads_as_the_register_would(
    status: ActionStatus | None, published: bool, says: str
) -> None:
    found = register_status(needs_answer=True, status=status, published=published)
    assert found is not None and found.label == says


def test_an_item_directed_at_others_has_no_register_state() -> None:
    assert register_status(needs_answer=False, status=None, published=True) is None
