"""The web process only acknowledges; workers do the rest (README "Workers").

Bolt runs each listener's ack in the request and its lazy functions after it (handlers.errors
``acked``). Here the lazy functions are not run in the web process: ``StoredLazyRunner``, the
app's lazy-listener runner (as Bolt's own AWS Lambda adapter replaces it to run them in
another invocation), stores the verified request and the lazy function's name in the inbox,
committed before the ack is returned, so an acknowledged request is never lost. A worker
(``s55bot worker``, or threads of ``s55bot serve`` and ``socket``) claims it
(bot.inbox.worker) and hands it to the same Bolt app asking for that lazy function only
(``x-slack-bolt-lazy-only``, as the Lambda adapter does), in the office's scope through the
app's own authorize step. Events are stored by their ack (handlers.inbox) and done by the
worker directly (bot.inbox.events).

Only rows this runner stored reach Bolt this way: the request was verified (signature, and in
HTTP mode bot.runtime.web first) before its listener ran. It is handed back as a parsed body,
the form Socket Mode gives, which Bolt does not verify again (its timestamp is old by then).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_bolt import App, BoltRequest
from slack_bolt.lazy_listener import LazyListenerRunner
from slack_bolt.util.utils import get_name_for_callable

from bot.domain.errors import DatabaseUnavailable
from bot.followups.delivery import deliver_owed
from bot.inbox.events import handle_stored, work_on
from bot.inbox.worker import THREADS, Worker
from bot.inbox.writer import WRITER, Row
from bot.services import CONTEXT_KEY, Services, utc_now
from storage.db import Database
from storage.inbox import REQUEST_TYPE, Claimed

log = logging.getLogger("s55bot")

LAZY_ONLY, LAZY_NAME = "x-slack-bolt-lazy-only", "x-slack-bolt-lazy-function-name"
# Not kept: the legacy verification token Slack puts in each body (a secret of sorts, and
# Bolt does not need it to run the listener again).
NOT_STORED = ("token",)


class StoredRequestFailed(Exception):
    """Bolt did not run the stored request's lazy function (the message says what it said)."""


class StoredLazyRunner(LazyListenerRunner):
    """Bolt's lazy-listener runner that stores instead of starting a thread."""

    def __init__(self, logger: logging.Logger) -> None:
        self.logger = logger

    def start(self, function: Callable[..., None], request: BoltRequest) -> None:
        """In the request thread, before Bolt returns the ack: store, or raise (Bolt then
        answers 500 and its error handler tells the person; nothing was acknowledged)."""
        services: Services = request.context[CONTEXT_KEY]
        name = request.lazy_function_name or get_name_for_callable(function)
        body = {key: value for key, value in request.body.items() if key not in NOT_STORED}
        # One row per request and function: a trigger is Slack's one-time key for the click
        # or command (a second copy of the same one stores nothing more).
        once = body.get("trigger_id") or uuid.uuid4().hex
        kind = body.get("command") or body.get("type") or "request"
        try:
            WRITER.write(
                Row(
                    db=services.db,
                    event_id=f"{name}:{once}"[:100],
                    event_type=f"{REQUEST_TYPE} {kind}"[:60],
                    payload={"lazy": name, "body": body},
                    now=services.now(),
                )
            )
        except TimeoutError:  # the error handler tells the person the database is not answering
            raise DatabaseUnavailable() from None


def defer_lazy_listeners(app: App) -> None:
    """From now on ``app``'s lazy functions are stored for a worker, not run in this process."""
    runner = app.listener_runner
    stored = StoredLazyRunner(logging.getLogger("slack_bolt"))
    runner.lazy_listener_runner = stored  # Bolt's own way (its AWS Lambda adapter does this)
    # Bolt deep-copies the whole request for each lazy function before starting it, for a
    # thread that runs on after the ack; here nothing runs on, the request is only read
    # before the ack, and the copy was half the CPU of a command's ack (a burst's acks wait
    # for one another's CPU). The runner's method is replaced for this app's runner only; a
    # Bolt that no longer calls it still copies and then calls ``stored.start``: slower, the
    # same.
    setattr(runner, "_start_lazy_function", stored.start)  # noqa: B010


def run_stored_request(app: App, payload: dict[str, Any]) -> None:
    """The stored request's lazy function, run by Bolt as if the request had just come."""
    request = BoltRequest(
        body=payload["body"],
        headers={LAZY_ONLY: "1", LAZY_NAME: payload["lazy"]},
        mode="socket_mode",  # a parsed, already verified body (see the module's note)
    )
    response = app.dispatch(request)
    if response.status != 200:
        raise StoredRequestFailed(
            f"Bolt answered {response.status} to the stored {payload['lazy']}: {response.body}"
        )


ServicesOf = Callable[[int], Services]


def serving(app: App, services_of: ServicesOf) -> Callable[[Claimed, str], None]:
    """What a worker does with a claimed row: a stored event through the inbox's dispatch, a
    stored request through Bolt; either in its office's services (``services_of``)."""

    def serve(row: Claimed, claimer: str) -> None:
        services = services_of(row.office_id)
        if row.is_request:
            work_on(
                services,
                row.event_id,
                claimer,
                row.payload,
                lambda: run_stored_request(app, row.payload),
            )
        else:
            work_on(
                services,
                row.event_id,
                claimer,
                row.payload,
                lambda: handle_stored(services, row.payload),
            )

    return serve


def one_office(services: Services) -> ServicesOf:
    """A process that serves one office: every row is its."""

    def services_of(office_id: int) -> Services:
        if office_id != services.db.office:
            raise LookupError(f"this process serves office {services.db.office}, not {office_id}")
        return services

    return services_of


def start_worker(
    app: App,
    db: Database,
    services_of: ServicesOf,
    *,
    threads: int = THREADS,
    now: Callable[[], datetime] = utc_now,
) -> Worker:
    """A worker on threads of this process (woken by each commit of this process's writer);
    ``now``: the clock its claims are judged by (the sandbox's moves)."""

    def redeliver(office_id: int, inspection_id: int | None) -> None:
        deliver_owed(services_of(office_id), inspection_id)

    worker = Worker(db, serving(app, services_of), threads=threads, redeliver=redeliver, now=now)
    return worker.start()
