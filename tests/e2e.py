"""A real bot over real HTTP: the Bolt app served by waitress, Slack played by the stand-in."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from slack_bolt import App

from bot.inbox.worker import Worker
from bot.runtime.app import build_app
from bot.runtime.web import RunningServer, make_wsgi_app, start_in_thread
from bot.services import Services
from bot.settings import Settings, load_settings
from bot.slack.client import make_client
from bot.standin import SignedSlackRequests, SlackStandIn
from storage.db import Database

TOKEN = "xoxb-0000-test"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
CHANNEL = "C0TEAM0001"
# How long a test waits for the bot's listeners to finish before calling them stuck: a healthy
# bot finishes in well under a second, but the compliance report's charts on a 2-core machine
# running the suite on four workers (make test) have taken over 15 s.
SETTLE_SECONDS = 60.0
# Thu 2 May 2024, 10:30 in London (BST).
DEFAULT_NOW = datetime(2024, 5, 2, 9, 30, tzinfo=UTC)


class TrackingExecutor(ThreadPoolExecutor):
    """Bolt's listener pool, which also lets a test wait until every listener has finished."""

    def __init__(self) -> None:
        super().__init__(max_workers=8, thread_name_prefix="test-listener")
        self._futures: list[Future] = []
        self._lock = threading.Lock()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        future = super().submit(fn, *args, **kwargs)
        with self._lock:
            self._futures.append(future)
        return future

    def settle(self, timeout: float = SETTLE_SECONDS) -> None:
        """Wait for every listener started so far (and any they start) to finish."""
        while True:
            with self._lock:
                pending = [future for future in self._futures if not future.done()]
            if not pending:
                return
            _done, not_done = wait(pending, timeout=timeout)
            assert not not_done, f"{len(not_done)} listener(s) still running after {timeout}s"


class Clock:
    """The bot's notion of now, which a test may move."""

    def __init__(self, now: datetime = DEFAULT_NOW) -> None:
        self.current = now

    def __call__(self) -> datetime:
        return self.current


@dataclass
class Bot:
    services: Services
    slack: SlackStandIn
    send: SignedSlackRequests
    server: RunningServer
    server_app: App
    clock: Clock
    listeners: TrackingExecutor
    worker: Worker | None = None  # the bot's work is done by workers (bot.runtime.worker)

    def settle(self) -> None:
        """Wait until the bot has finished with everything sent to it so far."""
        self.listeners.settle()
        if self.worker is not None:
            inbox_done(self.db)

    @property
    def db(self) -> Database:
        return self.services.db

    def command(self, text: str, **fields: Any) -> list[dict[str, Any]]:
        """Type ``/s55 <text>``; return what the bot said back through the response_url."""
        before = len(self.slack.calls_to("response_url"))
        reply = self.send.slash_command(text, **fields)
        assert reply.status == 200, reply.body
        calls = self.slack.wait_for("response_url", count=before + 1)
        return [call.args for call in calls[before:]]


@pytest.fixture(scope="module")
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn(token=TOKEN) as standin:
        yield standin


def bot_settings(slack: SlackStandIn, database: Database, **overrides: str) -> Settings:
    return load_settings(
        {
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": slack.url,
            "DATABASE_URL": database.url,
            "S55_CHANNEL": CHANNEL,
            # The stand-in limits no rate unless a test asks it to: pace only where it does.
            "S55_POST_RATE": "1000",
            # It answers at once, too: a Web API call's three retries wait 0.35 to 0.65 s in all,
            # not slack_sdk's 3.5 to 6.5 s, which test nothing more (tests/bot/slack/test_client).
            "S55_SLACK_RETRY_MS": "50",
            **overrides,
        }
    )


def start_bot(
    slack: SlackStandIn, database: Database, *, by_workers: bool = False, **overrides: str
) -> Bot:
    """The real app in waitress on loopback, talking to the stand-in, with a clock of its own.
    ``by_workers``: as `s55bot serve` runs it, the work after each ack stored in the inbox and
    done by a worker on threads of this process."""
    slack.reset()
    clock = Clock()
    settings = bot_settings(slack, database, **overrides)
    services = Services(settings=settings, db=database, client=make_client(settings), now=clock)
    listeners = TrackingExecutor()
    app = build_app(services, listener_executor=listeners, by_workers=by_workers)
    worker = None
    if by_workers:
        from bot.runtime.worker import one_office, start_worker

        worker = start_worker(app, database, one_office(services))
    server = start_in_thread(make_wsgi_app(app, database))
    send = SignedSlackRequests(
        server.url + "slack/events", SIGNING_SECRET, response_url_factory=slack.response_url
    )
    return Bot(services, slack, send, server, app, clock, listeners, worker)


def inbox_done(db: Database, timeout: float = SETTLE_SECONDS) -> None:
    """Wait until every row stored in the inbox is processed or parked."""
    from storage.inbox import not_done

    deadline = time.monotonic() + timeout
    while True:
        with db.session(read_only=True) as session:
            waiting = not_done(session)
        if not waiting:
            return
        assert time.monotonic() < deadline, f"{waiting} inbox row(s) not done after {timeout}s"
        time.sleep(0.02)


def stop_bot(bot: Bot, *, settle_within: float = SETTLE_SECONDS) -> None:
    if bot.worker is not None:
        bot.settle()
        bot.worker.stop()
    bot.server.stop()
    # Work a test did not wait for (say, a prompt after the card) must not leak into the next.
    bot.listeners.settle(timeout=settle_within)
    bot.listeners.shutdown()


@pytest.fixture
def bot(slack: SlackStandIn, database: Database) -> Iterator[Bot]:
    running = start_bot(slack, database)
    yield running
    stop_bot(running)
