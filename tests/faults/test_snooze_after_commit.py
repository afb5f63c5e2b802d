"""Slack failing after a snooze (or its end) is stored: the person is told privately what was
stored, and the next reminder pass posts the note in the card's thread exactly once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from bot import ids
from bot.reminders.run import run_pass
from bot.reminders.schedule import scheduled_pass
from bot.standin import SlackStandIn
from tests.bot.reminders.test_reminders import at, log_on
from tests.bot.reminders.test_snooze import in_thread, latest_nudge, stored, use
from tests.e2e import Bot
from tests.faults.test_followups_after_commit import (
    fail_500,
    keys_in_slack,
    lost_then_unknown,
    nothing_pending,
)

FAULTS = [
    pytest.param(fail_500("chat.postMessage"), id="500"),
    pytest.param(lost_then_unknown("chat.postMessage"), id="dropped after processing"),
]


def snoozed_a_week(bot: Bot) -> str:
    card_ts = log_on(bot, date(2024, 11, 1))
    bot.clock.current = at(date(2024, 12, 12))
    run_pass(bot.services)
    bot.clock.current = at(date(2024, 12, 12), 11)
    return card_ts


@pytest.mark.parametrize("fault", FAULTS)
def test_a_snooze_slack_did_not_take_is_told_privately_and_its_note_posted_once(
    bot: Bot, fault: Callable[[SlackStandIn], None]
) -> None:
    card_ts = snoozed_a_week(bot)
    fault(bot.slack)
    said = use(bot, latest_nudge(bot, card_ts), ids.SNOOZE_CHOICE, "7")

    assert said == [
        "Snoozed the nudges for S55-1 until Thu 19 Dec 2024; they resume on Fri 20 Dec 2024. "
        "Slack didn't take every update just now; the card and its thread will catch up within "
        "minutes. Nothing needs doing again."
    ]
    assert stored(bot).snoozed_until == date(2024, 12, 19)

    scheduled_pass(bot.services)
    scheduled_pass(bot.services)  # a second pass finds nothing left to do

    assert nothing_pending(bot)
    shown = keys_in_slack(bot)
    assert len(in_thread(bot, card_ts, "snoozed:")) == 1
    assert set(shown.values()) == {1}, shown


@pytest.mark.parametrize("fault", FAULTS)
def test_resuming_with_slack_failing_is_stored_and_its_note_posted_once(
    bot: Bot, fault: Callable[[SlackStandIn], None]
) -> None:
    card_ts = snoozed_a_week(bot)
    use(bot, latest_nudge(bot, card_ts), ids.SNOOZE_CHOICE, "7")
    [note] = in_thread(bot, card_ts, "snoozed:")
    fault(bot.slack)
    said = use(bot, note, ids.RESUME_NUDGES)

    assert said[0].startswith("Resumed the nudges for S55-1. Slack didn't take every update")
    assert stored(bot).snoozed_until is None
    scheduled_pass(bot.services)
    scheduled_pass(bot.services)
    assert nothing_pending(bot)
    assert len(in_thread(bot, card_ts, "resumed:")) == 1
    assert set(keys_in_slack(bot).values()) == {1}
