"""Events are stored before they are acknowledged (docs/rules.md#r22): a database that blinks makes
Slack deliver a thread reply again rather than lose it, and nothing is done twice."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, select, text, update

from bot.inbox import dispatch
from bot.inbox.events import process, replay_pending, store
from bot.inbox.parking import MAX_ATTEMPTS
from bot.inbox.worker import release_dead_claims
from bot.reminders.owed import deliver_all_owed
from bot.reminders.schedule import tend_inbox
from storage.models import DraftMessage, InboxEvent
from tests import slack_events as events
from tests.bot.responses.test_responses import log_inspection, receipt
from tests.e2e import CHANNEL, Bot
from tests.paths import REPOSITORY

LOCKED_REPLIES = 5


@contextmanager
def database_locked(bot: Bot) -> Iterator[None]:
    """Another client holds the database: SQLite's write lock, or PostgreSQL's lock on the
    inbox table. Released when the block ends."""
    if bot.db.url.startswith("sqlite"):
        holder = sqlite3.connect(bot.db.url.removeprefix("sqlite:///"), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        return
    engine = create_engine(bot.db.url)
    with engine.connect() as holder:
        transaction = holder.begin()
        holder.execute(text("LOCK TABLE inbox_event IN ACCESS EXCLUSIVE MODE"))
        try:
            yield
        finally:
            transaction.rollback()
    engine.dispose()


def captured(bot: Bot) -> list[str]:
    with bot.db.session(read_only=True) as session:
        return list(session.scalars(select(DraftMessage.raw_text).order_by(DraftMessage.ts)))


def inbox_rows(bot: Bot) -> list[InboxEvent]:
    with bot.db.session(read_only=True) as session:
        return list(session.scalars(select(InboxEvent).order_by(InboxEvent.id)))


def stored_unprocessed(bot: Bot, card_ts: str, text: str, event_id: str) -> str | None:
    """A reply in the card's thread stored in the inbox as the request stores it, and left
    unprocessed (as by a process that died just after); returns what store returned."""
    envelope = bot.send.event_envelope(
        events.thread_reply(CHANNEL, card_ts, text), event_id=event_id
    )
    return store(bot.services, envelope, bot_user_id="U0BOT0001")


def test_an_event_is_in_the_inbox_before_slack_is_told_it_arrived(bot: Bot) -> None:
    card_ts = log_inspection(bot)
    bot.settle()
    processing = threading.Event()
    release = threading.Event()
    original = bot.services.now

    def slow_now():  # hold the work after the ack, to look at the inbox meanwhile
        if threading.current_thread().name.startswith("test-listener"):
            processing.set()
            release.wait(10)
        return original()

    bot.services.now = slow_now
    try:
        reply = bot.send.event(events.thread_reply(CHANNEL, card_ts, "Accepted."), event_id="Ev1")
        assert reply.status == 200
        assert [row.event_id for row in inbox_rows(bot) if row.event_id == "Ev1"] == ["Ev1"]
    finally:
        release.set()
        bot.services.now = original
    bot.settle()
    [row] = [row for row in inbox_rows(bot) if row.event_id == "Ev1"]
    assert row.processed_at is not None
    assert captured(bot) == ["Accepted."]


def test_replies_while_the_database_is_locked_are_refused_and_captured_when_redelivered(
    bot: Bot,
) -> None:
    card_ts = log_inspection(bot)
    bot.settle()
    replies = [
        events.thread_reply(CHANNEL, card_ts, f"Paragraph {n}.") for n in range(LOCKED_REPLIES)
    ]
    answers, waited = [], []
    with database_locked(bot):
        for n, reply in enumerate(replies):
            started = time.monotonic()
            answers.append(bot.send.event(reply, event_id=f"EvLocked{n}").status)
            waited.append(time.monotonic() - started)
    assert answers == [503] * LOCKED_REPLIES  # Slack delivers each again
    assert max(waited) < 3.0  # within Slack's 3 seconds, so no thread is held for long
    assert captured(bot) == []

    for retry in (1, 2):  # Slack's retries: each event delivered twice more
        for n, reply in enumerate(replies):
            assert bot.send.event(reply, event_id=f"EvLocked{n}", retry_num=retry).status == 200
    bot.settle()
    assert captured(bot) == [f"Paragraph {n}." for n in range(LOCKED_REPLIES)]  # 0 lost, 0 doubled
    assert f"{LOCKED_REPLIES} messages" in str(receipt(bot, card_ts)["blocks"])


def test_the_same_event_delivered_at_once_twice_is_processed_once(bot: Bot) -> None:
    card_ts = log_inspection(bot)
    bot.settle()
    reply = events.thread_reply(CHANNEL, card_ts, "We accept recommendation 4.")
    answers: list[int] = []

    def deliver() -> None:
        answers.append(bot.send.event(reply, event_id="EvTwice").status)

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    bot.settle()
    assert answers == [200, 200]
    assert captured(bot) == ["We accept recommendation 4."]
    [row] = [row for row in inbox_rows(bot) if row.event_id == "EvTwice"]
    assert row.processed_at is not None and row.attempts == 1


def test_an_event_a_dead_process_stored_but_never_processed_is_processed_by_the_pass(
    bot: Bot,
) -> None:
    card_ts = log_inspection(bot)
    bot.settle()
    stored = stored_unprocessed(bot, card_ts, "Stored, then the process died.", "EvDied")
    assert stored == "EvDied"  # the request
    assert replay_pending(bot.services, wait=True) == 0  # too recent: its worker may be on it
    bot.clock.current += timedelta(minutes=2)
    assert replay_pending(bot.services, wait=True) == 1
    assert replay_pending(bot.services, wait=True) == 0
    bot.settle()
    assert captured(bot) == ["Stored, then the process died."]


def test_an_event_whose_work_failed_is_tried_again_and_done_once(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    card_ts = log_inspection(bot)
    bot.settle()
    stored_unprocessed(bot, card_ts, "Second time lucky.", "EvFail")
    with monkeypatch.context() as patched:
        patched.setattr(dispatch, "capture_reply", refuse)
        assert process(bot.services, "EvFail") is False
    [row] = [row for row in inbox_rows(bot) if row.event_id == "EvFail"]
    assert row.processed_at is None and row.claimed_at is None and "RuntimeError" in row.last_error
    bot.clock.current += timedelta(minutes=2)
    assert replay_pending(bot.services, wait=True) == 1
    bot.settle()
    assert captured(bot) == ["Second time lucky."]


def refuse(*args: object, **kwargs: object) -> None:
    raise RuntimeError("Slack and the database both said no")


def test_a_receipt_slack_would_not_edit_while_a_reply_was_captured_is_edited_by_the_pass(
    bot: Bot,
) -> None:
    card_ts = log_inspection(bot)
    bot.settle()
    bot.send.event(events.thread_reply(CHANNEL, card_ts, "First paragraph."))
    bot.settle()
    # The receipt moves below the new reply: Slack refuses that post this time.
    bot.slack.error_next("chat.postMessage", error="ratelimited", times=1)
    assert bot.send.event(events.thread_reply(CHANNEL, card_ts, "Second paragraph.")).status == 200
    bot.settle()
    assert captured(bot) == ["First paragraph.", "Second paragraph."]  # stored whatever Slack said
    assert "I have 1 message" in receipt(bot, card_ts)["text"]  # Slack refused the new one
    deliver_all_owed(bot.services)  # the next reminder pass
    assert "I have 2 messages" in receipt(bot, card_ts)["text"]


def test_events_done_a_month_ago_are_deleted_and_pending_ones_kept(bot: Bot) -> None:
    card_ts = log_inspection(bot)
    bot.settle()
    bot.send.event(events.thread_reply(CHANNEL, card_ts, "Done long ago."), event_id="EvOld")
    bot.settle()
    stored_unprocessed(bot, card_ts, "Never processed.", "EvStuck")
    bot.clock.current += timedelta(days=29)
    tend_inbox(bot.services)  # the scheduler's inbox job
    assert "EvOld" in [row.event_id for row in inbox_rows(bot)]
    bot.clock.current += timedelta(days=2)
    tend_inbox(bot.services)
    kept = [row.event_id for row in inbox_rows(bot)]
    assert "EvOld" not in kept and "EvStuck" in kept
    assert captured(bot) == ["Done long ago."]  # the job leaves processing to workers
    assert replay_pending(bot.services, wait=True) == 1  # this bot's (it has no workers)
    assert captured(bot) == ["Done long ago.", "Never processed."]


def test_the_inbox_job_parks_what_failed_past_its_retries_and_says_when_rows_wait(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    """The scheduler's inbox job beside the workers (which take every row): an event whose
    fifth failure was released but never parked (its process stopped first) is parked, and a
    row no worker has taken for over a minute is said in the log; it processes nothing."""
    card_ts = log_inspection(bot)
    bot.settle()
    for key, words in (("EvExhausted", "Failed five times."), ("EvWaiting", "No worker yet.")):
        stored_unprocessed(bot, card_ts, words, key)
    with bot.db.session() as session:
        session.execute(
            update(InboxEvent)
            .where(InboxEvent.event_id == "EvExhausted")
            .values(attempts=MAX_ATTEMPTS, last_error="RuntimeError: no")
        )
    caplog.set_level(logging.INFO, logger="bot.reminders.schedule")

    tend_inbox(bot.services)
    bot.clock.current += timedelta(minutes=2)
    tend_inbox(bot.services)

    rows = {row.event_id: row for row in inbox_rows(bot)}
    assert rows["EvExhausted"].parked_at is not None
    assert rows["EvWaiting"].parked_at is None and rows["EvWaiting"].processed_at is None
    said = [
        r.getMessage() for r in caplog.records if "waiting more than a minute" in r.getMessage()
    ]
    assert said == [
        "inbox: 1 row(s) waiting more than a minute for a worker (add one if they keep waiting: "
        "`s55bot worker`)"
    ]  # once: not while it was a moment old
    assert captured(bot) == []


# A process whose replay is still in progress when it ends (a file Slack never hands over).
REPLAYING_AT_EXIT = """
import sys, threading
from datetime import datetime
from bot.inbox import events
from bot.services import Services
from bot.settings import load_settings
from bot.slack.client import make_client
from storage.db import Database

url, now = sys.argv[1], datetime.fromisoformat(sys.argv[2])
settings = load_settings(
    {"SLACK_BOT_TOKEN": "xoxb-exit", "S55_CHANNEL": "C0TEAM001", "DATABASE_URL": url},
    dotenv=False,
)
client = make_client(settings)
services = Services(settings=settings, db=Database(url), client=client, now=lambda: now)
in_hand = threading.Event()

def never_handed_over(services, payload):
    in_hand.set()
    threading.Event().wait()

events.handle_stored = never_handed_over
assert events.replay_pending(services) == 1
assert in_hand.wait(30)
print("replaying", flush=True)
"""


def test_a_replay_in_progress_does_not_hold_the_process_at_exit_and_is_left_for_the_next(
    bot: Bot,
) -> None:
    card_ts = log_inspection(bot)
    bot.settle()
    stored_unprocessed(bot, card_ts, "Kept for the next process.", "EvExit")
    later = bot.clock.current + timedelta(minutes=2)  # old enough to be replayed
    env = {key: value for key, value in os.environ.items() if not key.startswith("SLACK_")}
    env["PYTHONPATH"] = str(REPOSITORY)

    # Its script ends with the replay in progress: the exit must not wait for it (a bound,
    # not a timing claim; a thread the interpreter joins would wait for ever).
    ended = subprocess.run(
        [sys.executable, "-c", REPLAYING_AT_EXIT, bot.db.url, later.isoformat()],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )

    assert (ended.returncode, ended.stdout) == (0, "replaying\n"), ended.stderr
    [row] = [row for row in inbox_rows(bot) if row.event_id == "EvExit"]
    assert row.processed_at is None and row.claimed_by is not None  # left, not lost
    # The next process: its workers give back the claims of processes that are gone.
    assert release_dead_claims(bot.db, now=later) == 1
    assert process(bot.services, "EvExit")
    assert captured(bot) == ["Kept for the next process."]
