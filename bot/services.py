"""What every listener needs, built once per process and handed to listeners by Bolt's context."""

from __future__ import annotations

import os
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

from slack_sdk import WebClient

from bot.domain.deadlines import local_today
from bot.settings import Settings, with_office_choices
from bot.slack.client import make_posting_client
from bot.slack.people import People
from storage import offices
from storage.db import Database

CONTEXT_KEY = "s55"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    settings: Settings
    db: Database
    client: WebClient
    now: Callable[[], datetime] = utc_now
    # The office's own choices (Office.settings) that ``settings`` includes: laid over the
    # environment's again only when the stored ones differ (bot.offices.settings).
    office_choices: dict[str, str] = field(default_factory=dict, repr=False)
    # For bot.slack.delivery.post_once: its own retry policy (bot.slack.client), built here.
    poster: WebClient = field(init=False, repr=False)
    people: People = field(init=False, repr=False)
    _workspace_url: str | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _choosing: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self.people = People(self.client)
        self.poster = make_posting_client(self.settings)

    def __deepcopy__(self, memo: dict[int, object]) -> Services:
        # Bolt deep-copies each request's context for its lazy listeners; the services are
        # the process's shared database and clients, never to be copied.
        return self

    def lay_office_choices(self, chosen: dict[str, str]) -> None:
        """Use the office's ``chosen`` settings (Office.settings) over the environment's from
        now on: one reference assigned, so a request already running keeps the Settings it
        read and the next one reads these (README "Settings in Slack")."""
        with self._choosing:
            self.settings = with_office_choices(self.settings, chosen)
            self.office_choices = dict(chosen)

    def refresh_office_choices(self) -> Settings:
        """The office's stored choices laid again when they are not the ones in use (a process
        that serves one office: at start, and before each reminder pass); SettingError names
        a stored value the environment's check refuses."""
        office = self.db.office
        if office is not None:
            with self.db.session(read_only=True) as session:
                stored = offices.chosen_settings(session, office)
            if stored != self.office_choices:
                self.lay_office_choices(stored)
        return self.settings

    def is_approver(self, user: str) -> bool:
        """One of S55_APPROVERS (users, or members of user groups, as Slack says)."""
        approvers = self.settings.approvers
        return bool(approvers) and self.people.is_one_of(user, approvers)

    def today(self) -> date:
        return local_today(self.now(), self.settings.timezone)

    def workspace_url(self) -> str:
        """The workspace's web address, for permalinks: one auth.test per process."""
        with self._lock:
            if self._workspace_url is None:
                self._workspace_url = self.client.auth_test()["url"]
            return self._workspace_url


# ---- who this process is, and whether another is alive (claims in the database) -----------


def claimer_id() -> str:
    """Where the process runs, and which process, so that a restarted process can tell that
    its predecessor is gone: ``<place>:<pid>:<random>``."""
    return f"{_place()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@cache
def _place() -> str:
    """The host, this boot and this PID namespace: two containers that share a host name but
    not their processes must not judge each other's claims by pid."""
    parts = [socket.gethostname()]
    for path in ("/proc/sys/kernel/random/boot_id", "/proc/self/ns/pid"):
        try:
            parts.append(
                Path(path).read_text().strip()[:8] if "boot" in path else str(os.stat(path).st_ino)
            )
        except OSError:
            parts.append("-")
    return "/".join(parts).replace(":", "_")


def claimer_dead(claimer: str) -> bool:
    """Only a claim made in this same place can be judged by its pid; elsewhere the timeout
    decides."""
    place, _, rest = claimer.partition(":")
    pid = rest.partition(":")[0]
    if place != _place() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def claimer_is_this_process(claimer: str) -> bool:
    """A claim made by this very process (by any of its threads)."""
    place, _, rest = claimer.partition(":")
    return place == _place() and rest.partition(":")[0] == str(os.getpid())


def claimer_alive_here(claimer: str) -> bool:
    """A claim made by a process of this same place that is still running."""
    place, _, rest = claimer.partition(":")
    return place == _place() and rest.partition(":")[0].isdigit() and not claimer_dead(claimer)
