"""The fault and hostile-input probes' figures, printed as one table when the run ends (and
written to test-artifacts/fault-probes*.txt: a worker of a parallel run prints nothing).

A probe is one kind of attack or fault, tried on one database: how many times it was tried,
refused (a clear refusal, nothing harmed), stored (what the person gave was kept), lost (what
they gave is gone, or they were told something untrue about it), doubled (stored or said
twice), the worst time from the request to the bot having finished with it, and the peak
memory of the process that read a file (the box's reader).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from bot.standin import SlackStandIn
from storage.db import Database
from tests.browser import ARTIFACTS
from tests.e2e import Bot, start_bot, stop_bot


@dataclass
class Probe:
    name: str
    backend: str
    tried: int = 0
    refused: int = 0
    stored: int = 0
    lost: int = 0
    doubled: int = 0
    untrue: int = 0
    worst_seconds: float = 0.0
    peak_rss: int | None = None

    def took(self, seconds: float) -> None:
        self.worst_seconds = max(self.worst_seconds, seconds)

    def read_with(self, peak_rss: int | None) -> None:
        if peak_rss is not None:
            self.peak_rss = max(self.peak_rss or 0, peak_rss)


PROBES: list[Probe] = []


@pytest.fixture
def probe(request: pytest.FixtureRequest) -> Iterator[Probe]:
    """This test's probe, named after it (its database in the name's brackets)."""
    name = request.node.name
    backend = "postgres" if "postgres" in name else "sqlite"
    found = Probe(name.split("[")[0].removeprefix("test_"), backend)
    params = [p for p in name.partition("[")[2].rstrip("]").split("-") if p]
    params = [p for p in params if p not in ("sqlite", "postgres")]
    if params:
        found.name = "-".join(params)
    PROBES.append(found)
    yield found


def reader_peaks(records: list[logging.LogRecord]) -> int | None:
    """The largest reader peak the box logged (bot.documents.box), in bytes."""
    peaks = [getattr(record, "reader_peak_rss", None) for record in records]
    known = [peak for peak in peaks if isinstance(peak, int)]
    return max(known) if known else None


def table(probes: list[Probe]) -> list[str]:
    head = (
        f"{'probe':40} {'db':8} {'tried':>5} {'refused':>7} {'stored':>6} {'lost':>4} "
        f"{'doubled':>7} {'untrue':>6} {'worst':>8} {'reader RSS':>10}"
    )
    lines = [head, "-" * len(head)]
    for p in sorted(probes, key=lambda p: (p.name, p.backend)):
        rss = f"{p.peak_rss / 2**20:,.0f} MB" if p.peak_rss else "—"
        lines.append(
            f"{p.name[:40]:40} {p.backend:8} {p.tried:>5} {p.refused:>7} {p.stored:>6} "
            f"{p.lost:>4} {p.doubled:>7} {p.untrue:>6} {p.worst_seconds:>7.2f}s {rss:>10}"
        )
    return lines


def pytest_sessionfinish(session: pytest.Session) -> None:
    if not PROBES:
        return
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    out = ARTIFACTS / (f"fault-probes-{worker}.txt" if worker else "fault-probes.txt")
    out.write_text("\n".join(table(PROBES)) + "\n", encoding="utf-8")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if PROBES:
        terminalreporter.section("fault and hostile-input probes (tests/faults)")
        for line in table(PROBES):
            terminalreporter.write_line(line)


@pytest.fixture
def web(slack: SlackStandIn, database: Database) -> Iterator[Bot]:
    """The bot as `s55bot serve` runs it: the work after each ack stored in the inbox and done
    by a worker on threads of the same process (the processes killed here are other workers)."""
    running = start_bot(slack, database, by_workers=True)
    yield running
    stop_bot(running)
