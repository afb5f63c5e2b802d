"""Thread pools that never hold the process at exit (README "Stopping").

The interpreter joins every thread of a ``concurrent.futures.ThreadPoolExecutor`` at exit, so
work still running in one (a replay waiting for a file Slack is slow to hand over, a reminder
pass waiting out a Retry-After) keeps a stopped process alive for as long as that work takes,
past the 30 s a process manager gives before SIGKILL. A stop here waits for such work a
bounded while (:meth:`DaemonPool.idle`), then leaves it: its threads are daemon threads, and
whatever they were doing is claimed in the database and done again by the next process.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any


class PoolFull(Exception):
    """The pool already holds as much work as it may: submit it again later."""


class DaemonPool(Executor):
    """``threads`` daemon threads (started as work comes) taking work in order; at most
    ``limit`` pieces of work submitted and not finished (None: no limit)."""

    def __init__(self, threads: int, name: str, *, limit: int | None = None) -> None:
        self._size, self._name, self._limit = threads, name, limit
        self._work: queue.SimpleQueue[tuple[Future[Any], Callable[..., Any], tuple, dict] | None]
        self._work = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._finished = threading.Condition(self._lock)
        self._unfinished = 0  # submitted, not yet finished
        self._threads: list[threading.Thread] = []
        self._shut = False

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        with self._lock:
            if self._shut:
                raise RuntimeError(f"{self._name}: no work is taken after shutdown")
            if self._limit is not None and self._unfinished >= self._limit:
                raise PoolFull(f"{self._name}: {self._unfinished} pieces of work already held")
            self._unfinished += 1
            self._work.put((future, fn, args, kwargs))
            if self._unfinished > len(self._threads) < self._size:  # no thread free for it
                thread = threading.Thread(
                    target=self._take_work,
                    name=f"{self._name}_{len(self._threads)}",
                    daemon=True,
                )
                self._threads.append(thread)
                thread.start()
        return future

    def idle(self, timeout: float | None) -> bool:
        """Wait (at most ``timeout`` seconds; None: for as long as it takes) until no work is
        running or waiting; whether none is."""
        with self._finished:
            return self._finished.wait_for(lambda: self._unfinished == 0, timeout)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """No more work is taken; ``cancel_futures``: work not started yet is dropped;
        ``wait``: wait for the rest to finish (unbounded, as Executor's; a bounded stop calls
        :meth:`idle` instead)."""
        with self._lock:
            self._shut = True
            if cancel_futures:
                while True:
                    try:
                        item = self._work.get_nowait()
                    except queue.Empty:
                        break
                    if item is not None:
                        item[0].cancel()
                        self._unfinished -= 1
                self._finished.notify_all()
            for _ in self._threads:
                self._work.put(None)  # each thread ends once the work before it is done
        if wait:
            self.idle(None)

    def _take_work(self) -> None:
        while (item := self._work.get()) is not None:
            future, fn, args, kwargs = item
            try:
                if future.set_running_or_notify_cancel():
                    try:
                        future.set_result(fn(*args, **kwargs))
                    except BaseException as failure:  # the future carries it to its caller
                        future.set_exception(failure)
            finally:
                with self._finished:
                    self._unfinished -= 1
                    self._finished.notify_all()
