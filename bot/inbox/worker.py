"""The worker: takes stored events and stored requests' work from the inbox and does them.

Any number of workers, in any number of processes on any number of machines, share one inbox:
each claims the oldest unclaimed rows (storage.inbox.claim_next, ``FOR UPDATE SKIP LOCKED`` on
PostgreSQL), so each row is taken by one of them. A worker that dies holding a claim (killed,
its machine gone) is found by the others: on the same machine at once (its process is gone),
elsewhere when its claim has not been renewed for STALE_AFTER; its rows are given back and
done once by whoever claims them next (what they change is keyed: storage.changes, and
capture_reply's message ts, so a row cut off half-way is not done twice).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from datetime import datetime

from bot.inbox.events import STALE_AFTER
from bot.inbox.parking import MAX_ATTEMPTS
from bot.inbox.writer import WRITER
from bot.services import claimer_alive_here, claimer_dead, claimer_id, utc_now
from storage import inbox, reminders
from storage.db import Database
from storage.inbox import Claimed

log = logging.getLogger("s55bot")

THREADS = 4  # rows worked on at once in one worker process
IDLE_POLL_SECONDS = 0.2  # nothing to do: look again this often (sooner when woken)
LOOK_FOR_DEAD_SECONDS = 2.0  # how often claims held by gone workers are looked for
# How long a stop waits for the rows in hand: well inside the 30 s a process manager gives
# after SIGTERM. A row still running then is given back by the next worker (its claim's
# process is gone), and done once (module note).
STOP_WITHIN_SECONDS = 10.0

Serve = Callable[[Claimed, str], None]
# Deliver an office's owed follow-ups of an inspection (None: the reports'), given back here.
Redeliver = Callable[[int, int | None], None]


class Worker:
    """One thread claims rows, as many at once as there are free hands among ``threads``,
    and hands each to ``serve(row, claimer)`` (which does it and marks it processed or
    released: events.work_on) on a pool of ``threads``. One claim for a batch, not one per
    thread: on SQLite each claim takes the one write lock the acks' writes wait for.

    The pool's threads are daemon threads (not a ThreadPoolExecutor's, which the interpreter
    joins at exit): a row still in hand when :meth:`stop` gives up does not keep the process
    alive past it."""

    def __init__(
        self,
        db: Database,
        serve: Serve,
        *,
        threads: int = THREADS,
        now: Callable[[], datetime] = utc_now,
        idle_poll: float = IDLE_POLL_SECONDS,
        redeliver: Redeliver | None = None,
    ) -> None:
        # The offices it serves: one office's database, or across_offices() for a host.
        self._db = db
        self._serve = serve
        self._hands = threads
        self._free = threading.Semaphore(threads)
        self._rows: queue.SimpleQueue[Claimed | None] = queue.SimpleQueue()
        self._now = now
        self._idle_poll = idle_poll
        self._redeliver = redeliver
        self._stopping = threading.Event()
        self._work_waiting = threading.Event()
        self._threads: list[threading.Thread] = []
        self.claimer = claimer_id()

    def wake(self) -> None:
        """Something was stored in this process: look at once rather than at the next poll."""
        self._work_waiting.set()

    def start(self) -> Worker:
        hands = [(self._hand, f"s55bot-worker_{number}") for number in range(self._hands)]
        for target, name in [
            (self._run, "s55bot-worker-claims"),
            (self._reap, "s55bot-reaper"),
            *hands,
        ]:
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        WRITER.on_written(self.wake)
        return self

    def stop(self, *, within: float = STOP_WITHIN_SECONDS) -> int:
        """Claim nothing more, and let the rows being worked on finish (at most ``within``
        seconds; one still running then is taken over by another worker later: its claim
        names this process). Returns how many were still being worked on."""
        WRITER.forget(self.wake)
        self._stopping.set()
        self._work_waiting.set()
        deadline = time.monotonic() + within
        claims, reaper = self._threads[:2]
        for thread in (claims, reaper):
            thread.join(timeout=max(deadline - time.monotonic(), 0))
        back = 0
        while back < self._hands:  # every hand back: nothing is being worked on
            if not self._free.acquire(timeout=max(deadline - time.monotonic(), 0)):
                break
            back += 1
        for _ in range(self._hands):  # idle hands end; a busy one is left (a daemon thread)
            self._rows.put(None)
        return self._hands - back

    def _hand(self) -> None:
        while (row := self._rows.get()) is not None:
            self._serve_one(row)

    def _run(self) -> None:
        while not self._stopping.is_set():
            if not self._free.acquire(timeout=self._idle_poll):
                continue  # every hand busy
            hands = 1
            while hands < self._hands and self._free.acquire(blocking=False):
                hands += 1
            try:
                rows = self.claim(limit=hands)
            except Exception as failure:  # the database is away: try again after a pause
                log.warning("worker: claiming from the inbox failed: %r", failure)
                rows = []
                self._stopping.wait(1.0)
            for _ in range(hands - len(rows)):
                self._free.release()
            for row in rows:
                self._rows.put(row)
            if not rows:
                self._work_waiting.wait(self._idle_poll)
                self._work_waiting.clear()

    def _serve_one(self, row: Claimed) -> None:
        try:
            self._serve(row, self.claimer)
        except Exception:  # serve reports its own failures; this is a last resort
            log.exception("worker: %s was not served", row.event_id)
        finally:
            self._free.release()

    def claim(self, *, limit: int = 1) -> list[Claimed]:
        with self._db.session() as session:
            return inbox.claim_next(
                session,
                now=self._now(),
                claimer=self.claimer,
                max_attempts=MAX_ATTEMPTS,
                limit=limit,
            )

    def _reap(self) -> None:
        while not self._stopping.wait(LOOK_FOR_DEAD_SECONDS):
            try:
                # Follow-ups first: the rows taken over next may need them (a receipt).
                for office, inspection in release_dead_follow_ups(self._db):
                    if self._redeliver is not None:
                        self._redeliver(office, inspection)
                release_dead_claims(self._db, now=self._now())
            except Exception as failure:
                log.warning("worker: looking for abandoned claims failed: %r", failure)


def release_dead_claims(db: Database, *, now: datetime) -> int:
    """In the offices ``db`` serves, give back the claims of workers that are gone: a process
    of this machine that no longer runs, or a claim not renewed for STALE_AFTER whose process
    is not known to be running here. Returns how many."""
    with db.session(read_only=True) as session:
        held = inbox.claims_held(session)
    released = 0
    for row_id, event_id, claimer, claimed_at in held:
        stale = claimed_at < now - STALE_AFTER and not claimer_alive_here(claimer)
        if not (claimer_dead(claimer) or stale):
            continue
        with db.session() as session:
            if inbox.release_claim(
                session, row_id, claimer=claimer, error=f"its worker {claimer} was gone"
            ):
                released += 1
                log.warning("worker: %s abandoned by %s, to be done again", event_id, claimer)
    return released


def release_dead_follow_ups(db: Database) -> set[tuple[int, int | None]]:
    """In the offices ``db`` serves, give back the follow-ups (bot.followups) a process of this
    machine was delivering when it died: otherwise they wait STALE_AFTER, and a receipt would
    show an old count meanwhile. Returns (office, inspection) of each given back."""
    with db.session(read_only=True) as session:
        held = reminders.follow_up_claims(session)
    released: set[tuple[int, int | None]] = set()
    for office, inspection, key, claimer in held:
        if not claimer_dead(claimer):
            continue
        with db.for_office(office).session() as session:
            if reminders.release_follow_up(session, key, claimer=claimer):
                released.add((office, inspection))
                log.warning("worker: follow-up %s abandoned by %s, to be done again", key, claimer)
    return released
