"""A reply is never lost (docs/rules.md#r22): Slack slow to hand a file over, an event
failing past its retries, a reader still working when its claim looks old, a slow event among
others being replayed. The real bot over signed HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import argparse
import dataclasses
import logging
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.inbox import dispatch
from bot.inbox import events as inbox_events
from bot.inbox.events import process, replay_pending, store
from storage.models import DraftMessage, InboxEvent
from tests.bot.responses.test_responses import in_thread, log_inspection, receipt
from tests.e2e import Bot
from tests.faults import hostile
from tests.faults.conftest import Probe
from tests.faults.steps import message, with_file
from tests.faults.test_hostile_files import CC_STAFF, TYPED, kept, share_with_text

RESPONSE = b"The Constabulary accepts recommendation 4 and already complies with it."


def slack_files_down(bot: Bot, *, seconds: float) -> threading.Timer:
    """files.info answers 503 to every call for ``seconds``, then Slack is back."""
    bot.slack.fail_next("files.info", status=503, times=100_000)
    back = threading.Timer(seconds, lambda: bot.slack._faults.clear())
    back.start()
    return back


def with_retry_window(bot: Bot, seconds: int) -> None:
    bot.services.settings = dataclasses.replace(bot.services.settings, file_retry_seconds=seconds)


def test_files_info_failing_is_asked_again_and_the_file_joins_the_typed_text(
    bot: Bot, probe: Probe
) -> None:
    with_retry_window(bot, 60)
    card_ts = log_inspection(bot)
    # Longer than the Web API client's own retries (at most 0.65 s: tests.e2e), shorter than
    # the bot's first wait before it asks again (shared_files.FIRST_WAIT_SECONDS, 2 s).
    back = slack_files_down(bot, seconds=1.5)
    started = time.monotonic()
    ts = share_with_text(bot, card_ts, "cc-response.txt", RESPONSE, TYPED)
    bot.listeners.settle(timeout=40)
    back.join()
    probe.took(time.monotonic() - started)
    probe.tried += 1
    [message] = kept(bot, ts)
    probe.stored += int(
        message.raw_text.startswith(TYPED) and "already complies" in message.raw_text
    )
    assert message.raw_text.startswith(TYPED)  # stored while Slack was still down
    assert message.raw_text.endswith(RESPONSE.decode())  # then the file, once Slack was back
    assert message.unread_files is None
    receipts = [c.args.get("text", "") for c in bot.slack.calls if c.method.startswith("chat.")]
    assert any("is not here yet: Slack isn't handing it over" in text for text in receipts)
    assert "Not read" not in receipt(bot, card_ts)["text"]


def test_files_info_failing_past_the_window_keeps_the_text_and_says_so(
    bot: Bot, probe: Probe
) -> None:
    with_retry_window(bot, 3)
    card_ts = log_inspection(bot)
    back = slack_files_down(bot, seconds=8)  # past the window, and every ask in it
    started = time.monotonic()
    ts = share_with_text(bot, card_ts, "cc-response.txt", RESPONSE, TYPED)
    bot.listeners.settle(timeout=40)
    probe.took(time.monotonic() - started)
    assert back.is_alive(), "Slack came back before the bot gave up"
    back.cancel()  # the bot has given up: Slack back now rather than later
    bot.slack._faults.clear()
    probe.tried += 1
    [message] = kept(bot, ts)
    probe.refused += 1
    probe.stored += int(message.raw_text == TYPED)
    assert message.raw_text == TYPED
    said = [c.args["text"] for c in in_thread(bot, card_ts) if "I couldn't read" in c.args["text"]]
    assert said == [
        "I couldn't read `cc-response.txt`: it was not handed over: Slack was not answering "
        "(for 1 minute). What you typed with it is in the draft. Share it again as a PDF, a "
        "Word document (.docx) or a text file (.txt), or paste the Chief Constable's response "
        "as text in this thread."
    ]
    assert ":warning: Not read: `cc-response.txt`" in receipt(bot, card_ts)["text"]


def claimed(bot: Bot, event_id: str) -> bool:
    with bot.db.session() as session:
        row = session.scalars(select(InboxEvent).where(InboxEvent.event_id == event_id)).one()
        return row.claimed_at is not None


def refuse(*args: object, **kwargs: object) -> None:
    raise RuntimeError("the reply could not be taken in")


def test_an_event_failing_past_its_retries_is_parked_shown_and_replayed_on_request(
    bot: Bot, probe: Probe, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    card_ts = log_inspection(bot)
    bot.settle()
    reply = message(bot, card_ts, "Kept, whatever happens.", user=CC_STAFF)
    envelope = bot.send.event_envelope(reply, event_id="EvParked")
    store(bot.services, envelope, bot_user_id="U0BOT0001")
    with monkeypatch.context() as broken:
        broken.setattr(dispatch, "capture_reply", refuse)
        for _ in range(inbox_events.MAX_ATTEMPTS):
            bot.clock.current += timedelta(minutes=2)
            replay_pending(bot.services, wait=True)
        replay_pending(bot.services, wait=True)  # parked: not tried again
    probe.tried += 1
    with bot.db.session() as session:
        row = session.scalars(select(InboxEvent).where(InboxEvent.event_id == "EvParked")).one()
    assert row.parked_at is not None and row.processed_at is None
    assert row.attempts == inbox_events.MAX_ATTEMPTS
    assert "RuntimeError: the reply could not be taken in" in (row.last_error or "")
    notes = [
        c.args["text"] for c in in_thread(bot, card_ts) if "couldn't take in" in c.args["text"]
    ]
    assert notes == [
        f":warning: I couldn't take in a reply from <@{CC_STAFF}> in this thread: it failed five "
        "times. It is kept, not lost: the office's administrator can see why and replay it "
        "with `s55bot events`."
    ]
    assert any("event EvParked parked" in r.getMessage() for r in caplog.records)
    # `s55bot events replay EvParked`, once the fault is mended
    from bot.runtime.cli import run_events

    asked = argparse.Namespace(action="replay", event_ids=["EvParked"], all=False)
    assert run_events(bot.services.settings, asked) == 0
    bot.settle()
    with bot.db.session() as session:
        texts = session.scalars(select(DraftMessage.raw_text)).all()
    probe.stored += int(texts == ["Kept, whatever happens."])
    probe.lost += int(texts != ["Kept, whatever happens."])
    assert texts == ["Kept, whatever happens."]


def test_a_claim_that_looks_old_never_starts_a_second_reader_while_the_first_lives(
    bot: Bot, probe: Probe, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader takes seconds; meanwhile the bot's clock moves past the claim's staleness
    and the replay runs, again and again: one reader in all."""
    caplog.set_level(logging.INFO, logger="bot.documents.box")
    monkeypatch.setattr(inbox_events, "HEARTBEAT", timedelta(seconds=0.2))
    card_ts = log_inspection(bot)
    bot.settle()
    slow = hostile.pdf_one_stream_for_ten_pages(inflated=600_000, pages=4)
    event = with_file(bot, card_ts, TYPED, "slow.pdf", slow, user=CC_STAFF)
    envelope = bot.send.event_envelope(event, event_id="EvSlowFile")
    store(bot.services, envelope, bot_user_id="U0BOT0001")
    first = threading.Thread(target=process, args=(bot.services, "EvSlowFile"))
    first.start()
    while not claimed(bot, "EvSlowFile"):  # the first worker holds it before time moves on
        time.sleep(0.02)
    tries = 0
    while first.is_alive():
        bot.clock.current += inbox_events.STALE_AFTER + timedelta(minutes=1)
        replay_pending(bot.services, wait=True)
        tries += 1
        time.sleep(0.3)
    first.join()
    bot.settle()
    readers = [r for r in caplog.records if getattr(r, "reader_file", None) == "slow.pdf"]
    probe.tried += tries
    probe.doubled += max(0, len(readers) - 1)
    assert tries > 1, "the replay ran while the first reader worked"
    assert len(readers) == 1
    assert [m.raw_text[: len(TYPED)] for m in kept(bot, event["ts"])] == [TYPED]


def test_a_slow_event_does_not_hold_back_the_others_being_replayed(bot: Bot, probe: Probe) -> None:
    with_retry_window(bot, 30)
    card_ts = log_inspection(bot)
    bot.settle()
    slow_event = with_file(bot, card_ts, TYPED, "late.txt", RESPONSE, user=CC_STAFF)
    quick = message(bot, card_ts, "A quick reply after it.", user=CC_STAFF)
    store(bot.services, bot.send.event_envelope(slow_event, event_id="EvSlow"), bot_user_id=None)
    store(bot.services, bot.send.event_envelope(quick, event_id="EvQuick"), bot_user_id=None)
    bot.clock.current += timedelta(minutes=2)
    # The first event waits for its file: its first ask fails (the client's retries take at
    # most 0.65 s: tests.e2e), and the next comes 2 s later (shared_files.FIRST_WAIT_SECONDS).
    back = slack_files_down(bot, seconds=1.5)
    started = time.monotonic()
    assert replay_pending(bot.services) == 2  # started, not waited for
    answered = time.monotonic() - started
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not kept(bot, quick["ts"]):
        time.sleep(0.1)
    quick_done = time.monotonic() - started
    probe.tried += 1
    probe.took(quick_done)
    assert answered < 1.0
    assert kept(bot, quick["ts"]), "the quick reply was replayed while the slow one waited"
    assert quick_done < 5
    back.join()
    from bot.inbox.events import replays_finished

    assert replays_finished(timeout=40)
    [slow_kept] = kept(bot, slow_event["ts"])
    probe.stored += 2
    assert slow_kept.raw_text.startswith(TYPED)
    assert slow_kept.raw_text.endswith(RESPONSE.decode())
