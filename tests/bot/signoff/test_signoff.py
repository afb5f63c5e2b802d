"""Sign-off and the office-use steps (docs/rules.md#r11), through signed block_actions payloads."""

from __future__ import annotations

import dataclasses
import json
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import select

from bot import ids
from bot.domain.steps import DEFAULT_STEPS, StepRefused
from storage.models import AuditEvent, Inspection, StepConfirmation
from tests.bot.responses.test_responses import CC_TEXT, log_inspection, press, receipt, say
from tests.e2e import CHANNEL, Bot

APPROVER = "U0APPROVE"


def with_approvers(bot: Bot) -> Bot:
    """The bot with an approver and an approvers' user group."""
    bot.services.settings = dataclasses.replace(
        bot.services.settings, approvers=(APPROVER, "S0APPROVE")
    )
    bot.slack.set_usergroup("S0APPROVE", ["U0GROUPED"])
    return bot


def both_responses_in(bot: Bot, *, sections_recorded: bool = True) -> str:
    """Ready for sign-off: both responses confirmed and (unless told otherwise) someone has
    said the report makes no recommendations and no areas for improvement."""
    card_ts = log_inspection(bot)
    if sections_recorded:
        bot.command("none S55-1 recommendations")
        bot.command("none S55-1 afis")
    say(bot, card_ts, CC_TEXT)
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
    say(bot, card_ts, "The PCC welcomes the report.")
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
    return card_ts


def card(bot: Bot, card_ts: str) -> dict[str, Any]:
    bot.settle()
    return bot.slack.message(CHANNEL, card_ts)


def step_button(message: dict[str, Any], step: str, action_id: str = ids.CONFIRM_STEP) -> dict:
    for block in message["blocks"]:
        accessory = block.get("accessory") or {}
        if accessory.get("action_id") == action_id and accessory["value"].endswith("|" + step):
            return {**accessory, "block_id": block["block_id"]}
    raise AssertionError(f"no {action_id} button for {step!r} on the card")


def not_required_button(bot: Bot, card_ts: str) -> dict[str, Any]:
    return next(
        {**element, "block_id": block["block_id"]}
        for block in card(bot, card_ts)["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
        if element["action_id"] == ids.NOT_REQUIRED
    )


def click(bot: Bot, card_ts: str, button: dict, *, user: str = APPROVER, **kw: Any) -> int:
    reply = bot.send.button_click(
        action_id=button["action_id"],
        value=button["value"],
        user_id=user,
        channel_id=CHANNEL,
        message_ts=card_ts,
        block_id=button["block_id"],
        **kw,
    )
    bot.settle()
    return reply.status


def confirmations(bot: Bot) -> list[tuple[str, str, bool]]:
    with bot.db.session() as session:
        rows = session.scalars(select(StepConfirmation).order_by(StepConfirmation.id)).all()
    return [(row.step, row.confirmed_by, row.undone_at is None) for row in rows]


def state(bot: Bot) -> str:
    with bot.db.session() as session:
        return session.scalars(select(Inspection.state)).one()


def last_reply(bot: Bot) -> str:
    return bot.slack.calls_to("response_url")[-1].args["text"]


def test_an_approver_confirms_every_step_in_order_and_the_inspection_completes(
    approved: Bot,
) -> None:
    card_ts = both_responses_in(approved)
    for step in DEFAULT_STEPS:
        assert click(approved, card_ts, step_button(card(approved, card_ts), step)) == 200
    assert [(step, by) for step, by, _active in confirmations(approved)] == [
        (step, APPROVER) for step in DEFAULT_STEPS
    ]
    assert state(approved) == "complete"
    shown = json.dumps(card(approved, card_ts)["blocks"])
    assert (
        ":white_check_mark: PCC response signed off \\u2014 <@U0APPROVE>, Thu 2 May 2024 10:30"
        in shown
    )
    assert "*State*\\nComplete" in shown and "No response required" not in shown
    notes = [
        c.args["text"]
        for c in approved.slack.calls_to("chat.postMessage")
        if c.args.get("thread_ts") == card_ts
    ]
    assert notes[-2:] == [
        ":white_check_mark: Response published on the HMICFRS Monitoring Portal: "
        "confirmed by <@U0APPROVE>.",
        ":tada: *S55-1* is complete: every office-use step is confirmed. "
        "Reminders for it have stopped. The final document, posted below, is made from "
        "revision 5 of the record, the one signed off.",  # logged, 2 sections, 2 responses
    ]
    with approved.db.session() as session:
        actions = [e.action for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions.count("step confirmed") == 5


def test_a_member_of_an_approvers_group_may_confirm(approved: Bot) -> None:
    card_ts = both_responses_in(approved)
    click(
        approved, card_ts, step_button(card(approved, card_ts), DEFAULT_STEPS[0]), user="U0GROUPED"
    )
    assert confirmations(approved) == [(DEFAULT_STEPS[0], "U0GROUPED", True)]


def test_a_non_approvers_click_changes_nothing_and_is_explained(approved: Bot) -> None:
    card_ts = both_responses_in(approved)
    click(
        approved, card_ts, step_button(card(approved, card_ts), DEFAULT_STEPS[0]), user="U0OUTSIDER"
    )
    assert confirmations(approved) == []
    # Who can approve, as Slack shows them (the person's and the group's names), not a setting.
    assert last_reply(approved) == (
        "Only the office's approvers can confirm or undo these steps: <@U0APPROVE> and "
        "<!subteam^S0APPROVE>. Ask one of them."
    )
    assert approved.slack.calls_to("response_url")[-1].args["response_type"] == "ephemeral"


def test_with_no_approvers_set_up_nobody_can_confirm(bot: Bot) -> None:
    card_ts = both_responses_in(bot)
    click(bot, card_ts, step_button(card(bot, card_ts), DEFAULT_STEPS[0]))
    assert confirmations(bot) == [] and "No approvers are named yet" in last_reply(bot)
    assert "S55_" not in last_reply(bot)


def test_an_approvers_group_that_cannot_be_looked_up_refuses(approved: Bot) -> None:
    card_ts = both_responses_in(approved)
    approved.slack.error_next("usergroups.users.list", error="ratelimited")
    click(
        approved, card_ts, step_button(card(approved, card_ts), DEFAULT_STEPS[0]), user="U0GROUPED"
    )
    assert confirmations(approved) == [] and "couldn't check who may do this" in last_reply(
        approved
    )


def test_sign_off_before_both_responses_is_refused(approved: Bot) -> None:
    card_ts = log_inspection(approved)  # a stale or forged button: the card shows none yet
    button = {"action_id": ids.CONFIRM_STEP, "value": f"1|{DEFAULT_STEPS[0]}", "block_id": "step_0"}
    click(approved, card_ts, button)
    assert confirmations(approved) == []
    assert (
        "both the Chief Constable's and the PCC's responses must be confirmed first"
        in last_reply(approved)
    )


def test_a_step_out_of_order_is_refused_and_the_card_refreshed(approved: Bot) -> None:
    card_ts = both_responses_in(approved)
    updates = len(approved.slack.calls_to("chat.update"))
    click(approved, card_ts, step_button(card(approved, card_ts), DEFAULT_STEPS[2]))
    assert confirmations(approved) == []
    assert f"comes after “{DEFAULT_STEPS[0]}”" in last_reply(approved)
    assert len(approved.slack.calls_to("chat.update")) == updates + 1


def test_a_click_on_a_stale_card_is_judged_against_the_database(approved: Bot) -> None:
    card_ts = both_responses_in(approved)
    stale = card(approved, card_ts)
    click(approved, card_ts, step_button(stale, DEFAULT_STEPS[0]))
    click(approved, card_ts, step_button(stale, DEFAULT_STEPS[0]), user="U0GROUPED")
    assert confirmations(approved) == [(DEFAULT_STEPS[0], APPROVER, True)]
    assert "was already confirmed by <@U0APPROVE>" in last_reply(approved)
    assert "Undo" in json.dumps(card(approved, card_ts)["blocks"])  # refreshed


def test_two_approvers_clicking_the_same_step_at_once_make_one_confirmation(approved: Bot) -> None:
    card_ts = both_responses_in(approved)
    button = step_button(card(approved, card_ts), DEFAULT_STEPS[0])
    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = list(
            pool.map(
                lambda user: click(approved, card_ts, button, user=user), [APPROVER, "U0GROUPED"]
            )
        )
    assert statuses == [200, 200]
    assert len(confirmations(approved)) == 1
    notes = [
        c
        for c in approved.slack.calls_to("chat.postMessage")
        if "PCC response signed off: confirmed" in c.args.get("text", "")
    ]
    assert len(notes) == 1


def submit_reason(bot: Bot, callback_id: str, reason: str, *, user: str = APPROVER):
    opened = bot.slack.wait_for(
        "views.open", predicate=lambda c: c.args["view"]["callback_id"] == callback_id
    )[-1]
    reply = bot.send.submit_view(
        callback_id=callback_id,
        user_id=user,
        values={ids.REASON_BLOCK: {ids.REASON_INPUT: reason}},
        private_metadata=opened.args["view"]["private_metadata"],
    )
    bot.settle()
    return reply


def test_the_latest_step_can_be_undone_with_a_reason_and_both_stay_on_record(approved: Bot) -> None:
    card_ts = both_responses_in(approved)
    for step in DEFAULT_STEPS[:2]:
        click(approved, card_ts, step_button(card(approved, card_ts), step))
    click(approved, card_ts, step_button(card(approved, card_ts), DEFAULT_STEPS[1], ids.UNDO_STEP))
    assert submit_reason(approved, ids.UNDO_STEP_VIEW, "Sent to the wrong address").status == 200
    assert confirmations(approved) == [
        (DEFAULT_STEPS[0], APPROVER, True),
        (DEFAULT_STEPS[1], APPROVER, False),
    ]
    assert state(approved) == "publishing"
    with approved.db.session() as session:
        undone = session.scalars(select(AuditEvent).where(AuditEvent.action == "step undone")).one()
    assert undone.details == {"step": DEFAULT_STEPS[1], "reason": "Sent to the wrong address"}
    shown = json.dumps(card(approved, card_ts)["blocks"])
    assert f":hourglass_flowing_sand: {DEFAULT_STEPS[1]}" in shown
    click(approved, card_ts, step_button(card(approved, card_ts), DEFAULT_STEPS[1]))  # again
    assert confirmations(approved)[-1] == (DEFAULT_STEPS[1], APPROVER, True)


def test_an_empty_reason_is_refused_in_the_modal(approved: Bot) -> None:
    card_ts = both_responses_in(approved)
    click(approved, card_ts, step_button(card(approved, card_ts), DEFAULT_STEPS[0]))
    click(approved, card_ts, step_button(card(approved, card_ts), DEFAULT_STEPS[0], ids.UNDO_STEP))
    answer = submit_reason(approved, ids.UNDO_STEP_VIEW, "   ").json()
    assert answer["response_action"] == "errors" and ids.REASON_BLOCK in answer["errors"]
    assert confirmations(approved)[0][2] is True


def test_a_non_approver_is_not_even_asked_for_a_reason(approved: Bot) -> None:
    card_ts = both_responses_in(approved)
    click(approved, card_ts, step_button(card(approved, card_ts), DEFAULT_STEPS[0]))
    click(
        approved,
        card_ts,
        step_button(card(approved, card_ts), DEFAULT_STEPS[0], ids.UNDO_STEP),
        user="U0OUTSIDER",
    )
    assert approved.slack.calls_to("views.open") == []
    assert "Only the office's approvers" in last_reply(approved)


def test_an_approver_records_that_no_response_is_required(approved: Bot) -> None:
    card_ts = log_inspection(approved)
    button = not_required_button(approved, card_ts)
    click(approved, card_ts, button)
    submit_reason(approved, ids.NOT_REQUIRED_VIEW, "The report does not concern this force.")
    assert state(approved) == "no response required"
    # The empty draft's receipt says what happened, not that a newer request replaced it.
    assert receipt(approved, card_ts)["text"] == (
        f"*Chief Constable's response*: no longer collected — <@{APPROVER}> recorded that no "
        "response is required."
    )
    shown = json.dumps(card(approved, card_ts)["blocks"])
    assert "No response required.* The report does not concern this force." in shown
    say(approved, card_ts, "A late reply")  # collection has stopped: nothing is captured
    assert [
        c
        for c in approved.slack.calls_to("chat.postMessage")
        if "I have 1 message" in c.args.get("text", "")
    ] == []


@pytest.mark.parametrize(
    "tampered",
    [{"forge": True}, {"timestamp": int(time.time()) - 301}],
    ids=["forged signature", "older than five minutes"],
)
def test_a_click_slack_did_not_sign_just_now_is_refused_and_changes_nothing(
    approved: Bot, tampered: dict
) -> None:
    card_ts = both_responses_in(approved)
    button = step_button(card(approved, card_ts), DEFAULT_STEPS[0])
    reply = approved.send.button_click(
        action_id=button["action_id"],
        value=button["value"],
        user_id=APPROVER,
        channel_id=CHANNEL,
        message_ts=card_ts,
        **tampered,
    )
    assert reply.status == 401 and confirmations(approved) == []


def test_history_shows_every_change_with_who_and_when(approved: Bot) -> None:
    card_ts = both_responses_in(approved)
    click(approved, card_ts, step_button(card(approved, card_ts), DEFAULT_STEPS[0]))
    [reply] = approved.command("history S55-1")
    lines = reply["text"].splitlines()
    assert lines[0] == "*History of S55-1*"
    assert (
        lines[1] == "`Thu 2 May 2024 10:30` <@U0001> logged the inspection "
        "“Vetting and anti-corruption part 2”"
    )
    assert "confirmed the Chief Constable's response (10 words)" in reply["text"]
    assert lines[-1] == "`Thu 2 May 2024 10:30` <@U0APPROVE> confirmed “PCC response signed off”"


def test_an_undo_after_no_response_was_required_changes_nothing(approved: Bot) -> None:
    from bot.signoff.steps import mark_not_required, undo_step

    card_ts = both_responses_in(approved)
    click(approved, card_ts, step_button(card(approved, card_ts), DEFAULT_STEPS[0]))
    mark_not_required(approved.services, inspection_id=1, actor=APPROVER, reason="Withdrawn")
    with pytest.raises(StepRefused, match="this inspection is no response required"):
        undo_step(
            approved.services, inspection_id=1, step=DEFAULT_STEPS[0], actor=APPROVER, reason="x"
        )
    assert state(approved) == "no response required"
    [reply] = approved.command("revise S55-1 cc")
    assert (
        "S55-1 is no response required: its responses can no longer be replaced." in reply["text"]
    )
