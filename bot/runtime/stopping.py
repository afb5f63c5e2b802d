"""How a long-running s55bot process stops (README "Stopping").

On SIGTERM (what a process manager sends: Heroku, systemd, Docker, Kubernetes; Heroku sends
SIGKILL 30 s later) or SIGINT (Ctrl+C), every part of the process stops taking work at once
and is given until one deadline, STOP_WITHIN_SECONDS after the signal, to finish what it holds:
the web server answers the requests in hand (at most Slack's 3 s) and accepts no more, the
scheduler starts no job and lets those under way end, the worker claims no row and lets those in
hand finish. Then the process says in one line what, if anything, it left, and exits 0.

What is left is never lost: a row still in hand stays in the inbox, unprocessed and claimed by
this process, and the next worker takes it over (on this machine within 2 s, the process being
gone; elsewhere once its claim is stale, STALE_AFTER); a reminder pass under way is taken over
by the next pass, which looks for each reminder in Slack before posting it again. Every thread
that may still be at work then is a daemon thread (bot.threads, bot.inbox.worker): the exit
does not wait for it.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

log = logging.getLogger("s55bot")

# The whole stop, from the signal: well inside the 30 s before SIGKILL. The worker's own bound
# (bot.inbox.worker.STOP_WITHIN_SECONDS, a test holds them equal): a row in hand is waited for
# as long as a stop allows. Not imported from there: this module is imported before the
# settings are checked, and stays as light as the command line (bot.runtime.cli).
STOP_WITHIN_SECONDS = 10.0
ACKS_WITHIN_SECONDS = 3.0  # a request in hand: Slack waits 3 s for its answer, not longer
HANDLER_TURN_SECONDS = 0.25  # how soon a signal delivered to another thread is seen


class StopAsked:
    """Set by SIGTERM or SIGINT. Made before the process says it is ready, so that a stop asked
    early is not missed (and never ends the process half-started with a traceback)."""

    def __init__(self) -> None:
        self._asked = threading.Event()
        self.signal_name = ""
        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, self._ask)

    def _ask(self, number: int, _frame: object) -> None:
        self.signal_name = self.signal_name or signal.Signals(number).name
        self._asked.set()

    def wait(self) -> None:
        # In turns, not one wait without a timeout: Python runs a signal's handler in the main
        # thread, but the kernel may deliver the signal to another thread, and a main thread
        # blocked for good is then never woken to run it (1 stop in 20 hung so under load;
        # none in 60 with turns).
        while not self._asked.wait(timeout=HANDLER_TURN_SECONDS):
            pass


class Server(Protocol):
    def stop(self, *, within: float) -> bool: ...


class Scheduled(Protocol):
    def stop(self, *, within: float) -> bool: ...


class Worker(Protocol):
    def stop(self, *, within: float) -> int: ...


@dataclass
class Parts:
    """What a process runs; each optional."""

    web: Server | None = None  # stop(within): whether every request in hand was answered
    scheduler: Scheduled | None = None  # stop(within): whether the jobs under way ended
    worker: Worker | None = None  # stop(within): how many rows were still in hand
    # Anything else to close (a Socket Mode connection), given until the same deadline: the
    # SDK's close joins its threads without a bound.
    close: list[Callable[[], None]] = field(default_factory=list)


def stop(parts: Parts, *, what: str, why: str, within: float = STOP_WITHIN_SECONDS) -> str:
    """Stop every part at once, each given until the same deadline; log (and return) the one
    line saying how long it took and what was left."""
    started = time.monotonic()
    deadline = started + within
    left: list[str] = []

    def close() -> None:
        for closing in parts.close:
            closing()

    def web() -> None:
        assert parts.web is not None
        if not parts.web.stop(within=min(ACKS_WITHIN_SECONDS, within)):
            left.append("a request in hand unanswered (Slack sends an event again)")

    def scheduler() -> None:
        assert parts.scheduler is not None
        if not parts.scheduler.stop(within=within):
            left.append("a scheduled pass under way, for the next pass")

    def worker() -> None:
        assert parts.worker is not None
        if held := parts.worker.stop(within=within):
            left.append(f"{held} row(s) in hand, in the inbox for the next worker")

    stopping = {
        name: threading.Thread(target=target, name="s55bot-stop", daemon=True)
        for name, target, part in (
            ("the connection", close, parts.close or None),
            ("the web server", web, parts.web),
            ("the scheduler", scheduler, parts.scheduler),
            ("the worker", worker, parts.worker),
        )
        if part is not None
    }
    for thread in stopping.values():
        thread.start()
    for thread in stopping.values():  # each part keeps to the deadline; this is a backstop
        thread.join(timeout=max(deadline - time.monotonic(), 0) + 1.0)
    if late := [name for name, thread in stopping.items() if thread.is_alive()]:
        left.append(f"{' and '.join(late)} still stopping")
    line = f"{what} stopped ({why}) in {time.monotonic() - started:.1f} s: " + (
        "left " + "; ".join(left) if left else "nothing left in hand"
    )
    log.info(line)
    return line
