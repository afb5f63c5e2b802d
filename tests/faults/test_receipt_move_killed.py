"""A receipt moved down the thread by a process that dies half-way (SIGKILL), or whose post
Slack took without the answer coming back: the next pass finds what was left, from the draft
row and the keys in Slack's message metadata, and the thread ends with exactly one receipt, at
the bottom, saying what the draft holds now (docs/rules.md#r21)."""

from __future__ import annotations

import re
import signal
import subprocess
import threading
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.reminders.owed import deliver_all_owed
from bot.standin import SlackStandIn
from storage.models import ResponseDraft
from storage.queries import CLAIM_TIMEOUT
from tests.bot.responses.test_responses import log_inspection
from tests.e2e import CHANNEL, Bot, inbox_done
from tests.faults.steps import message, reply_in_thread
from tests.faults.test_worker_killed import follow_ups_let_go, worker_process

MOVED_POST = re.compile(rb'"receipt:\d+:v\d+')  # the key of a receipt posted again below


class KillAt:
    """The stand-in kills a worker process (SIGKILL) at one point of a receipt's move: once
    Slack has taken the new receipt, before its answer goes back ("posted"); or before the old
    receipt's deletion reaches Slack ("deleting": the request is never carried out)."""

    def __init__(self, slack: SlackStandIn, point: str) -> None:
        self.point = point
        self.victim: subprocess.Popen[bytes] | None = None
        self.done = threading.Event()
        route = slack._route

        def killing_route(raw_path: str, headers: dict[str, str], body: bytes) -> object:
            victim = self.victim
            if victim is None or self.done.is_set():
                return route(raw_path, headers, body)
            moving = raw_path.startswith("/api/chat.postMessage") and MOVED_POST.search(body)
            if self.point == "posted" and moving:
                answer = route(raw_path, headers, body)  # Slack took it
                self._kill(victim)
                return answer  # to no one
            if self.point == "deleting" and raw_path.startswith("/api/chat.delete"):
                self._kill(victim)
                return None  # as if it died before asking: Slack deleted nothing
            return route(raw_path, headers, body)

        slack._route = killing_route  # type: ignore[method-assign]
        self._restore = lambda: setattr(slack, "_route", route)

    def _kill(self, victim: subprocess.Popen[bytes]) -> None:
        victim.send_signal(signal.SIGKILL)
        victim.wait(10)  # reaped: its pid no longer answers, so others take its claims
        self.done.set()

    def undo(self) -> None:
        self._restore()


def receipts_in_thread(slack: SlackStandIn, card_ts: str) -> list[dict[str, Any]]:
    """Every message of ours in the thread whose key says it is a receipt."""
    return [
        m
        for m in slack.messages[CHANNEL]
        if m.get("thread_ts") == card_ts
        and str(((m.get("metadata") or {}).get("event_payload") or {}).get("key", "")).startswith(
            "receipt:"
        )
    ]


def the_one_receipt(bot: Bot, card_ts: str, replies: list[str]) -> dict[str, Any]:
    """The thread's only receipt, which the draft row names, below every reply, with nothing
    of a move left unfinished."""
    shown = receipts_in_thread(bot.slack, card_ts)
    assert len(shown) == 1, [(m["ts"], m["metadata"]["event_payload"]["key"]) for m in shown]
    [receipt] = shown
    assert all(float(receipt["ts"]) > float(ts) for ts in replies)
    with bot.db.session(read_only=True) as session:
        draft = session.scalars(select(ResponseDraft)).one()
        assert (draft.receipt_ts, draft.receipt_moving, draft.receipt_retired) == (
            receipt["ts"],
            None,
            None,
        )
    return receipt


@pytest.mark.parametrize("point", ["posted", "deleting"])
def test_a_worker_killed_moving_the_receipt_leaves_one_receipt_once_the_next_message_comes(
    web: Bot, slack: SlackStandIn, point: str
) -> None:
    card_ts = log_inspection(web)
    replies = [reply_in_thread(web, card_ts, "The Chief Constable's response, part one.")]
    assert web.worker is not None
    web.worker.stop()  # from here on, worker processes do the work
    web.worker = None
    follow_ups_let_go(web.db)
    killer = KillAt(slack, point)
    first = worker_process(slack, web.db)
    second = None
    try:
        killer.victim = first
        event = message(web, card_ts, "Part two, below the receipt: it moves down.")
        assert web.send.event(event).status == 200
        replies.append(str(event["ts"]))
        assert killer.done.wait(60), "the worker never reached the point where it is killed"
        assert first.returncode == -signal.SIGKILL
        left = receipts_in_thread(slack, card_ts)
        assert len(left) == 2  # what the killed worker left: two receipts with buttons

        # Another message comes, and another worker takes the work (and the dead one's).
        event = message(web, card_ts, "Part three, after the kill.")
        assert web.send.event(event).status == 200
        replies.append(str(event["ts"]))
        second = worker_process(slack, web.db)
        inbox_done(web.db, timeout=60)
        follow_ups_let_go(web.db)
    finally:
        killer.undo()
        for worker in (first, second):
            if worker is not None and worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                worker.wait(10)

    receipt = the_one_receipt(web, card_ts, replies)
    assert "I have 3 messages" in receipt["text"], receipt["text"]


def lost_then_unknown(slack: SlackStandIn) -> None:
    """Slack posts the moved receipt but its answer is lost, and the look-up that follows
    fails too: the process cannot tell whether it is there."""
    slack.drop_next("chat.postMessage", after_processing=True)
    slack.fail_next("conversations.replies", status=500)


@pytest.mark.parametrize("then", ["a new message", "the reminder pass"])
def test_a_moved_receipt_slack_took_without_answering_is_found_by_the_next_pass(
    bot: Bot, then: str
) -> None:
    card_ts = log_inspection(bot)
    replies = [reply_in_thread(bot, card_ts, "The Chief Constable's response, part one.")]
    lost_then_unknown(bot.slack)
    replies.append(reply_in_thread(bot, card_ts, "Part two, below the receipt: it moves down."))
    assert len(receipts_in_thread(bot.slack, card_ts)) == 2  # one of them recorded nowhere yet

    if then == "a new message":
        replies.append(reply_in_thread(bot, card_ts, "Part three, after the lost answer."))
        expected = "I have 3 messages"
    else:
        deliver_all_owed(bot.services)
        expected = "I have 2 messages"

    receipt = the_one_receipt(bot, card_ts, replies)
    assert expected in receipt["text"], receipt["text"]


def test_a_moved_receipt_slack_never_took_is_given_up_only_once_its_claim_has_timed_out(
    bot: Bot,
) -> None:
    card_ts = log_inspection(bot)
    replies = [reply_in_thread(bot, card_ts, "The Chief Constable's response, part one.")]
    first = receipts_in_thread(bot.slack, card_ts)
    # The post is lost before Slack takes it, and the look-up fails: it may be in Slack.
    bot.slack.drop_next("chat.postMessage")
    bot.slack.fail_next("conversations.replies", status=500)
    replies.append(reply_in_thread(bot, card_ts, "Part two, below the receipt: it moves down."))
    replies.append(reply_in_thread(bot, card_ts, "Part three, while the move is unsettled."))

    # Nothing of the move is in Slack, but a request sent may still be carried out until its
    # claim times out: the receipt stays where it is, saying what the draft holds now.
    shown = receipts_in_thread(bot.slack, card_ts)
    assert [m["ts"] for m in shown] == [m["ts"] for m in first]
    assert "I have 3 messages" in shown[0]["text"]
    with bot.db.session(read_only=True) as session:
        draft = session.scalars(select(ResponseDraft)).one()
        assert draft.receipt_moving is not None and draft.receipt_moving_by is None

    bot.clock.current += CLAIM_TIMEOUT + timedelta(minutes=1)
    deliver_all_owed(bot.services)  # the reminder pass
    receipt = the_one_receipt(bot, card_ts, replies)
    assert "I have 3 messages" in receipt["text"], receipt["text"]
