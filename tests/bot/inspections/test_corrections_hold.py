"""Corrections hold under what a careless or hostile user, Slack or the database do: a withdrawn
inspection takes nothing more, its card catches up, and typed text stays inert."""

from __future__ import annotations

import dataclasses
import json

import pytest
from sqlalchemy import select

from bot import ids
from bot.domain.errors import DatabaseUnavailable
from bot.followups import delivery
from bot.reminders.owed import deliver_all_owed
from storage.models import Response
from tests.bot.inspections.test_corrections import (
    LOGGER,
    audit,
    edit_form,
    log,
    private_text,
    reply_text,
    submit_edit,
)
from tests.bot.items.steps import confirm, items, paste_items, review
from tests.bot.responses.test_responses import in_thread, press, receipt, say
from tests.bot.signoff.test_signoff import APPROVER, both_responses_in, card, click, step_button
from tests.e2e import Bot


def responses(bot: Bot) -> list[Response]:
    with bot.db.session(read_only=True) as session:
        return list(session.scalars(select(Response)))


def test_a_withdrawn_inspection_takes_no_more_replies_and_no_confirmation(bot: Bot) -> None:
    card_ts = log(bot)
    say(bot, card_ts, "The Chief Constable accepts.")
    old_receipt = receipt(bot, card_ts)
    bot.command("withdraw S55-1 logged by mistake", user_id=LOGGER)
    assert receipt(bot, card_ts)["text"] == (
        f"*Chief Constable's response*: no longer collected — <@{LOGGER}> withdrew the inspection."
    )
    before = len(in_thread(bot, card_ts))
    say(bot, card_ts, "More of the response.")
    press(bot, old_receipt, ids.USE_DRAFT)
    assert responses(bot) == []
    assert len(in_thread(bot, card_ts)) == before  # no receipt, no prompt for the PCC


def test_a_card_slack_would_not_edit_at_withdrawal_is_edited_by_the_next_pass(bot: Bot) -> None:
    card_ts = log(bot)
    bot.slack.error_next("chat.update", error="internal_error", times=1)
    bot.command("withdraw S55-1 logged by mistake", user_id=LOGGER)
    assert reply_text(bot).startswith("Withdrew *S55-1*")
    assert "WITHDRAWN" not in json.dumps(card(bot, card_ts)["blocks"])
    deliver_all_owed(bot.services)
    assert "WITHDRAWN" in json.dumps(card(bot, card_ts)["blocks"])


def test_none_keeps_to_the_same_rules_as_an_edit(bot: Bot) -> None:
    bot.services.settings = dataclasses.replace(bot.services.settings, approvers=(APPROVER,))
    card_ts = both_responses_in(bot)
    for step in bot.services.settings.steps:
        click(bot, card_ts, step_button(card(bot, card_ts), step))
    bot.command("none S55-1 findings", user_id="U0STRANGER")
    assert "can be changed only by an approver: <@U0APPROVE>" in reply_text(bot)
    assert [row.details["section"] for row in audit(bot, "confirmed none")] == [
        "recommendations",
        "afis",
    ]


def test_none_never_replaces_recorded_text_unless_an_approver_says_so(bot: Bot) -> None:
    bot.services.settings = dataclasses.replace(bot.services.settings, approvers=(APPROVER,))
    card_ts = log(bot)
    submit_edit(bot, edit_form(link="https://example.org/peel"))  # records key findings
    bot.command("none S55-1 findings", user_id="U0STRANGER")
    assert "Only an approver can replace recorded text" in reply_text(bot)
    bot.command("none S55-1 findings", user_id=APPROVER)
    assert reply_text(bot).startswith("Recorded for *S55-1*")
    # Items recorded from the thread leave the record (kept, marked) when an approver says none.
    confirm(bot, review(bot, paste_items(bot, card_ts, "Recommendation 1\nForces should act.")))
    bot.command("none S55-1 recs", user_id="U0STRANGER")
    assert "Only an approver can replace recorded text" in reply_text(bot)
    bot.command("none S55-1 recs", user_id=APPROVER)
    assert items(bot) == []
    assert audit(bot, "confirmed none")[-1].details == {
        "section": "recommendations",
        "items removed": 1,
    }


def test_nothing_is_recorded_on_a_withdrawn_inspection(bot: Bot) -> None:
    log(bot)
    bot.command("withdraw S55-1 logged by mistake", user_id=LOGGER)
    bot.command("none S55-1 recs", user_id=LOGGER)
    assert "is withdrawn; it cannot be edited" in reply_text(bot)
    assert audit(bot, "confirmed none") == []


def test_a_withdraw_reason_is_kept_inert_and_clean(bot: Bot) -> None:
    card_ts = log(bot)
    bot.command("withdraw S55-1 <!channel> <@U0BOSS> \x00twice\u202e", user_id=LOGGER)
    reply = reply_text(bot)
    assert "<!channel>" not in reply and "<@U0BOSS>" not in reply and "E-" not in reply
    [row] = audit(bot, "withdrawn")
    assert row.details == {"reason": "<!channel> <@U0BOSS> twice"}
    bot.command("history S55-1")
    assert "<!channel>" not in reply_text(bot)
    assert "<!channel>" not in json.dumps(card(bot, card_ts)["blocks"])


def test_edited_values_stay_inert_in_the_history(bot: Bot) -> None:
    log(bot)
    submit_edit(bot, edit_form(title="New <!channel> title", link="https://example.org/peel"))
    assert private_text(bot).startswith("Corrected *S55-1*")
    bot.command("history S55-1")
    assert "<!channel>" not in reply_text(bot)
    assert "&lt;!channel&gt;" in reply_text(bot)


def test_the_menus_withdraw_asks_nobody_without_the_right_for_a_reason(bot: Bot) -> None:
    card_ts = log(bot)
    menu = next(
        b["accessory"]
        for b in card(bot, card_ts)["blocks"]
        if b.get("accessory", {}).get("type") == "overflow"
    )
    withdraw = next(o for o in menu["options"] if o["value"].startswith("withdraw:"))
    payload = bot.send.button_click_payload(
        action_id=ids.CARD_MENU,
        value="",
        user_id="U0STRANGER",
        channel_id="C0TEAM0001",
        message_ts=card_ts,
    )
    payload["actions"] = [
        {
            "type": "overflow",
            "action_id": ids.CARD_MENU,
            "block_id": ids.CARD_TITLE_BLOCK,
            "selected_option": withdraw,
            "action_ts": "1.2",
        }
    ]
    assert bot.send.block_action(payload).status == 200
    bot.settle()
    assert bot.slack.calls_to("views.open") == []
    assert reply_text(bot) == "Only the person who logged *S55-1* or an approver can withdraw it."


def test_a_database_blink_after_the_commit_never_says_nothing_was_stored(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    card_ts = log(bot)
    say(bot, card_ts, "The Chief Constable accepts.")

    def blink(*args: object, **kwargs: object) -> None:
        raise DatabaseUnavailable()

    monkeypatch.setattr(delivery.reminders, "take_follow_ups", blink)
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
    assert len(responses(bot)) == 1
    told = [call.args.get("text") or "" for call in bot.slack.calls_to("response_url")]
    assert not any("nothing was stored" in text for text in told)
    assert told[-1].startswith("Stored the Chief Constable's response to S55-1 as revision 1.")
