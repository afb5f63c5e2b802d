"""A pass that posts many reminders into one channel keeps to Slack's rate: no 429 to wait for,
each reminder once; a 429 Slack sends all the same is still waited out (Retry-After)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert

from bot.reminders.run import run_pass
from bot.standin import SlackStandIn
from storage.db import Database
from storage.models import Inspection
from tests.e2e import CHANNEL, Bot, start_bot, stop_bot

RATE = 20  # posts a second into one channel: Slack's shape, sped up for a test
OVERDUE = 24
NOW = datetime(2024, 12, 19, 9, 0, tzinfo=UTC)  # a Thursday: a digest day


@pytest.fixture
def paced_bot(slack: SlackStandIn, database: Database) -> Iterator[Bot]:
    running = start_bot(slack, database, S55_POST_RATE=str(RATE))
    running.clock.current = NOW
    slack.enforce_rate("chat.postMessage", per_channel_per_second=RATE)
    yield running
    stop_bot(running)


def log_overdue(bot: Bot, count: int) -> None:
    """``count`` inspections past their deadline, each with a card in the team channel."""
    published = NOW.date() - timedelta(days=80)
    cards = [  # straight into the workspace: no call to count, no rate spent
        bot.slack.workspace.call("chat.postMessage", {"channel": CHANNEL, "text": f"card {n}"})
        for n in range(1, count + 1)
    ]
    rows = [
        {
            "number": n,
            "title": f"Inspection {n}",
            "title_key": f"inspection {n}",
            "published": published,
            "inspection_type": "Other",
            "deadline_rule": "statutory",
            "cc_due": published + timedelta(days=28),
            "statutory_deadline": published + timedelta(days=55),
            "state": "awaiting CC response",
            "channel_id": CHANNEL,
            "card_ts": card["ts"],
            "logged_by": "U0001",
            "logged_at": NOW,
        }
        for n, card in enumerate(cards, start=1)
    ]
    with bot.db.session() as session:
        session.execute(insert(Inspection), rows)


def reminder_posts(bot: Bot) -> Counter[str]:
    keys: Counter[str] = Counter()
    for message in bot.slack.messages.get(CHANNEL, []):
        key = ((message.get("metadata") or {}).get("event_payload") or {}).get("key")
        if key:
            keys[key] += 1
    return keys


def outcomes(bot: Bot) -> Counter[str]:
    return Counter(call.outcome for call in bot.slack.calls_to("chat.postMessage"))


def test_a_pass_of_many_posts_in_one_channel_is_never_throttled(paced_bot: Bot) -> None:
    log_overdue(paced_bot, OVERDUE)
    report = run_pass(paced_bot.services)
    assert report.sent == OVERDUE + 1  # a nudge each, and the digest
    assert outcomes(paced_bot) == Counter({"ok": OVERDUE + 1})  # not one 429
    posts = reminder_posts(paced_bot)
    assert len(posts) == OVERDUE + 1 and set(posts.values()) == {1}


def test_a_429_slack_sends_anyway_is_waited_out_and_the_reminder_posted_once(
    paced_bot: Bot,
) -> None:
    log_overdue(paced_bot, 3)
    paced_bot.slack.pass_next("chat.postMessage", times=2)
    paced_bot.slack.fail_next("chat.postMessage", status=429, retry_after=1)
    report = run_pass(paced_bot.services)
    assert report.sent == 4 and report.failed == 0
    calls = paced_bot.slack.calls_to("chat.postMessage")
    assert [c.outcome for c in calls] == ["ok", "ok", "429", "ok", "ok"]
    assert calls[3].at - calls[2].at >= 1.0  # Retry-After, as Slack asked
    assert calls[3].args["metadata"] == calls[2].args["metadata"]  # the same reminder again
    assert set(reminder_posts(paced_bot).values()) == {1}
