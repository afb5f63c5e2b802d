"""A sandbox in a temporary folder, its page served on a free loopback port."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.runtime.sandbox.clock import SandboxClock
from bot.runtime.sandbox.page import PAGE_THREADS, SERVER_BODY_BYTES, make_page_app
from bot.runtime.sandbox.running import DATABASE_FILE, Sandbox
from bot.runtime.web import RunningServer

LONDON = ZoneInfo("Europe/London")
# A Tuesday with no bank holiday near: reminders fall on the days the tests expect.
TUESDAY = datetime(2026, 11, 10, 10, 0, tzinfo=LONDON)


def clock_at(moment: datetime) -> SandboxClock:
    return SandboxClock(moment.astimezone(UTC) - datetime.now(UTC))


class Running:
    def __init__(self, sandbox: Sandbox, page: RunningServer) -> None:
        self.sandbox, self.page = sandbox, page
        self.url = page.url
        self.stopped = False

    def stop(self) -> None:
        if not self.stopped:
            self.stopped = True
            self.sandbox.end_long_polls()  # no page request outlives its server (running.py)
            self.page.stop()
            self.sandbox.stop()


def start_sandbox(
    folder: Path, clock: SandboxClock | None = None, *, migrated: Path | None = None
) -> Running:
    """A sandbox in ``folder`` with its page served. ``migrated``: a migrated database file
    (tests/conftest.py) copied in when the folder has none yet, the bytes the sandbox's own
    migration would write (0.3 s of CPU each); without it, the sandbox migrates its new file as
    a user's does (test_starting.py)."""
    database = folder / DATABASE_FILE
    if migrated is not None and not database.exists():
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(migrated, database)
    sandbox = Sandbox(folder, clock=clock or clock_at(TUESDAY)).start()
    sandbox.start_scheduler()
    page = RunningServer(
        make_page_app(sandbox),
        host="127.0.0.1",
        port=0,
        threads=PAGE_THREADS,
        max_body=SERVER_BODY_BYTES,
    )
    return Running(sandbox, page)


@pytest.fixture
def sandbox_in(tmp_path: Path, migrated_sqlite_file: Path) -> Iterator[Callable[..., Running]]:
    """Start sandboxes (in ``tmp_path`` unless told otherwise); all stopped afterwards.

    A new sandbox's database is a copy of the worker's migrated one (tests/conftest.py), the
    bytes its own migration would write: migrating each sandbox took 0.3 s of CPU, a twentieth
    of the whole suite's. A sandbox that migrates its new file is tested once, as a user starts
    it (test_starting.py)."""
    started: list[Running] = []

    def start(folder: Path = tmp_path, clock: SandboxClock | None = None) -> Running:
        running = start_sandbox(folder, clock, migrated=migrated_sqlite_file)
        started.append(running)
        return running

    yield start
    for running in reversed(started):
        running.stop()


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """Keep each phase's report on the test, so a browser fixture can screenshot a failure."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, "report_" + report.when, report)
