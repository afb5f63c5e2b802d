"""A pool whose threads never hold the process at exit (bot.threads): work done in order, a
bound on what it holds, and a wait for it that is bounded."""

from __future__ import annotations

import threading
import time

import pytest

from bot.threads import DaemonPool, PoolFull


def test_work_is_done_on_daemon_threads_and_its_result_or_failure_given_back() -> None:
    pool = DaemonPool(2, "test-pool")

    def fail() -> None:
        raise ValueError("no")

    done = pool.submit(lambda x: x * 2, 21)
    failed = pool.submit(fail)
    assert done.result(timeout=10) == 42
    with pytest.raises(ValueError, match="no"):
        failed.result(timeout=10)
    assert pool.idle(10)
    held = [thread for thread in threading.enumerate() if thread.name.startswith("test-pool")]
    assert held and len(held) <= 2 and all(thread.daemon for thread in held)
    pool.shutdown()


def test_no_more_than_its_limit_is_held_and_room_comes_back_as_work_ends() -> None:
    release = threading.Event()
    pool = DaemonPool(1, "test-limited", limit=2)
    first = pool.submit(release.wait, 10)
    pool.submit(release.wait, 10)  # waits behind the first
    with pytest.raises(PoolFull):
        pool.submit(release.wait, 10)
    release.set()
    assert first.result(timeout=10) is True
    assert pool.idle(10)
    assert pool.submit(lambda: "room again").result(timeout=10) == "room again"
    pool.shutdown()


def test_waiting_for_work_that_does_not_end_is_bounded_and_the_rest_can_be_dropped() -> None:
    release = threading.Event()
    pool = DaemonPool(1, "test-stuck")
    running = pool.submit(release.wait, 30)  # a replay whose file Slack never hands over
    waiting = pool.submit(lambda: "never started")
    try:
        started = time.monotonic()
        assert pool.idle(0.3) is False
        assert time.monotonic() - started < 3  # not the work's 30 s
        pool.shutdown(wait=False, cancel_futures=True)
        assert waiting.cancelled()
        with pytest.raises(RuntimeError):
            pool.submit(lambda: None)
    finally:
        release.set()
    assert running.result(timeout=10) is True
    assert pool.idle(10)
