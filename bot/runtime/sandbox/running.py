"""One sandbox process: the stand-in playing Slack with two workspaces (two offices), the real
bot as a host for every office on a loopback port, the moved clock, and what the pretend Slack
holds kept in a file beside the bot's database.

The bot runs as `s55bot serve` runs for many offices (bot.runtime.host): Add to Slack through
Bolt's OAuth flow, tokens encrypted at rest, each request served as its workspace's office, the
work after each ack stored in the inbox and done by a worker on threads of the process (so a
stop leaves what it interrupted for the next start, bot.runtime.stopping). The
first office (cast.NORFOLK) is installed by that same flow when the sandbox starts, by its
admin pressing Allow, and set up with the settings its admin would choose; the second is left
for whoever tries the sandbox to install and set up in the browser."""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet
from slack_sdk import WebClient

from bot.inbox.worker import Worker
from bot.offices.install import INSTALL_PATH, REDIRECT_PATH
from bot.offices.installations import TokenUnreadable
from bot.reminders.schedule import run_everything_once
from bot.runtime.host import Host, build_host
from bot.runtime.stopping import STOP_WITHIN_SECONDS, Parts, stop
from bot.runtime.web import RunningServer, make_wsgi_app
from bot.runtime.worker import start_worker
from bot.services import Services
from bot.settings import Settings, load_settings
from bot.standin import Call, SignedSlackRequests, SlackStandIn
from storage import offices, queries
from storage.db import Database, schema_is_current

from . import cast, welcome
from .clock import SandboxClock
from .screens import ABSENT, NOT_SET_UP, READY
from .slack_client import PretendSlackClient

log = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
DATABASE_FILE = "sandbox.db"
SLACK_FILE = "sandbox-slack.json"  # what the pretend Slack holds: messages, files, the clock
MAX_DAYS_PER_MOVE = 120
SAVE_EVERY_SECONDS = 0.5
# The sandbox app's client ID on the stand-in: fixed, since the installation store keeps each
# office's install under it (a new one at each start would lose them all).
CLIENT_ID = "5555.55"


class DamagedSave(Exception):
    """The file of what the pretend Slack held cannot be read; the message says what to do."""


class FirstOfficeNotAdded(DamagedSave):
    """The first office could not be installed at start (what is kept disagrees with itself,
    say a token key and tokens from different runs); the message says what to do."""


class NotFresh(Exception):
    """Something has happened in this sandbox already; the message says what to do instead."""


class Sandbox:
    """Start with :meth:`start`, stop with :meth:`stop`; every part listens on loopback only."""

    def __init__(self, directory: Path, *, clock: SandboxClock | None = None) -> None:
        self.directory = directory
        self.slack_file = directory / SLACK_FILE
        saved = _read_saved(self.slack_file)
        self.fresh = not saved["workspaces"]  # nothing saved: a sandbox starting afresh
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
            # A fixed token nobody uses: without one the stand-in takes any token as the first
            # workspace's, and a token it never issued (a save lost) must get invalid_auth.
            token=f"xoxb-unused-{secrets.token_hex(8)}",
            identity=cast.NORFOLK.identity,
            keep_calls=False,
            on_call=self._seen,
            message_clock=lambda: self.clock.now().timestamp(),
        ).start()
        for office in cast.OFFICES[1:]:
            self.standin.add_workspace(office.identity)
        try:
            for team_id, kept in saved["workspaces"].items():
                self.standin.workspace_for(team_id).restore(kept)
            self.standin.oauth.restore(saved.get("oauth") or {})
        except (KeyError, TypeError, ValueError, AttributeError) as failure:
            self.standin.stop()
            raise _damaged(self.slack_file, f"{type(failure).__name__}: {failure}") from None
        for office in cast.OFFICES:
            _set_up_people(self.standin, office)
        self.signing_secret = secrets.token_hex(16)
        self._client_secret = secrets.token_hex(16)
        # Kept with what Slack holds: the offices' tokens in sandbox.db are sealed with it.
        self.token_key = saved.get("token_key") or Fernet.generate_key().decode()
        self.environment = cast.host_environment(
            api_url=self.standin.url,
            signing_secret=self.signing_secret,
            client_id=CLIENT_ID,
            client_secret=self._client_secret,
            token_key=self.token_key,
            database_url=f"sqlite:///{self.directory / DATABASE_FILE}",
        )
        self.host_settings = load_settings(self.environment, dotenv=False)
        self.db = Database(self.host_settings.database_url)
        self.host: Host | None = None
        self._bot_server: RunningServer | None = None
        self._worker: Worker | None = None
        self.slacks: dict[str, PretendSlackClient] = {}
        self.slack: PretendSlackClient | None = None  # the first office's
        self._scheduler: Any = None
        self._demo_lock = threading.Lock()

    # ---- lifecycle ----------------------------------------------------------------------------
    def start(self, *, greet: bool = True) -> Sandbox:
        """``greet``: a fresh sandbox opens on the bot's welcome (the demo posts its own)."""
        if not schema_is_current(self.db):  # a sandbox started again: alembic stays unloaded
            self.db.migrate()
        self.host = build_host(
            self.host_settings,
            self.db,
            environ=self.environment,
            now=self.clock.now,
            by_workers=True,
        )
        self._worker = start_worker(
            self.host.app,
            self.db.across_offices(),
            self.host.services_for_office,
            now=self.clock.now,
        )
        self._bot_server = RunningServer(
            make_wsgi_app(self.host.app, self.db), host=LOOPBACK, port=0
        )
        self.standin.configure_oauth(
            CLIENT_ID, self._client_secret, redirect_urls=[self.bot_url + REDIRECT_PATH[1:]]
        )
        requests = SignedSlackRequests(
            self.bot_url + "slack/events",
            self.signing_secret,
            api_app_id=self.standin.identity.app_id,
        )
        for office in cast.OFFICES:
            ident = office.identity
            self.slacks[office.team_id] = PretendSlackClient(
                self.standin,
                office,
                requests.for_team(ident.team_id, ident.team_domain, bot_user_id=ident.bot_user_id),
                changed=self.changed,
                installed=self.installed,
            )
        self.slack = self.slacks[cast.NORFOLK.team_id]
        try:
            self._set_up_first_office()
        except FirstOfficeNotAdded:
            self.stop()  # nothing left listening: the command line says why, in one line
            raise
        if greet and self.fresh:
            self.post_as_bot(welcome.welcome_text(self.services.today()))
        threading.Thread(target=self._keep_saving, name="sandbox-save", daemon=True).start()
        return self

    @property
    def bot_url(self) -> str:
        """Where the bot listens (its /slack/events, /slack/install): on loopback."""
        assert self._bot_server is not None, "start the sandbox first"
        return self._bot_server.url

    def install_url(self, office: cast.Office, user: str) -> str:
        """Add to Slack, as ``user`` of ``office``: the stand-in signs the browser in to that
        workspace as them (Slack's sign-in), then sends it to the bot's install page."""
        query = urllib.parse.urlencode(
            {"team": office.team_id, "user": user, "redir": self.bot_url + INSTALL_PATH[1:]}
        )
        return f"{self.standin.base}signin?{query}"

    def installed(self, team_id: str) -> bool:
        """Whether the app is in that workspace now, as Slack knows it."""
        found = self.standin.installation(team_id)
        return found is not None and found.installed

    def page_loaded(self, office: cast.Office) -> None:
        """The workspace's page (re)loaded: Slack's client starting afresh, which closes the
        modals left open in it (Slack sends the app nothing for that)."""
        workspace = self.standin.workspace_for(office.team_id)
        closed = False
        with workspace.lock:
            for person in office.people:
                if workspace.modal_stack(person.user_id):
                    workspace.close_modal(person.user_id, clear=True)
                    closed = True
        if closed:
            self.changed()

    def app_state(self, team_id: str) -> str:
        """Where the app stands in that workspace: not added, added without a team channel
        chosen (as the bot's install page tells it), or ready (bot.runtime.sandbox.screens)."""
        if not self.installed(team_id):
            return ABSENT
        assert self.host is not None, "start the sandbox first"
        office = self.host.directory.office_for_team(team_id)
        chosen = office is not None and (office.settings or {}).get("S55_CHANNEL")
        return READY if chosen else NOT_SET_UP

    def _set_up_first_office(self) -> None:
        """The first office installed (by its admin, through Slack's Allow and the bot's
        real OAuth flow) and set up as its admin would set it up, if it is not yet."""
        first = cast.NORFOLK
        assert self.host is not None
        with self.db.across_offices().session() as session:
            # The database's single office is the first office: a sandbox kept from before
            # there were two keeps its records.
            offices.adopt_single_office(session, first.team_id, first.name)
        try:
            # Slack forgot it (the Slack file lost): added again below, whatever is kept.
            kept = self.installed(first.team_id) and self.host.store.find_bot(
                enterprise_id=None, team_id=first.team_id
            )
        except TokenUnreadable:
            raise FirstOfficeNotAdded(
                f"{first.name}'s Slack token in {DATABASE_FILE} does not open with the key in "
                f"{SLACK_FILE} (they are from different sandboxes): delete both to start the "
                "sandbox afresh"
            ) from None
        if not kept:
            page = install_through_slack(self.bot_url, self.standin, first)
            if "s55bot is" not in page:
                raise FirstOfficeNotAdded(
                    f"adding the app to {first.name} at start failed (the bot answered: "
                    f"{_text_of(page)[:160]}): delete {DATABASE_FILE} and {SLACK_FILE} to start "
                    "the sandbox afresh"
                )
        office = self.host.directory.office_for_team(first.team_id)
        assert office is not None
        with self.db.across_offices().session() as session:
            chosen = offices.chosen_settings(session, office.id)
            if "S55_CHANNEL" not in chosen:  # never set up (a new sandbox, or one from before)
                offices.store_office_settings(session, office.id, {**first.settings, **chosen})

    def services_of(self, office: cast.Office) -> Services | None:
        """The bot's services for ``office`` (None until the app is installed there)."""
        assert self.host is not None, "start the sandbox first"
        found = self.host.directory.office_for_team(office.team_id)
        return None if found is None else self.host.directory.services_for(found)

    @property
    def services(self) -> Services:
        """The first office's services (the demo's, the page's clock)."""
        services = self.services_of(cast.NORFOLK)
        assert services is not None, "the first office is installed at start"
        return services

    @property
    def settings(self) -> Settings:
        return self.services.settings

    def post_as_bot(self, text: str) -> str:
        """A message from the bot in the first office's team channel, through Slack's Web API
        (the stand-in) with the bot's token, as the bot posts anything: its ts."""
        answer = self._as_bot().chat_postMessage(channel=cast.CHANNEL, text=text)
        return str(answer["ts"])

    def _as_bot(self) -> WebClient:
        return WebClient(base_url=self.standin.url, token=self.settings.bot_token)

    def untouched(self) -> bool:
        """Nothing has happened here but the bot's welcome: no inspection, no one's message,
        in either office. Once something has, it stays so (the page asks on every screen: no
        read after that)."""
        if self._touched:
            return False
        said = False
        for office in cast.OFFICES:
            workspace = self.standin.workspace_for(office.team_id)
            with workspace.lock:
                said = said or any(
                    m.get("user") != office.identity.bot_user_id
                    for m in workspace.messages.get(office.channel, [])
                )
        if not said:
            with self.db.across_offices().session(read_only=True) as session:
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
        """The scheduler `s55bot serve` runs for every office (digest, retries, inbox), on the
        sandbox clock; after the demo's story, so that it never races the demo's moves of the
        clock."""
        assert self.host is not None, "start the sandbox first"
        self._scheduler = self.host.scheduler.start()

    def stop(self, *, why: str = "asked", within: float = STOP_WITHIN_SECONDS) -> str:
        """Stop the bot as `s55bot serve` stops (bot.runtime.stopping: what it was doing is
        left in sandbox.db for the next start), then save and stop the pretend Slack. The one
        line saying how it went."""
        if self._stopping.is_set():
            return "already stopped"
        self._stopping.set()
        parts = Parts(web=self._bot_server, worker=self._worker)
        if self._scheduler is not None and self.host is not None:
            parts.scheduler = self.host.scheduler
        said = stop(parts, what="the sandbox", why=why, within=within)
        self.save()
        self.standin.stop()
        self.db.engine.dispose()
        return said

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
            "workspaces": {
                team_id: workspace.snapshot()
                for team_id, workspace in self.standin.workspaces.items()
            },
            "oauth": self.standin.oauth.snapshot(),
            "token_key": self.token_key,
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
        """Live through ``days`` days, to each office's digest time on each next day, where
        that office's reminder pass runs as the scheduler would run it. Today's digest comes
        first where its time is still ahead (as the scheduler would send it): a day lived
        through from the early morning has its digest. Returns how many reminders were sent,
        in every office."""
        sent = 0
        zone = self.settings.timezone
        if days <= 0:
            return sent
        for services in self._set_up_offices():
            now = self.clock.now()
            digest = datetime.combine(
                now.astimezone(zone).date(), services.settings.digest_time, tzinfo=zone
            )
            if digest > now:
                self.clock.move_to(digest + timedelta(minutes=1))
                sent += run_everything_once(services).sent
        for _ in range(min(days, MAX_DAYS_PER_MOVE)):
            tomorrow = self.clock.now().astimezone(zone).date() + timedelta(days=1)
            for services in self._set_up_offices():
                digest = datetime.combine(tomorrow, services.settings.digest_time, tzinfo=zone)
                self.clock.move_to(digest + timedelta(minutes=1))
                sent += run_everything_once(services).sent
        self.changed()
        return sent

    def move_to_deadline(self) -> int | None:
        """Live through every day up to the nearest open inspection's deadline, in any
        office: how many reminders were sent, or None if no open inspection has a deadline
        ahead."""
        today = self.services.today()
        with self.db.across_offices().session(read_only=True) as session:
            deadlines = [i.statutory_deadline for i in queries.open_inspections(session)]
        upcoming = [d for d in deadlines if d > today]
        if not upcoming:
            return None
        return self.move_days((min(upcoming) - today).days)

    def run_reminders(self) -> int:
        """What the digest-time job does, now, for every office (each at its digest time if
        the day is younger): how many reminders were sent."""
        sent = 0
        zone = self.settings.timezone
        for services in self._set_up_offices():
            local = self.clock.now().astimezone(zone)
            digest = datetime.combine(local.date(), services.settings.digest_time, tzinfo=zone)
            self.clock.move_to(digest + timedelta(minutes=1))
            sent += run_everything_once(services).sent
        self.changed()
        return sent

    def _set_up_offices(self) -> list[Services]:
        """The services of every office installed and set up (its channel chosen: an office
        without one has nothing to remind), the earliest digest time first."""
        assert self.host is not None, "start the sandbox first"
        directory = self.host.directory
        found = [directory.services_for(office) for office in directory.serving()]
        ready = [services for services in found if services.settings.channel]
        return sorted(ready, key=lambda services: services.settings.digest_time)

    def clock_text(self) -> str:
        local = self.clock.now().astimezone(self.settings.timezone)
        return local.strftime("%a %-d %b %Y, %H:%M")


def install_through_slack(bot_url: str, standin: SlackStandIn, office: cast.Office) -> str:
    """The office's installer adds the app as a browser would, without one: opens the bot's
    install page, follows its Add to Slack link to Slack's authorize page, presses Allow (as
    the installer) and follows Slack back to the bot's redirect, with the state cookie the
    install page set. Returns the page the bot answers (installed, or why not)."""
    with urllib.request.urlopen(bot_url + INSTALL_PATH[1:], timeout=10) as page:
        html = page.read().decode()
        state_cookie = page.headers["Set-Cookie"].split(";")[0]
    link = re.search(r'href="([^"]*oauth/v2/authorize[^"]*)"', html)
    if link is None:
        raise FirstOfficeNotAdded(
            f"the bot's install page has no Add to Slack link ({_text_of(html)[:160]}): delete "
            f"{DATABASE_FILE} and {SLACK_FILE} to start the sandbox afresh"
        )
    back = standin.approve_install(
        link.group(1).replace("&amp;", "&"),
        team_id=office.team_id,
        user_id=office.installer.user_id,
    )
    request = urllib.request.Request(back, headers={"Cookie": state_cookie})
    try:
        with urllib.request.urlopen(request, timeout=10) as done:
            return str(done.read().decode())
    except urllib.error.HTTPError as refused:  # the bot's page of why not, to be shown
        return str(refused.read().decode(errors="replace"))


def _set_up_people(standin: SlackStandIn, office: cast.Office) -> None:
    workspace = standin.workspace_for(office.team_id)
    with workspace.lock:
        for person in office.people:
            first, _, last = person.name.partition(" ")
            workspace.users[person.user_id] = {
                "name": first.lower(),
                "real_name": person.name,
                "profile": {
                    "real_name": person.name,
                    "display_name": person.name,
                    "first_name": first,
                    "last_name": last,
                    "title": person.role,
                },
            }
        for group_id, (_handle, members) in office.groups.items():
            workspace.usergroups[group_id] = list(members)
        # Whether the app is in its team channel: as the office starts (cast), then as /invite
        # made it (kept in the saved workspace).
        member = workspace.channels.get(office.channel, {}).get("is_member", office.bot_in_channel)
        workspace.channels[office.channel] = {"name": office.channel_name, "is_member": member}


def _read_saved(path: Path) -> dict[str, Any]:
    """What the last run saved; a damaged file is named with the way out, never half-read.
    A file from before the sandbox had two workspaces holds the first one's as "workspace"."""
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"clock_offset": 0.0, "workspaces": {}}
    except (OSError, ValueError) as failure:
        raise _damaged(path, str(failure)) from None
    offset = loaded.get("clock_offset", 0.0) if isinstance(loaded, dict) else None
    if not isinstance(offset, int | float) or isinstance(offset, bool):
        raise _damaged(path, "no clock in it")
    workspaces = loaded.get("workspaces", {})
    if "workspace" in loaded:
        workspaces = {cast.NORFOLK.team_id: loaded["workspace"]}
    if not isinstance(workspaces, dict) or not all(
        isinstance(kept, dict) for kept in workspaces.values()
    ):
        raise _damaged(path, "no workspace in it")
    if not isinstance(loaded.get("oauth", {}), dict):
        raise _damaged(path, "no tokens in it")
    if not isinstance(loaded.get("token_key", ""), str):
        raise _damaged(path, "no token key in it")
    return {**loaded, "clock_offset": float(offset), "workspaces": workspaces}


def _damaged(path: Path, why: str) -> DamagedSave:
    return DamagedSave(
        f"{path.name} cannot be read ({why}): delete it and {DATABASE_FILE} to start the "
        "sandbox afresh"
    )


def _text_of(page: str) -> str:
    """A page's words without its markup, on one line: enough to say what the bot answered."""
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())
