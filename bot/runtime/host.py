"""A host for every office that installs the app (docs/rules.md#r25; README "Many offices").

With SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_SIGNING_SECRET and S55_TOKEN_KEY set and no
SLACK_BOT_TOKEN, `s55bot serve` runs this: Bolt's OAuth flow at /slack/install, every request
served with the services of the office whose workspace sent it (bot.offices.directory), and one
scheduler for all offices, each at its own digest time, none held up by another.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from apscheduler.triggers.interval import IntervalTrigger
from slack_bolt import App, BoltContext, BoltResponse
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.authorize import Authorize
from slack_sdk import WebClient
from slack_sdk.oauth.token_rotation import TokenRotator

from bot import copy
from bot.offices.directory import OfficeDirectory
from bot.offices.install import oauth_flow
from bot.offices.installations import (
    EncryptedInstallationStore,
    TokenUnreadable,
    oauth_client,
    token_cipher,
)
from bot.offices.leaving import erase_departed, tokens_revoked, uninstalled
from bot.offices.tokens import TokenKeeper, TokenUnavailable
from bot.reminders.schedule import (
    RETRY_MINUTES,
    Scheduler,
    post_late_cards,
    scheduled_pass,
    tend_inbox,
)
from bot.runtime.app import LISTENER_THREADS
from bot.runtime.deliverers import register_deliverers
from bot.runtime.worker import defer_lazy_listeners
from bot.services import CONTEXT_KEY, Services, claimer_id, utc_now
from bot.settings import Settings
from bot.threads import DaemonPool
from handlers import register_all
from handlers.errors import report_error
from storage.db import Database
from storage.models import Office

log = logging.getLogger("s55bot")

LEAVING_EVENTS = ("app_uninstalled", "tokens_revoked")
FOUND_OFFICE, FOUND_BOT = "s55_office", "s55_bot"  # context keys: what authorize found
OFFICES_AT_ONCE = 4  # offices served at once by the scheduler: one slow office holds no other


@dataclass
class Host:
    app: App
    directory: OfficeDirectory
    store: EncryptedInstallationStore
    keeper: TokenKeeper
    db: Database
    now: Callable[[], datetime] = utc_now
    scheduler: OfficeScheduler = field(init=False)

    def __post_init__(self) -> None:
        self.scheduler = OfficeScheduler(self.directory, self.db, now=self.now)

    def services_for_office(self, office_id: int) -> Services:
        """A worker's look-up: the services of the office whose row it claimed, with its bot
        token (waiting for a refresh another process holds: no one waits for a worker)."""
        with self.db.across_offices().session(read_only=True) as session:
            office = session.get(Office, office_id)
        if office is None:
            raise LookupError(f"no office {office_id}")
        return self.directory.services_for(office)


def build_host(
    settings: Settings,
    db: Database,
    *,
    environ: Mapping[str, str],
    now: Callable[[], datetime] = utc_now,
    listener_executor: Executor | None = None,
    by_workers: bool = False,
) -> Host:
    """``by_workers``: the work after each ack is stored for workers (bot.runtime.worker)."""
    if not (settings.client_id and settings.client_secret and settings.token_key):
        raise ValueError(
            "a host for many offices needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and S55_TOKEN_KEY"
        )
    api = WebClient(base_url=settings.api_url)
    store = EncryptedInstallationStore(settings.client_id, db, token_cipher(settings.token_key))
    rotator = TokenRotator(
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        client=oauth_client(settings.api_url),
    )
    keeper = TokenKeeper(db=db, store=store, rotator=rotator, claimer=claimer_id(), now=now)
    directory = OfficeDirectory(environ=environ, db=db, keeper=keeper, now=now)
    app = App(
        client=api,
        signing_secret=settings.signing_secret or "",
        process_before_response=True,  # as bot.runtime.app: ack first, work after
        listener_executor=listener_executor
        or ThreadPoolExecutor(max_workers=LISTENER_THREADS, thread_name_prefix="s55bot-listener"),
        user_facing_authorize_error_message=copy.NOT_INSTALLED,
        authorize=OfficeAuthorize(directory, keeper),  # type: ignore[arg-type]  # an Authorize
        oauth_flow=oauth_flow(settings, db, store, now=now),
    )

    @app.middleware
    def serve_the_office(
        context: BoltContext, body: dict[str, Any], next: Callable[[], None]
    ) -> BoltResponse | None:
        if _event_type(body) in LEAVING_EVENTS:
            next()  # Bolt asks no token for these (they come after the tokens are gone)
            return None
        # What the authorize step found (Bolt answers for itself when it found nothing).
        # Taken out: Bolt deep-copies the context for lazy listeners, and the services are
        # all they need.
        office, bot = context.pop(FOUND_OFFICE), context.pop(FOUND_BOT)
        services = directory.services_for(office, bot)
        if services.settings.channel is None and body.get("command"):
            return _private_answer(copy.NOT_SET_UP)
        context[CONTEXT_KEY] = services
        next()
        return None

    @app.event("app_uninstalled")
    def office_uninstalled(context: BoltContext) -> None:
        uninstalled(db, store, context, now=now(), retention_days=settings.retention_days)

    @app.event("tokens_revoked")
    def office_tokens_revoked(event: dict[str, Any], context: BoltContext) -> None:
        tokens_revoked(store, event, context)

    @app.error
    def handle_error(error: Exception, body: dict, context: BoltContext) -> None:
        services = context.get(CONTEXT_KEY)
        if services is None:
            log.error("unexpected error before an office was found", exc_info=error)
            return
        report_error(services, error, body, None)

    register_deliverers()
    register_all(app, by_workers=by_workers)
    if by_workers:
        defer_lazy_listeners(app)
    return Host(app=app, directory=directory, store=store, keeper=keeper, db=db, now=now)


class OfficeAuthorize(Authorize):
    """Bolt's authorize step: the office's bot token, refreshed under the office's claim
    (bot.offices.tokens), instead of Bolt's own refresh, which takes no lock."""

    def __init__(self, directory: OfficeDirectory, keeper: TokenKeeper) -> None:
        self._directory = directory
        self._keeper = keeper

    def __call__(
        self,
        *,
        context: BoltContext,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,
        **_actor: Any,
    ) -> AuthorizeResult | None:
        office = self._directory.office_for_team(team_id)
        if office is None or team_id is None:
            return None
        try:
            bot = self._keeper.bot(team_id, wait=False)  # before the ack: never held up
        except TokenUnavailable:
            return None
        except TokenUnreadable as unreadable:
            log.error("office %s: %s", office.id, unreadable)
            return None
        # For the middleware that serves the office: no second look-up of either.
        context[FOUND_OFFICE], context[FOUND_BOT] = office, bot
        return AuthorizeResult(
            enterprise_id=enterprise_id,
            team_id=team_id,
            team=bot.team_name,
            bot_token=bot.bot_token,
            bot_id=bot.bot_id,
            bot_user_id=bot.bot_user_id,
            bot_scopes=bot.bot_scopes,
            user_id=user_id,
        )


class OfficeScheduler:
    """Every minute, each office in turn on a pool: its late cards, its inbox, and its reminder
    pass at its own digest time and every RETRY_MINUTES after (reminders are keyed, so each
    goes once). An office still being served is skipped, not waited for. The pool's threads
    are daemon threads (bot.threads): :meth:`stop` waits for the offices being served a
    bounded while, and an office's pass still running then does not hold the process."""

    def __init__(
        self,
        directory: OfficeDirectory,
        db: Database,
        *,
        now: Callable[[], datetime] = utc_now,
        offices_at_once: int = OFFICES_AT_ONCE,
    ) -> None:
        self._directory = directory
        self._db = db
        self._now = now
        self._pool = DaemonPool(offices_at_once, "s55bot-office")
        self._busy: set[int] = set()
        self._last_pass: dict[int, datetime] = {}
        self._lock = threading.Lock()
        self._started: Scheduler | None = None

    def start(self) -> Scheduler:
        scheduler = Scheduler(timezone="UTC")
        scheduler.add_job(
            self.serve_every_office,
            IntervalTrigger(minutes=1),
            id="offices",
            max_instances=1,
            coalesce=True,
            next_run_time=utc_now(),
        )
        scheduler.start()
        self._started = scheduler
        return scheduler

    def stop(self, *, within: float) -> bool:
        """Serve no office from now on, and let those being served finish, for at most
        ``within`` seconds; whether they did (what a pass left is done by the next one)."""
        deadline = time.monotonic() + within
        stopped = self._started is None or self._started.stop(within=within)
        self._pool.shutdown(wait=False)
        return self._pool.idle(max(deadline - time.monotonic(), 0)) and stopped

    def serve_every_office(self, *, wait: bool = False) -> None:
        try:
            if erased := erase_departed(self._db, now=self._now()):
                log.info("records erased after the retention period: %s", erased)
        except Exception:  # the next minute tries again
            log.exception("erasing departed offices' records failed")
        futures = []
        for office in self._directory.serving():
            with self._lock:
                if office.id in self._busy:
                    continue
                self._busy.add(office.id)
            futures.append(self._pool.submit(self._serve, office))
        if wait:
            for future in futures:
                future.result()

    def _serve(self, office: Office) -> None:
        try:
            services = self._directory.services_for(office)
            post_late_cards(services)
            tend_inbox(services)
            now = services.now()
            last = self._last_pass.get(office.id)
            if (
                last is None
                or now - last >= timedelta(minutes=RETRY_MINUTES)
                or (_at_minute(now.astimezone(services.settings.timezone), services.settings))
            ):
                scheduled_pass(services)
                self._last_pass[office.id] = now
        except Exception:  # one office's failure is logged and holds no other
            log.exception("serving office %s failed", office.id)
        finally:
            with self._lock:
                self._busy.discard(office.id)


def _at_minute(local: datetime, settings: Settings) -> bool:
    return (local.hour, local.minute) == (settings.digest_time.hour, settings.digest_time.minute)


def _event_type(body: dict[str, Any]) -> str | None:
    event = body.get("event")
    return event.get("type") if isinstance(event, dict) else None


def _private_answer(text: str) -> BoltResponse:
    return BoltResponse(
        status=200,
        body=json.dumps({"response_type": "ephemeral", "text": text}),
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
