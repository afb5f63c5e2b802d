"""A process manager stops s55bot with SIGTERM (Heroku sends SIGKILL 30 s later), a person at
a terminal with Ctrl+C (SIGINT): `serve`, a host's `serve` and `start` (the sandbox) stop their
web server, scheduler and worker, say so in one line and exit 0 within a bound, and a row still
in hand is left in the inbox for the next process (README "Stopping"). Real processes, real
signals, the stand-in as Slack."""

from __future__ import annotations

import queue
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select

from bot.runtime.stopping import STOP_WITHIN_SECONDS, Parts, stop
from bot.standin import SignedSlackRequests, SlackStandIn
from storage.db import Database
from storage.models import InboxEvent, Inspection
from tests.forkserver import s55bot

from .test_cli import SECRET, TOKEN, bot_env, free_port

# How long after the signal the process must be gone: the stop's own bound and room for the
# interpreter's exit on a loaded machine. A bound, not a timing claim; Heroku allows 30 s.
EXITS_WITHIN_SECONDS = STOP_WITHIN_SECONDS + 5
ADD = "add Vetting and anti-corruption part 2 | 30/04/2024"


@dataclass
class Process:
    """``s55bot …`` in its own process; what it writes, line by line, as it comes."""

    popen: subprocess.Popen[str]
    log_on_stdout: bool = False  # the sandbox's one line; else the log on stderr
    lines: queue.Queue[str] = field(default_factory=queue.Queue)
    said: list[str] = field(default_factory=list)
    also: list[str] = field(default_factory=list)  # the other stream (a crash's traceback)

    def __post_init__(self) -> None:
        log, other = self.popen.stderr, self.popen.stdout
        if self.log_on_stdout:
            log, other = other, log
        assert log is not None and other is not None
        self._reader = threading.Thread(target=self._read, args=(log,), daemon=True)
        self._reader.start()
        threading.Thread(target=self.also.extend, args=(other,), daemon=True).start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self.said.append(line)
            self.lines.put(line)

    def wait_until_it_says(self, words: str, timeout: float = 60) -> None:
        while words not in self.lines.get(timeout=timeout):
            assert self.popen.poll() is None, "".join(self.said)

    def stop(self, number: signal.Signals = signal.SIGTERM) -> str:
        """Send ``number``; it must exit 0 within the bound. All it said."""
        self.popen.send_signal(number)
        try:
            code = self.popen.wait(timeout=EXITS_WITHIN_SECONDS)
        except subprocess.TimeoutExpired:
            self.popen.send_signal(signal.SIGABRT)  # faulthandler: every thread's stack
            self.popen.wait(timeout=10)
            self._reader.join(timeout=10)
            raise AssertionError(
                f"still running {EXITS_WITHIN_SECONDS:.0f} s after {number.name}; it said:\n"
                + "".join(self.said + self.also)
            ) from None
        self._reader.join(timeout=10)
        said = "".join(self.said)
        assert code == 0, said
        return said


@contextmanager
def started(
    command: list[str], env: dict[str, str], cwd: Path, *, stdout: bool = False
) -> Iterator[Process]:
    """``s55bot <command>``, its log (stderr, or stdout: the sandbox's one line) read as it
    comes; killed after the test if still running. A process that does not stop in time is
    made to print every thread's stack (faulthandler) before it is ended."""
    popen = subprocess.Popen(
        s55bot(*command),
        env={**env, "PYTHONFAULTHANDLER": "1"},
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield Process(popen, log_on_stdout=stdout)
    finally:
        if popen.poll() is None:
            popen.kill()
            popen.wait(timeout=10)


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn(token=TOKEN) as standin:
        yield standin


def serve_env(clean_env: dict[str, str], slack: SlackStandIn, database: Database) -> dict[str, str]:
    return {
        **bot_env(clean_env, slack, database),
        "PORT": str(free_port()),
        "S55_POST_RATE": "1000",
    }


def slack_requests(env: dict[str, str], slack: SlackStandIn) -> SignedSlackRequests:
    return SignedSlackRequests(
        f"http://127.0.0.1:{env['PORT']}/slack/events",
        SECRET,
        response_url_factory=slack.response_url,
    )


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl+C"])
def test_serve_stops_its_web_server_scheduler_and_worker_and_exits_0(
    clean_env: dict[str, str],
    tmp_path: Path,
    database: Database,
    slack: SlackStandIn,
    number: signal.Signals,
) -> None:
    env = serve_env(clean_env, slack, database)
    with started(["serve"], env, tmp_path) as process:
        process.wait_until_it_says("serving Slack at")
        assert slack_requests(env, slack).slash_command(ADD).status == 200
        assert slack.wait_for("response_url", timeout=20)[0].args["text"].startswith("Logged")

        said = process.stop(number)

    assert f"s55bot serve stopped ({number.name}) in " in said
    assert said.rstrip().endswith("nothing left in hand")
    assert "Traceback" not in said


def test_a_hosts_serve_stops_and_exits_0(
    clean_env: dict[str, str], tmp_path: Path, database: Database, slack: SlackStandIn
) -> None:
    env = {
        **clean_env,
        "DATABASE_URL": database.url,
        "SLACK_API_URL": slack.url,
        "SLACK_CLIENT_ID": "1111.2222",
        "SLACK_CLIENT_SECRET": "app-client-secret",
        "SLACK_SIGNING_SECRET": SECRET,
        "S55_TOKEN_KEY": Fernet.generate_key().decode(),
        "PORT": str(free_port()),
    }
    with started(["serve"], env, tmp_path) as process:
        process.wait_until_it_says("serving every office at")

        said = process.stop()

    assert "s55bot serve stopped (SIGTERM) in " in said
    assert said.rstrip().endswith("nothing left in hand")
    assert "Traceback" not in said


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl+C"])
def test_start_without_slack_settings_stops_the_sandbox_and_says_so_in_one_line(
    clean_env: dict[str, str], tmp_path: Path, number: signal.Signals
) -> None:
    env = {**clean_env, "PORT": str(free_port())}
    with started(["start"], env, tmp_path, stdout=True) as process:
        process.wait_until_it_says("starting the local sandbox at")

        said = process.stop(number)

    first, stopped = said.splitlines()
    assert first.startswith("No Slack settings: starting the local sandbox at")
    assert stopped.startswith(f"s55bot: the sandbox stopped ({number.name}) in ")
    assert stopped.endswith("nothing left in hand")


def inbox_rows(database: Database) -> list[InboxEvent]:
    with database.session(read_only=True) as session:
        return list(session.scalars(select(InboxEvent).order_by(InboxEvent.id)))


def test_a_row_in_hand_does_not_hold_the_stop_and_is_done_by_the_next_process(
    clean_env: dict[str, str], tmp_path: Path, database: Database, slack: SlackStandIn
) -> None:
    """The worker is inside `/s55 add`'s work when SIGTERM comes: Slack answered the card's
    post 429 with a Retry-After far past the stop, so the row is still in hand when the stop's
    bound runs out. The process exits anyway; the row stays in the inbox, unprocessed, and the
    next process (`s55bot worker`) does it, once."""
    env = serve_env(clean_env, slack, database)
    slack.fail_next("chat.postMessage", status=429, retry_after=600)
    with started(["serve", "--no-scheduler"], env, tmp_path) as process:
        process.wait_until_it_says("serving Slack at")
        assert slack_requests(env, slack).slash_command(ADD).status == 200
        slack.wait_for("chat.postMessage", timeout=20)  # the 429: the row is in hand

        said = process.stop()

    assert "s55bot serve stopped (SIGTERM) in " in said
    assert said.rstrip().endswith("left 1 row(s) in hand, in the inbox for the next worker")
    [row] = inbox_rows(database)
    assert row.event_type == "request /s55"
    assert row.processed_at is None and row.parked_at is None  # not done, not lost
    assert row.claimed_by is not None  # the stopped process's claim: the next takes it over

    with started(["worker"], env, tmp_path) as worker:
        worker.wait_until_it_says("taking events")
        slack.wait_for("response_url", timeout=30)
        done = worker.stop()

    assert "worker stopped (SIGTERM) in " in done
    told = [call.args["text"] for call in slack.calls_to("response_url")]
    assert len(told) == 1 and told[0].startswith("Logged *S55-1*")  # told once, by the next
    [row] = inbox_rows(database)
    assert row.processed_at is not None
    with database.session(read_only=True) as session:
        assert session.scalars(select(Inspection.number)).all() == [1]  # logged once


class RowInHand:
    """A worker whose row does not end: its stop gives up at its bound, one row in hand."""

    def stop(self, *, within: float) -> int:
        return 1


def test_a_part_that_hangs_does_not_hold_the_stop_past_its_deadline() -> None:
    """Socket Mode's SDK closes its connection by joining its threads without a bound (a race
    can leave one reading for ever): every part, that close too, keeps to the one deadline,
    and the line says what was still stopping."""
    never = threading.Event()
    started = time.monotonic()

    said = stop(
        Parts(close=[lambda: never.wait(30)], worker=RowInHand()),
        what="Socket Mode",
        why="SIGTERM",
        within=0.3,
    )

    assert time.monotonic() - started < 5  # not the close's 30 s
    assert said.startswith("Socket Mode stopped (SIGTERM) in ")
    assert said.endswith(
        ": left 1 row(s) in hand, in the inbox for the next worker; the connection still stopping"
    )
    never.set()


def test_the_whole_stop_waits_for_a_row_in_hand_as_long_as_the_worker_would() -> None:
    from bot.inbox import worker
    from bot.runtime import stopping

    assert stopping.STOP_WITHIN_SECONDS == worker.STOP_WITHIN_SECONDS
