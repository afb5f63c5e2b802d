"""A refusal names the people who can approve, never a setting."""

from __future__ import annotations

from bot import copy


def test_a_visitors_refusal_names_who_can_approve_and_no_setting() -> None:
    refusal = copy.not_an_approver(["U0ALEX001", "S0APPROVE"])

    assert refusal == (
        "Only the office's approvers can confirm or undo these steps: <@U0ALEX001> and "
        "<!subteam^S0APPROVE>. Ask one of them."
    )
    assert "S55_" not in refusal + copy.NO_APPROVERS
