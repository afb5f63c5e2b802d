"""The step's own button in an approver's "Waiting for you" on the Home tab (docs/rules.md#r11):
pressed there, it does what the card's button does, through a Home-view block_actions payload
(no channel, no message, no response_url), and the Home tab is published again."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bot import ids
from bot.domain.steps import DEFAULT_STEPS
from storage.models import AuditEvent
from tests.bot.home.test_home import open_home
from tests.bot.signoff.test_signoff import (
    both_responses_in,
    card,
    confirmations,
    step_button,
    with_approvers,
)
from tests.e2e import CHANNEL, Bot

APPROVER = "U0APPROVE"  # and the group S0APPROVE, whose member is U0GROUPED
OUTSIDER = "U0OUTSIDER"


@pytest.fixture
def approved(bot: Bot) -> Bot:
    return with_approvers(bot)


def home_buttons(view: dict[str, Any], action_id: str = ids.CONFIRM_STEP) -> list[dict[str, Any]]:
    """Every button of that kind on the Home view (by default the steps'), with the block it
    sits in; everyone also sees the year so far's "Post the report", which is not a step's."""
    found = []
    for block in view["blocks"]:
        elements = [block.get("accessory"), *block.get("elements", [])]
        found += [
            {**e, "block_id": block["block_id"]}
            for e in elements
            if isinstance(e, dict) and e.get("type") == "button" and e["action_id"] == action_id
        ]
    return found


def home_of(bot: Bot, user: str) -> dict[str, Any]:
    """``user`` opens the Home tab: the view as Slack holds it (block IDs filled in)."""
    open_home(bot, user)
    return bot.slack.workspace.home_view(user)


def press_on_home(bot: Bot, user: str, button: dict[str, Any]) -> None:
    """What Slack sends when ``user`` presses ``button`` on their Home tab and confirms."""
    view = bot.slack.workspace.home_view(user) or {"id": "V0NOHOME", "type": "home", "blocks": []}
    action = {key: value for key, value in button.items() if key != "confirm"}
    payload = bot.send.block_actions_payload(
        user_id=user,
        user_name=user.lower(),
        action=action,
        container={"type": "view", "view_id": view["id"]},
        trigger_id=bot.slack.workspace.issue_trigger(user),
        view=view,
    )
    assert not {"channel", "message", "response_url"} & payload.keys()  # as Slack sends it
    assert bot.send.block_action(payload).status == 200
    bot.settle()


def publishes_for(bot: Bot, user: str) -> int:
    return sum(1 for c in bot.slack.calls_to("views.publish") if c.args["user_id"] == user)


def direct_messages(bot: Bot, user: str) -> list[str]:
    return [m["text"] for m in bot.slack.messages.get(user, [])]


def test_an_approver_sees_the_cards_own_button_for_the_next_step(approved: Bot) -> None:
    card_ts = both_responses_in(approved)
    [on_home] = home_buttons(home_of(approved, APPROVER))
    on_card = step_button(card(approved, card_ts), DEFAULT_STEPS[0])
    same = ("action_id", "value", "text", "style", "confirm")
    assert {k: on_home.get(k) for k in same} == {k: on_card.get(k) for k in same}
    assert on_home["confirm"]["text"]["text"] == (
        "Record “PCC response signed off” for S55-1? Your name and the time are recorded."
    )
    [grouped] = home_buttons(home_of(approved, "U0GROUPED"))  # an approver through the group
    assert grouped["value"] == on_card["value"]


def test_a_non_approver_and_an_inspection_waiting_for_a_response_show_no_button(
    approved: Bot,
) -> None:
    both_responses_in(approved)
    assert home_buttons(home_of(approved, OUTSIDER)) == []
    approved.command("add Another inspection | 30 April 2024")  # the CC's turn: no step yet
    approved.settle()
    assert len(home_buttons(home_of(approved, APPROVER))) == 1


def test_pressing_it_on_home_confirms_the_step_as_the_card_would_and_republishes_home(
    approved: Bot,
) -> None:
    card_ts = both_responses_in(approved)
    [button] = home_buttons(home_of(approved, APPROVER))
    published = publishes_for(approved, APPROVER)

    press_on_home(approved, APPROVER, button)

    assert confirmations(approved) == [(DEFAULT_STEPS[0], APPROVER, True)]
    with approved.db.session() as session:
        audited = session.scalars(select(AuditEvent).where(AuditEvent.action == "step confirmed"))
        assert [(e.actor, e.details) for e in audited] == [(APPROVER, {"step": DEFAULT_STEPS[0]})]
    shown = str(card(approved, card_ts)["blocks"])
    assert ":white_check_mark: PCC response signed off — <@U0APPROVE>" in shown
    notes = [m["text"] for m in approved.slack.messages[CHANNEL] if m.get("thread_ts") == card_ts]
    assert ":white_check_mark: PCC response signed off: confirmed by <@U0APPROVE>." in notes
    assert publishes_for(approved, APPROVER) == published + 1
    [next_one] = home_buttons(approved.slack.workspace.home_view(APPROVER))
    assert next_one["value"] == f"1|{DEFAULT_STEPS[1]}"
    assert direct_messages(approved, APPROVER) == []  # Slack caught up: nothing to say


def test_a_press_on_home_with_slack_behind_is_told_what_was_recorded_in_a_direct_message(
    approved: Bot,
) -> None:
    both_responses_in(approved)
    [button] = home_buttons(home_of(approved, APPROVER))
    approved.slack.fail_next("chat.update", status=500, times=4)  # the card edit, retries too
    press_on_home(approved, APPROVER, button)
    assert confirmations(approved) == [(DEFAULT_STEPS[0], APPROVER, True)]
    assert direct_messages(approved, APPROVER) == [
        "Recorded “PCC response signed off” for S55-1. Slack didn't take every update just "
        "now; the card and its thread will catch up within minutes. Nothing needs doing again."
    ]


def test_a_forged_press_by_a_non_approver_is_refused_privately_and_changes_nothing(
    approved: Bot,
) -> None:
    card_ts = both_responses_in(approved)
    [button] = home_buttons(home_of(approved, APPROVER))
    open_home(approved, OUTSIDER)  # their Home shows no button; the payload is altered
    before = card(approved, card_ts)

    press_on_home(approved, OUTSIDER, button)

    assert confirmations(approved) == []
    [told] = direct_messages(approved, OUTSIDER)
    assert told.startswith("Only the office's approvers can confirm or undo these steps")
    assert card(approved, card_ts)["blocks"] == before["blocks"]
    assert home_buttons(approved.slack.workspace.home_view(OUTSIDER)) == []
