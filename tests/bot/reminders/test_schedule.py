"""The scheduler of `s55bot serve`, `socket` and `clock` (bot.reminders.schedule): a stop waits
for a job under way a bounded while, and never leaves a thread the exit must wait for."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

from bot.reminders.schedule import Scheduler


def test_a_stop_waits_for_a_job_under_way_a_bounded_while_and_no_thread_holds_the_exit() -> None:
    in_job, release = threading.Event(), threading.Event()

    def reminder_pass() -> None:  # waiting out a Retry-After far past the stop
        in_job.set()
        release.wait(30)

    scheduler = Scheduler(timezone=UTC)
    # As the reminder pass is scheduled: now, and again later (a job run once would be taken
    # out of the job store as the stop shuts it, a race of APScheduler's own).
    scheduler.add_job(reminder_pass, "interval", hours=1, next_run_time=datetime.now(UTC))
    scheduler.start()
    try:
        assert in_job.wait(10)
        started = time.monotonic()
        assert scheduler.stop(within=0.3) is False
        assert time.monotonic() - started < 3  # not the job's 30 s
        held = [t for t in threading.enumerate() if t.name.startswith("s55bot-scheduled")]
        assert held and all(thread.daemon for thread in held)  # the exit does not wait
        assert not scheduler.running  # no job starts from now on
    finally:
        release.set()


def test_a_stop_with_nothing_under_way_is_immediate() -> None:
    scheduler = Scheduler(timezone=UTC)
    scheduler.start()
    started = time.monotonic()
    assert scheduler.stop(within=10) is True
    assert time.monotonic() - started < 3
