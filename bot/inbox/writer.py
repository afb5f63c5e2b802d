"""One writer for the inbox: the rows that arrive together are stored in one commit.

Every event, and every request's work, is written to the inbox before Slack is answered
(docs/rules.md#r22). Written one by one, each write is its own transaction, and under a burst
the acks queue behind one another's commits. Here a request hands its row to the writer
thread and waits for *its* commit: the writer takes everything queued, stores it in one
transaction per office and commits once, then wakes each waiting request. A request that
arrives alone is written at once (nothing waits for company); under a burst each commit
carries the rows that queued while the previous one was being made.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from storage import inbox
from storage.db import Database

log = logging.getLogger(__name__)

STORE_WITHIN_SECONDS = 2.0  # lock and statement bounds of the write itself
ANSWER_WITHIN_SECONDS = 2.5  # Slack gives up on an answer after 3
BATCH_MAX = 100  # rows in one commit at most


@dataclass
class Row:
    """One row for the inbox, of the office ``db`` serves."""

    db: Database
    event_id: str
    event_type: str
    payload: dict[str, Any]
    now: datetime
    stored: Future[bool] = field(default_factory=Future)


class InboxWriter:
    """A thread that stores queued rows, a commit per office per batch. ``written`` is called
    after each commit (a worker in this process starts on them at once)."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[Row] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._listeners: list[Callable[[], None]] = []

    def on_written(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def forget(self, listener: Callable[[], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def write(self, row: Row, *, within: float = ANSWER_WITHIN_SECONDS) -> bool:
        """Store the row; True once committed (also when it was stored before: a redelivery),
        and raises when the database did not take it within ``within`` seconds (the write
        is left to finish or fail on its own)."""
        self._start()
        self._queue.put(row)
        try:
            return row.stored.result(timeout=within)
        except FutureTimeout:
            raise TimeoutError(f"the inbox write was not committed within {within} s") from None

    def _start(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="s55bot-inbox-writer", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        while True:
            batch = [self._queue.get()]
            while len(batch) < BATCH_MAX:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            self._store(batch)

    def _store(self, batch: list[Row]) -> None:
        by_office: dict[tuple[int, int | None], list[Row]] = {}
        for row in batch:
            by_office.setdefault((id(row.db.engine), row.db.office), []).append(row)
        for rows in by_office.values():
            try:
                _commit(rows)
            except Exception:
                # One bad row must not cost the others their ack: each alone, its own result.
                for row in rows:
                    try:
                        _commit([row])
                    except Exception as failure:
                        row.stored.set_exception(failure)
        for listener in self._listeners:
            try:
                listener()
            except Exception:  # a listener's failure is not the write's
                log.exception("an inbox listener failed")


def _commit(rows: list[Row]) -> None:
    """One statement and one commit for all the rows (of one office)."""
    with rows[0].db.session(within=STORE_WITHIN_SECONDS) as session:
        first = inbox.store_events(
            session,
            [
                {
                    "event_id": row.event_id,
                    "event_type": row.event_type,
                    "payload": row.payload,
                    "received_at": row.now,
                }
                for row in rows
            ],
        )
    for row in rows:
        row.stored.set_result(row.event_id in first)


WRITER = InboxWriter()  # one per process: every request's rows share its commits
