"""Two `s55bot worker` processes share the inbox, and one is killed (SIGKILL) in the middle of
a thread reply: every stored reply is still taken in exactly once (0 lost, 0 doubled), counted
in the database and in what Slack (the stand-in) was asked."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter

from sqlalchemy import select

from bot.reminders.owed import deliver_all_owed
from bot.standin import SlackStandIn
from storage import reminders
from storage.db import Database
from storage.models import DraftMessage, InboxEvent, ResponseDraft
from tests.bot.responses.test_responses import log_inspection
from tests.e2e import CHANNEL, SIGNING_SECRET, TOKEN, Bot, inbox_done
from tests.faults.steps import message, reply_in_thread
from tests.paths import REPOSITORY

REPLIES = 24
SLOW_CALL_SECONDS = 3.0  # the call the killed worker is in when it dies


class SlowOnce:
    """The stand-in answers one Web API call slowly, once armed (a receipt's edit): a worker
    is then inside an event's processing (it holds the claim and waits for Slack) for
    SLOW_CALL_SECONDS."""

    def __init__(self, slack: SlackStandIn) -> None:
        self.armed = threading.Event()
        self.in_call = threading.Event()
        self.carried_out = threading.Event()  # Slack did it, whoever was waiting is gone
        self._lock = threading.Lock()
        route = slack._route

        def slow_route(raw_path: str, headers: dict[str, str], body: bytes) -> object:
            if self.armed.is_set() and raw_path.startswith("/api/chat."):
                with self._lock:
                    first = not self.in_call.is_set()
                    self.in_call.set()
                if first:
                    time.sleep(SLOW_CALL_SECONDS)
                    try:
                        return route(raw_path, headers, body)
                    finally:
                        self.carried_out.set()
            return route(raw_path, headers, body)

        slack._route = slow_route  # type: ignore[method-assign]
        self._restore = lambda: setattr(slack, "_route", route)

    def undo(self) -> None:
        self._restore()


def worker_process(slack: SlackStandIn, db: Database) -> subprocess.Popen[bytes]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "S55_"))},
        "PYTHONPATH": str(REPOSITORY),
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack.url,
        "DATABASE_URL": db.url,
        "S55_CHANNEL": CHANNEL,
        "S55_POST_RATE": "1000",
        "S55_SLACK_RETRY_MS": "50",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bot.runtime.cli", "worker", "--threads", "2"],
        env=env,
        cwd=REPOSITORY,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def follow_ups_let_go(db: Database, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        with db.session(read_only=True) as session:
            held = reminders.follow_up_claims(session)
        if not held:
            return
        assert time.monotonic() < deadline, f"follow-ups still held: {held}"
        time.sleep(0.05)


def workers_state(workers: list[subprocess.Popen[bytes]], db: Database) -> str:
    """Why no worker called Slack: each one's exit code and last words, and the inbox's rows."""
    said = []
    for worker in workers:
        code = worker.poll()
        words = b""
        if code is not None and worker.stderr is not None:
            words = worker.stderr.read()[-2000:]
        said.append(f"worker {worker.pid}: exit {code} {words.decode(errors='replace')!r}")
    with db.session(read_only=True) as session:
        rows = session.execute(
            select(InboxEvent.event_type, InboxEvent.claimed_by, InboxEvent.processed_at)
        ).all()
    return f"no worker called Slack; {'; '.join(said)}; inbox: {rows!r}"


def claimers(db: Database) -> set[str]:
    with db.session(read_only=True) as session:
        return set(
            session.scalars(
                select(InboxEvent.claimed_by).where(
                    InboxEvent.processed_at.is_(None), InboxEvent.claimed_by.is_not(None)
                )
            )
        )


def test_two_workers_and_one_killed_mid_reply_take_in_every_reply_once(
    web: Bot, slack: SlackStandIn
) -> None:
    # The card and the receipt under it (for its first reply), by the web process's own
    # worker, which then leaves the rest to the two worker processes.
    card_ts = log_inspection(web)
    sent = [reply_in_thread(web, card_ts, "The Chief Constable's response, paragraph one.")]
    assert web.worker is not None
    web.worker.stop()
    web.worker = None
    # The first receipt is delivered after its row is done (a follow-up): wait until the web
    # process holds none, or the workers would find it held by a live process and leave their
    # edits owed to the clock's pass, calling Slack not at all (seen once in a full run).
    follow_ups_let_go(web.db)
    for number in range(REPLIES):
        event = message(web, card_ts, f"Paragraph {number} of the Chief Constable's response.")
        assert web.send.event(event).status == 200  # stored, acknowledged, not yet done
        sent.append(str(event["ts"]))
    slow = SlowOnce(slack)
    workers = [worker_process(slack, web.db), worker_process(slack, web.db)]
    try:
        slow.armed.set()
        # Two start-ups on a busy machine; if none calls Slack, say what the workers said.
        assert slow.in_call.wait(60), workers_state(workers, web.db)
        # Whoever is inside an event now holds its claim: kill one such worker.
        pids = {worker.pid: worker for worker in workers}
        holding = [
            pids[int(claimer.split(":")[1])]
            for claimer in claimers(web.db)
            if int(claimer.split(":")[1]) in pids
        ]
        assert holding, "no worker was inside an event"
        killed = holding[0]
        killed.send_signal(signal.SIGKILL)
        killed.wait(5)  # reaped: its pid no longer answers, so the survivor takes its claims
        survivor = next(worker for worker in workers if worker is not killed)
        inbox_done(web.db, timeout=60)
        assert survivor.poll() is None, survivor.stderr.read() if survivor.stderr else ""
    finally:
        slow.undo()
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                worker.wait(10)

    with web.db.session(read_only=True) as session:
        taken_in = Counter(session.scalars(select(DraftMessage.ts)))
        rows = session.scalars(select(InboxEvent).where(InboxEvent.event_type == "message")).all()
    lost = [ts for ts in sent if taken_in[ts] == 0]
    doubled = [ts for ts in sent if taken_in[ts] > 1]
    assert (lost, doubled) == ([], [])
    assert len(rows) == REPLIES + 1 and all(row.processed_at is not None for row in rows)
    assert any(row.attempts == 2 for row in rows)  # the one the killed worker was inside
    # What Slack shows: the receipt the bot keeps counts every reply once. Two
    # workers refreshing it at once may leave it a reply behind (the edit is owed again, never
    # lost): the clock's pass delivers what is owed, as it does after any process stops.
    # It is the only receipt: a worker killed while moving it down leaves its move recorded
    # (bot.responses.receipts), which the next pass finishes once Slack has carried out the
    # killed worker's request (it may be the slow one: a post that lands after the kill).
    assert slow.carried_out.wait(SLOW_CALL_SECONDS + 10)
    deliver_all_owed(web.services)
    with web.db.session(read_only=True) as session:
        receipt_ts = session.scalar(select(ResponseDraft.receipt_ts))
    kept = slack.message(CHANNEL, str(receipt_ts))
    assert kept is not None and f"I have {REPLIES + 1} messages" in kept["text"]
    receipts = [
        m["ts"]
        for m in slack.messages[CHANNEL]
        if m.get("thread_ts") == card_ts
        and str(((m.get("metadata") or {}).get("event_payload") or {}).get("key")).startswith(
            "receipt:"
        )
    ]
    assert receipts == [receipt_ts]
