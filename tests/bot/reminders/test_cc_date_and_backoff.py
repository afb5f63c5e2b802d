"""The Chief Constable's comments date (s.55(4)) and the overdue back-off, told over the days
with a controlled clock (docs/rules.md#r14)."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

import pytest

from bot import ids
from bot.reminders.run import run_pass
from bot.reminders.schedule import run_everything_once
from storage.models import Inspection
from tests.bot.reminders.test_reminders import at, live_through, log_on, reminder_keys
from tests.bot.responses.test_responses import press, receipt, say
from tests.e2e import CHANNEL, Bot

CC_GROUP = "S0CCTEAM1"
# Published Fri 1 Nov 2024: CC comments due Fri 29 Nov, Section 55 deadline Thu 26 Dec 2024.
PUBLISHED = date(2024, 11, 1)


def with_cc_contact(bot: Bot) -> None:
    """The CC's office as a user group, the CC's staff officer in it."""
    bot.slack.set_usergroup(CC_GROUP, ["U0CC00001"])
    bot.services.settings = dataclasses.replace(bot.services.settings, cc_contact=CC_GROUP)


def cc_nudges(bot: Bot, card_ts: str) -> list[dict[str, Any]]:
    """The CC-date nudges Slack holds in the card's thread."""
    return [
        message
        for message in bot.slack.messages[CHANNEL]
        if message.get("thread_ts") == card_ts and message["text"].startswith(":memo:")
    ]


def digest_of(bot: Bot, day: date) -> str:
    key = f"digest:{day.isoformat()}"
    [digest] = [
        message
        for message in bot.slack.messages[CHANNEL]
        if ((message.get("metadata") or {}).get("event_payload") or {}).get("key") == key
    ]
    return str(digest["blocks"])


def card_facts(bot: Bot, card_ts: str) -> str:
    return str(bot.slack.message(CHANNEL, card_ts)["blocks"][2]["fields"])


def confirm_cc_response(bot: Bot, card_ts: str) -> None:
    say(bot, card_ts, "The Chief Constable welcomes the report.")
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT)


def test_the_cc_contact_is_nudged_in_the_thread_before_the_cc_date_and_on_it(bot: Bot) -> None:
    with_cc_contact(bot)
    card_ts = log_on(bot, PUBLISHED)
    live_through(bot, date(2024, 11, 25), date(2024, 11, 30))
    before, on_the_day = cc_nudges(bot, card_ts)
    assert before["text"] == (
        ":memo: *S55-1*: the Chief Constable's comments are due in *3 days* (Fri 29 Nov 2024). "
        "<!subteam^S0CCTEAM1>, please paste them here in this thread."
    )
    assert on_the_day["text"] == (
        ":memo: *S55-1*: the Chief Constable's comments are due *today* (Fri 29 Nov 2024). "
        "<!subteam^S0CCTEAM1>, please paste them here in this thread."
    )
    cc_keys = [key for key in reminder_keys(bot) if key.startswith("cc:")]
    assert cc_keys == ["cc:1:2024-11-29:before", "cc:1:2024-11-29:day"]


def test_no_cc_nudge_once_the_cc_response_is_confirmed(bot: Bot) -> None:
    with_cc_contact(bot)
    card_ts = log_on(bot, PUBLISHED)
    live_through(bot, date(2024, 11, 26), date(2024, 11, 26))
    bot.clock.current = at(date(2024, 11, 27), 11)
    confirm_cc_response(bot, card_ts)
    live_through(bot, date(2024, 11, 28), date(2024, 12, 3))
    assert len(cc_nudges(bot, card_ts)) == 1  # the one before, nothing on the day
    assert "CC comments" not in card_facts(bot, card_ts)


def test_the_card_and_the_digest_say_how_late_the_cc_comments_are_until_confirmed(
    bot: Bot,
) -> None:
    card_ts = log_on(bot, PUBLISHED)
    bot.clock.current = at(date(2024, 12, 2))  # Monday, three days after Fri 29 Nov
    run_everything_once(bot.services)
    assert ":warning: CC comments 3 days late" in card_facts(bot, card_ts)
    assert ":warning: CC comments 3 days late · still needed" in digest_of(bot, date(2024, 12, 2))
    bot.clock.current = at(date(2024, 12, 2), 11)
    confirm_cc_response(bot, card_ts)
    assert "CC comments" not in card_facts(bot, card_ts)
    bot.clock.current = at(date(2024, 12, 3))
    run_everything_once(bot.services)
    assert "CC comments" not in digest_of(bot, date(2024, 12, 3))


def test_a_day_late_is_one_day(bot: Bot) -> None:
    card_ts = log_on(bot, PUBLISHED)
    bot.clock.current = at(date(2024, 11, 30))  # Saturday: no digest, the card still turns over
    run_everything_once(bot.services)
    assert ":warning: CC comments 1 day late" in card_facts(bot, card_ts)


def test_a_backlog_inspection_is_marked_logged_late_and_nudged_once_then_weekly(bot: Bot) -> None:
    # The 2024 seed, published Tue 30 Apr 2024 (deadline Mon 24 Jun 2024), logged 884 days on.
    logged = date(2026, 11, 25)
    bot.clock.current = at(logged, 10)
    bot.command("add Vetting and anti-corruption part 2 | 30/04/2024")
    bot.settle()
    card_ts = bot.slack.calls_to("chat.postMessage")[0].response["ts"]
    assert "OVERDUE by 884 days\\n_logged after the deadline_" in card_facts(bot, card_ts)
    live_through(bot, logged, logged + timedelta(days=21))
    overdue = [key for key in reminder_keys(bot) if key.startswith("overdue:")]
    assert overdue == [
        "overdue:1:2026-11-25",  # when it was logged
        "overdue:1:2026-12-02",
        "overdue:1:2026-12-09",
        "overdue:1:2026-12-16",
    ]
    assert "logged after the deadline · still needed" in digest_of(bot, date(2026, 11, 26))


FAULTS = {
    "rate limited": lambda slack: slack.fail_next("chat.postMessage", status=429),
    "server error after accepting it": lambda slack: slack.fail_next(
        "chat.postMessage", status=500, times=2, after_processing=True
    ),
    "answer lost after accepting it": lambda slack: slack.drop_next(
        "chat.postMessage", times=2, after_processing=True
    ),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_a_cc_nudge_is_sent_once_whatever_slack_does_to_its_post(bot: Bot, fault: str) -> None:
    with_cc_contact(bot)
    card_ts = log_on(bot, PUBLISHED)
    live_through(bot, date(2024, 11, 28), date(2024, 11, 28))  # the nudge before is caught up
    bot.clock.current = at(date(2024, 11, 29))
    bot.slack.pass_next("chat.postMessage")  # the digest goes first
    FAULTS[fault](bot.slack)
    run_pass(bot.services)
    bot.clock.current = at(date(2024, 11, 29), 9, 10)  # the next scheduled pass
    run_pass(bot.services)
    # What people see: yesterday's nudge, then one today, whatever Slack answered.
    before, today = cc_nudges(bot, card_ts)
    assert before["metadata"]["event_payload"]["key"] == "cc:1:2024-11-29:before"
    assert today["metadata"]["event_payload"]["key"] == "cc:1:2024-11-29:day"
    assert "due *today*" in today["text"]


def test_a_snooze_holds_the_cc_nudge_before_the_date_but_not_the_one_on_the_day(bot: Bot) -> None:
    with_cc_contact(bot)
    card_ts = log_on(bot, PUBLISHED)
    bot.clock.current = at(date(2024, 11, 22))
    with bot.services.db.session() as session:  # snoozed through Thu 28 Nov, before the CC nudges
        inspection = session.get(Inspection, 1)
        inspection.snoozed_until, inspection.snoozed_overdue = date(2024, 11, 28), False
        inspection.snoozed_by, inspection.snoozed_at = "U0EDITOR1", bot.clock.current
    live_through(bot, date(2024, 11, 25), date(2024, 11, 30))
    [on_the_day] = cc_nudges(bot, card_ts)
    assert "due *today* (Fri 29 Nov 2024)" in on_the_day["text"]
    assert "blocks" not in on_the_day or not [
        b for b in on_the_day["blocks"] if b["type"] == "actions"
    ]  # a snooze never silences it, so it offers none


def test_the_cc_nudge_before_the_date_offers_snooze(bot: Bot) -> None:
    with_cc_contact(bot)
    card_ts = log_on(bot, PUBLISHED)
    live_through(bot, date(2024, 11, 25), date(2024, 11, 26))
    [before] = cc_nudges(bot, card_ts)
    [actions] = [b for b in before["blocks"] if b["type"] == "actions"]
    assert actions["block_id"] == "snooze:1"
