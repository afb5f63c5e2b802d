"""The services of each office a host serves (docs/rules.md#r25): its own settings (what it
chose in Slack over the environment's), its own bot token (refreshed in time), and sessions that
see only its rows. A request is served with the services of the office whose workspace sent it;
the scheduler asks for every office's in turn."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from slack_sdk.oauth.installation_store import Bot

from bot.offices.settings import effective_settings
from bot.offices.tokens import TokenKeeper, TokenUnavailable
from bot.services import Services, utc_now
from bot.slack.client import make_client
from storage.db import Database
from storage.models import Office
from storage.offices import office_for_team, serving_offices

__all__ = ["OfficeDirectory", "TokenUnavailable"]


@dataclass(frozen=True)
class _Made:
    token: str
    chosen: tuple[tuple[str, str], ...]
    services: Services


class OfficeDirectory:
    def __init__(
        self,
        *,
        environ: Mapping[str, str],
        db: Database,
        keeper: TokenKeeper,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self._environ = dict(environ)
        self._db = db
        self._everyone = db.across_offices()
        self._keeper = keeper
        self._now = now
        self._made: dict[int, _Made] = {}
        self._lock = threading.Lock()

    def office_for_team(self, team_id: str | None) -> Office | None:
        """The office installed in ``team_id``'s workspace (None: none is, or it left)."""
        if not team_id:
            return None
        with self._everyone.session(read_only=True) as session:
            office = office_for_team(session, team_id)
        return office if office is not None and office.uninstalled_at is None else None

    def serving(self) -> list[Office]:
        with self._everyone.session(read_only=True) as session:
            return serving_offices(session)

    def services_for(self, office: Office, bot: Bot | None = None) -> Services:
        """The office's services, made again only when its token or its settings changed (a
        person's lookups and the workspace's address are kept meanwhile). ``bot``: its bot,
        if the caller has just had it from the token keeper (a request's authorize step)."""
        if office.team_id is None:
            raise TokenUnavailable("this office was never installed through Slack")
        token = (bot or self._keeper.bot(office.team_id)).bot_token or ""
        chosen = tuple(sorted((office.settings or {}).items()))
        with self._lock:
            made = self._made.get(office.id)
            if made is None or made.token != token or made.chosen != chosen:
                made = _Made(token, chosen, self._make(office, token))
                self._made[office.id] = made
            return made.services

    def _make(self, office: Office, token: str) -> Services:
        settings = replace(
            effective_settings(self._environ, office, many_offices=True), bot_token=token
        )
        return Services(
            settings=settings,
            db=self._db.for_office(office.id),
            client=make_client(settings),
            now=self._now,
        )
