"""One sandbox process: the stand-in playing Slack, the real bot on a loopback port, the moved
clock, and what the pretend Slack holds kept in a file beside the bot's database."""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from slack_sdk import WebClient

from bot.reminders.schedule import run_everything_once, start_in_background
from bot.runtime.app import build_app
from bot.runtime.web import RunningServer, make_wsgi_app
from bot.services import Services
from bot.settings import Settings, load_settings
from bot.slack.client import make_client
from bot.standin import Call, Identity, SignedSlackRequests, SlackStandIn
from storage import queries
from storage.db import Database

from . import cast, welcome
from .clock import SandboxClock
from .slack_client import PretendSlackClient

log = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
DATABASE_FILE = "sandbox.db"
SLACK_FILE = "sandbox-slack.json"  # what the pretend Slack holds: messages, files, the clock
MAX_DAYS_PER_MOVE = 120
SAVE_EVERY_SECONDS = 0.5


class DamagedSave(Exception):
    """The file of what the pretend Slack held cannot be read; the message says what to do."""


class NotFresh(Exception):
    """Something has happened in this sandbox already; the message says what to do instead."""


class Sandbox:
    """Start with :meth:`start`, stop with :meth:`stop`; every part listens on loopback only."""

    def __init__(self, directory: Path, *, clock: SandboxClock | None = None) -> None:
        self.directory = directory
        self.slack_file = directory / SLACK_FILE
        saved = _read_saved(self.slack_file)
        self.fresh = not saved.get("workspace")  # nothing saved: a sandbox starting afresh
        self._touched = False
        self.clock = clock or SandboxClock(timedelta(seconds=saved["clock_offset"]))
        self._version = 0
        # Versions count from 0 again after a restart: the page tells one run from the next.
        self.run_id = secrets.token_hex(8)
        self._saved_version = 0
        self._changes = threading.Condition()
        self._stopping = threading.Event()
        self._closing = threading.Event()  # the page is closing: long polls answer at once
        self.standin = SlackStandIn(
            token="xoxb-sandbox",
            identity=Identity(),
            keep_calls=False,
            on_call=self._seen,
            message_clock=lambda: self.clock.now().timestamp(),
        ).start()
        if saved.get("workspace"):
            try:
                self.standin.workspace.restore(saved["workspace"])
            except (KeyError, TypeError, ValueError, AttributeError) as failure:
                self.standin.stop()
                raise _damaged(self.slack_file, f"{type(failure).__name__}: {failure}") from None
        _set_up_people(self.standin)
        self.signing_secret = secrets.token_hex(16)
        self.settings = self._settings()
        self.services = Services(
            settings=self.settings,
            db=Database(self.settings.database_url),
            client=make_client(self.settings),
            now=self.clock.now,
        )
        self._bot_server: RunningServer | None = None
        self.slack: PretendSlackClient | None = None

    def _settings(self) -> Settings:
        env = cast.bot_environment(
            api_url=self.standin.url,
            signing_secret=self.signing_secret,
            database_url=f"sqlite:///{self.directory / DATABASE_FILE}",
        )
        return load_settings(env, dotenv=False)

    # ---- lifecycle ----------------------------------------------------------------------------
    def start(self, *, greet: bool = True) -> Sandbox:
        """``greet``: a fresh sandbox opens on the bot's welcome (the demo posts its own)."""
        self.services.db.migrate()
        app = build_app(self.services)
        self._bot_server = RunningServer(
            make_wsgi_app(app, self.services.db), host=LOOPBACK, port=0
        )
        requests = SignedSlackRequests(
            self._bot_server.url + "slack/events",
            self.signing_secret,
            team_id=self.standin.identity.team_id,
            bot_user_id=self.standin.identity.bot_user_id,
            api_app_id=self.standin.identity.app_id,
        )
        self.slack = PretendSlackClient(self.standin, requests, changed=self.changed)
        self._scheduler: Any = None
        self._demo_lock = threading.Lock()
        if greet and self.fresh:
            self.post_as_bot(welcome.welcome_text(self.services.today()))
        threading.Thread(target=self._keep_saving, name="sandbox-save", daemon=True).start()
        return self

    def post_as_bot(self, text: str) -> str:
        """A message from the bot in the team channel, through Slack's Web API (the stand-in)
        with the bot's token, as the bot posts anything: its ts."""
        answer = self._as_bot().chat_postMessage(channel=cast.CHANNEL, text=text)
        return str(answer["ts"])

    def _as_bot(self) -> WebClient:
        return WebClient(base_url=self.standin.url, token=self.settings.bot_token)

    def untouched(self) -> bool:
        """Nothing has happened here but the bot's welcome: no inspection, no one's message.
        Once something has, it stays so (the page asks on every screen: no read after that)."""
        if self._touched:
            return False
        bot = self.standin.identity.bot_user_id
        said = any(m.get("user") != bot for m in self.standin.messages.get(cast.CHANNEL, []))
        if not said:
            with self.services.db.session(read_only=True) as session:
                said = queries.any_inspection(session)
        self._touched = said
        return not said

    def start_demo(self, play: Callable[[Sandbox], None], starts: datetime) -> None:
        """The demo, here, in a sandbox nothing has happened in: its clock set back to the
        demo's first day (no day has been lived here yet), the welcome replaced by the demo's,
        the story played, the scheduler held meanwhile (it must not race the demo's moves of
        the clock)."""
        if not self._demo_lock.acquire(blocking=False):
            raise NotFresh("the demo is already starting")
        try:
            if not self.untouched():
                raise NotFresh(
                    "the demo starts in a sandbox nothing has happened in: stop this one and run "
                    "`.venv/bin/s55bot sandbox --demo` in an empty folder"
                )
            if self._scheduler is not None:
                self._scheduler.pause()
            try:
                for message in list(self.standin.messages.get(cast.CHANNEL, [])):
                    self._as_bot().chat_delete(channel=cast.CHANNEL, ts=message["ts"])
                self.clock.restart_at(starts)
                self.post_as_bot(welcome.demo_welcome_text())
                play(self)
            finally:
                if self._scheduler is not None:
                    self._scheduler.resume()
        finally:
            self._demo_lock.release()
            self.changed()

    def start_scheduler(self) -> None:
        """The scheduler `s55bot serve` runs (digest, retries, inbox), on the sandbox clock;
        after the demo's story, so that it never races the demo's moves of the clock."""
        self._scheduler = start_in_background(self.services)

    def stop(self) -> None:
        if self._stopping.is_set():
            return
        self._stopping.set()
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
        if self._bot_server is not None:
            self._bot_server.stop()
        self.save()
        self.standin.stop()
        self.services.db.engine.dispose()

    # ---- changes, for the page's long poll and for saving ----------------------------------
    def _seen(self, call: Call) -> None:
        if call.outcome != "ok":  # what Slack refused the bot is worth a line in the console
            log.warning("Slack (the stand-in) answered %s to %s", call.outcome, call.method)
        self.changed()

    def changed(self) -> None:
        with self._changes:
            self._version += 1
            self._changes.notify_all()

    def version(self) -> int:
        with self._changes:
            return self._version

    def wait_for_change(self, since: int, timeout: float) -> int:
        with self._changes:
            self._changes.wait_for(
                lambda: self._version != since or self._closing.is_set(), timeout=timeout
            )
            return self._version

    def end_long_polls(self) -> None:
        """Answer every page waiting for a change now, and any later one at once: before the
        page's server stops. A long poll still waiting when waitress closes its sockets would
        wake later and write to a file descriptor the process has since given to another file
        (in the tests, the next sandbox's database: "file is not a database")."""
        self._closing.set()
        with self._changes:
            self._changes.notify_all()

    def save(self) -> None:
        """Write what the pretend Slack holds, atomically (a crash leaves the old file)."""
        version = self.version()
        state = {
            "clock_offset": self.clock.offset.total_seconds(),
            "workspace": self.standin.workspace.snapshot(),
        }
        partial = self.slack_file.with_suffix(".json.partial")
        partial.write_text(json.dumps(state))
        os.replace(partial, self.slack_file)
        self._saved_version = version

    def _keep_saving(self) -> None:
        while not self._stopping.wait(SAVE_EVERY_SECONDS):
            if self.version() != self._saved_version:
                try:
                    self.save()
                except OSError:
                    log.exception("could not save %s", self.slack_file)

    # ---- the clock control --------------------------------------------------------------------
    def move_days(self, days: int) -> int:
        """Live through ``days`` days, to each next day's digest time, where that day's
        reminder pass runs as the scheduler would run it. Returns how many were sent."""
        sent = 0
        zone = self.settings.timezone
        for _ in range(max(0, min(days, MAX_DAYS_PER_MOVE))):
            tomorrow = self.clock.now().astimezone(zone).date() + timedelta(days=1)
            digest = datetime.combine(tomorrow, self.settings.digest_time, tzinfo=zone)
            self.clock.move_to(digest + timedelta(minutes=1))
            sent += self.run_reminders()
        return sent

    def move_to_deadline(self) -> int | None:
        """Live through every day up to the nearest open inspection's deadline: how many
        reminders were sent, or None if no open inspection has a deadline ahead."""
        today = self.services.today()
        with self.services.db.session(read_only=True) as session:
            deadlines = [i.statutory_deadline for i in queries.open_inspections(session)]
        upcoming = [d for d in deadlines if d > today]
        if not upcoming:
            return None
        return self.move_days((min(upcoming) - today).days)

    def run_reminders(self) -> int:
        """What the digest-time job does, now (at the digest time if the day is younger):
        how many reminders were sent."""
        zone = self.settings.timezone
        local = self.clock.now().astimezone(zone)
        digest = datetime.combine(local.date(), self.settings.digest_time, tzinfo=zone)
        self.clock.move_to(digest + timedelta(minutes=1))
        report = run_everything_once(self.services)
        self.changed()
        return report.sent

    def clock_text(self) -> str:
        local = self.clock.now().astimezone(self.settings.timezone)
        return local.strftime("%a %-d %b %Y, %H:%M")


def _set_up_people(standin: SlackStandIn) -> None:
    for person in cast.PEOPLE:
        first, _, last = person.name.partition(" ")
        standin.set_user(
            person.user_id,
            name=first.lower(),
            real_name=person.name,
            profile={
                "real_name": person.name,
                "display_name": person.name,
                "first_name": first,
                "last_name": last,
                "title": person.role,
            },
        )
    for group_id, (_handle, members) in cast.GROUPS.items():
        standin.set_usergroup(group_id, list(members))
    standin.set_channel(cast.CHANNEL, name=cast.CHANNEL_NAME, is_member=True)


def _read_saved(path: Path) -> dict[str, Any]:
    """What the last run saved; a damaged file is named with the way out, never half-read."""
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"clock_offset": 0.0}
    except (OSError, ValueError) as failure:
        raise _damaged(path, str(failure)) from None
    offset = loaded.get("clock_offset", 0.0) if isinstance(loaded, dict) else None
    if not isinstance(offset, int | float) or isinstance(offset, bool):
        raise _damaged(path, "no clock in it")
    if not isinstance(loaded.get("workspace", {}), dict):
        raise _damaged(path, "no workspace in it")
    return {**loaded, "clock_offset": float(offset)}


def _damaged(path: Path, why: str) -> DamagedSave:
    return DamagedSave(
        f"{path.name} cannot be read ({why}): delete it and {DATABASE_FILE} to start the "
        "sandbox afresh"
    )
