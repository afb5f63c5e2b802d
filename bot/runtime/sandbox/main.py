"""``s55bot sandbox`` (and ``make run`` with no Slack settings): start it, say where, serve."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from bot.runtime.stopping import ACKS_WITHIN_SECONDS, STOP_WITHIN_SECONDS, StopAsked
from bot.runtime.web import RunningServer

from . import demo, welcome
from .page import PAGE_THREADS, SERVER_BODY_BYTES, make_page_app
from .running import DATABASE_FILE, LOOPBACK, SLACK_FILE, DamagedSave, Sandbox

NO_SETTINGS = (
    "No Slack settings: starting the local sandbox at {url} (see README for connecting a real "
    "workspace)"
)
STARTED = "s55bot: the local sandbox is at {url} (Ctrl-C to stop)"


class CannotStart(Exception):
    """One line saying why the sandbox cannot start and what to do."""


def run_sandbox(
    *, port: int, demo_story: bool, directory: Path, because_no_settings: bool = False
) -> int:
    """Serve until Ctrl-C or SIGTERM, then stop as `s55bot serve` does (bot.runtime.stopping)
    and say so in one line."""
    if demo_story and _has_sandbox(directory):
        raise CannotStart(
            f"{DATABASE_FILE} already holds a sandbox here: start without --demo to go on with "
            f"it, or delete {DATABASE_FILE} and {SLACK_FILE} to start the demo afresh"
        )
    asked = StopAsked()  # before anything says it is ready
    quiet_console()
    started = time.monotonic()
    try:
        sandbox = Sandbox(directory, clock=demo.demo_clock() if demo_story else None).start(
            greet=not demo_story
        )
    except DamagedSave as damaged:
        raise CannotStart(str(damaged)) from None
    try:
        page = _serve_page(sandbox, port)
    except OSError as failure:
        sandbox.stop()
        raise CannotStart(
            f"cannot listen on {LOOPBACK}:{port} ({failure.strerror}): stop whatever is using "
            "it, or choose another port (PORT=3001 make run, or s55bot sandbox --port 3001)"
        ) from None
    url = f"http://{LOOPBACK}:{page.port}/"
    print((NO_SETTINGS if because_no_settings else STARTED).format(url=url), flush=True)
    # The one line above is all `make run` prints (README, Quick start); the timing is for -v.
    logging.getLogger("s55bot").debug("sandbox ready in %.2f s", time.monotonic() - started)
    try:
        if demo_story:
            sandbox.post_as_bot(welcome.demo_welcome_text())
            demo.play(sandbox)
        sandbox.start_scheduler()
        asked.wait()
    finally:
        deadline = time.monotonic() + STOP_WITHIN_SECONDS
        sandbox.end_long_polls()  # the page's own requests are then answered at once
        page.server.stop(within=ACKS_WITHIN_SECONDS)
        said = sandbox.stop(
            why=asked.signal_name or "asked", within=max(deadline - time.monotonic(), 0)
        )
    print(f"s55bot: {said}", flush=True)
    return 0


def quiet_console() -> None:
    """The console of `make run` shows its one line and then nothing unless something is
    wrong: the bot's and its libraries' INFO lines (a settings change, a reminder pass) are
    for a deployment's logs, and the sandbox's page already shows what happened."""
    logging.getLogger().setLevel(logging.WARNING)


class _Page:
    def __init__(self, server: RunningServer, port: int) -> None:
        self.server, self.port = server, port


def _serve_page(sandbox: Sandbox, port: int) -> _Page:
    server = RunningServer(
        make_page_app(sandbox),
        host=LOOPBACK,
        port=port,
        threads=PAGE_THREADS,
        max_body=SERVER_BODY_BYTES,
    )
    return _Page(server, int(server.url.rstrip("/").rsplit(":", 1)[1]))


def _has_sandbox(directory: Path) -> bool:
    return (directory / DATABASE_FILE).exists() or (directory / SLACK_FILE).exists()
