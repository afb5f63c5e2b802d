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


def test_a_stored_reply_says_sign_off_was_reopened_only_when_the_change_reopened_it() -> None:
    said = "Recorded: Recommendation 4 of S55-1 is accepted (revision 2)."
    assert copy.stored_reply(said, []) == said
    assert copy.stored_reply(said, False) == said
    reopened = copy.stored_reply(said, ["reopened:12"])
    assert reopened.startswith(said) and reopened.endswith("to sign it off again.")
    assert copy.stored_reply(said, True) == reopened
