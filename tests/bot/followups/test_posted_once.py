"""Every "post this once" goes through one claim in the reminder log: concurrent deliveries,
commands and reminder passes never post a prompt twice or abandon a draft (docs/rules.md#r21)."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from sqlalchemy import select

from bot import ids
from bot.reminders.owed import deliver_all_owed
from bot.reminders.run import run_pass
from storage.models import ResponseDraft
from tests import slack_events as events
from tests.bot.reminders.test_reminders import at, log_on
from tests.bot.responses.test_responses import CC_TEXT, press, receipt, say
from tests.e2e import CHANNEL, Bot

CC_PROMPT = "Please paste the *Chief Constable's response*"
REPLACING = "is replacing the *Chief Constable's response*"


def keyed(bot: Bot, prefix: str) -> Counter[str]:
    """How many times each of our keyed messages starting with ``prefix`` is in Slack."""
    return Counter(
        key
        for m in bot.slack.messages[CHANNEL]
        if (key := ((m.get("metadata") or {}).get("event_payload") or {}).get("key", ""))
        and key.startswith(prefix)
    )


def drafts_by_status(bot: Bot) -> Counter[str]:
    with bot.db.session() as session:
        return Counter(session.scalars(select(ResponseDraft.status)))


def test_joining_delivered_three_times_at_once_posts_each_waiting_prompt_once(bot: Bot) -> None:
    bot.slack.error_next("chat.postMessage", error="not_in_channel", times=10)
    for n in range(10):
        bot.command(f"add Inspection number {n} | 30 April 2024")
    bot.settle()
    joined = events.bot_joined(CHANNEL)
    with ThreadPoolExecutor(max_workers=3) as pool:
        statuses = list(
            pool.map(lambda retry: bot.send.event(joined, retry_num=retry).status, [None, None, 1])
        )
    assert statuses == [200, 200, 200]
    bot.settle()
    prompts = keyed(bot, "prompt:")
    assert len(prompts) == 10 and set(prompts.values()) == {1}
    assert drafts_by_status(bot) == {"collecting": 10}
    assert len(keyed(bot, "card:")) == 10


def test_two_revise_commands_at_once_ask_once(bot: Bot) -> None:
    for trial in range(1, 21):
        bot.command(f"add Inspection number {trial} | 30 April 2024")
        bot.settle()
        card_ts = bot.slack.calls_to("chat.postMessage")[-2].response["ts"]
        say(bot, card_ts, CC_TEXT)
        press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
        before = len(bot.slack.calls_to("response_url"))
        with ThreadPoolExecutor(max_workers=2) as pool:
            sent = list(pool.map(bot.send.slash_command, [f"revise S55-{trial} cc"] * 2))
        assert [reply.status for reply in sent] == [200, 200]
        answers = sorted(
            call.args["text"]
            for call in bot.slack.wait_for("response_url", count=before + 2)[before:]
        )
        bot.settle()
        asked = [
            m
            for m in bot.slack.messages[CHANNEL]
            if m.get("thread_ts") == card_ts and REPLACING in m.get("text", "")
        ]
        assert len(asked) == 1, f"trial {trial}: {len(asked)} prompts"
        assert answers[0].startswith("I'm already collecting the Chief Constable's response")
        assert answers[1].startswith("I've asked for the new Chief Constable's response")


def test_two_reminder_passes_at_once_post_each_failed_prompt_once(bot: Bot) -> None:
    for n in range(5):
        bot.slack.pass_next("chat.postMessage")  # the card goes up
        bot.slack.error_next("chat.postMessage", error="internal_error")  # its prompt does not
        bot.command(f"add Inspection number {n} | 30 April 2024")
        bot.settle()
    assert keyed(bot, "prompt:") == Counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda _: deliver_all_owed(bot.services), "ab"))
    deliver_all_owed(bot.services)  # a third, later pass finds nothing left
    prompts = keyed(bot, "prompt:")
    assert len(prompts) == 5 and set(prompts.values()) == {1}


def test_a_post_slack_took_is_not_sent_again_when_the_look_up_after_it_fails(bot: Bot) -> None:
    log_on(bot, date(2024, 11, 1))
    bot.clock.current = at(date(2024, 12, 19))  # the digest (top level) and a nudge (thread)
    bot.slack.fail_next("chat.postMessage", status=500, after_processing=True)
    bot.slack.fail_next("conversations.history", status=500)
    bot.slack.pass_next("chat.postMessage")
    bot.slack.fail_next("chat.postMessage", status=500, after_processing=True)
    bot.slack.fail_next("conversations.replies", status=500)
    first = run_pass(bot.services)
    second = run_pass(bot.services)
    third = run_pass(bot.services)
    in_slack = keyed(bot, "digest:") + keyed(bot, "nudge:")
    assert in_slack == {"digest:2024-12-19": 1, "nudge:1:7": 1}
    assert first.unreachable and second.found_in_slack + third.found_in_slack >= 1
