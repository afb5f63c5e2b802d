"""Builds the Bolt app: services in every listener's context, one error handler, all listeners."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor

from slack_bolt import App, BoltContext
from slack_bolt.context.respond import Respond
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped

from bot.runtime.deliverers import register_deliverers
from bot.runtime.worker import defer_lazy_listeners
from bot.services import CONTEXT_KEY, Services
from handlers import register_all
from handlers.errors import report_error

LISTENER_THREADS = 8


def build_app(
    services: Services,
    *,
    verify_token: bool = True,
    listener_executor: Executor | None = None,
    by_workers: bool = False,
) -> App:
    """``by_workers``: the work after each ack is stored in the inbox for workers
    (bot.runtime.worker) instead of run on ``listener_executor``."""
    logging.getLogger("slack_bolt.App").addFilter(_no_token_skipped_warning)
    app = App(
        # Named, or Bolt names it after its caller's file by inspect.stack(), which reads the
        # source of every frame above: tens of ms for each app built (the tests build hundreds).
        name="s55bot",
        client=services.client,
        signing_secret=services.settings.signing_secret or "",
        token_verification_enabled=verify_token,
        # Slack wants an answer within 3 seconds. Listeners ack (or store the event) in the
        # request thread and the work runs afterwards as lazy listeners in this pool; unlike
        # process_before_response=False, no thread polls every 10 ms for the ack.
        process_before_response=True,
        listener_executor=listener_executor
        or ThreadPoolExecutor(max_workers=LISTENER_THREADS, thread_name_prefix="s55bot-listener"),
    )

    @app.middleware
    def provide_services(context: BoltContext, next: Callable[[], None]) -> None:
        context[CONTEXT_KEY] = services
        next()

    app.error(make_error_handler(services))
    register_deliverers()
    register_all(app, by_workers=by_workers)
    if by_workers:
        defer_lazy_listeners(app)
    return app


def make_error_handler(services: Services) -> Callable[..., None]:
    """Bolt's global error handler: for failures before a listener's own guard runs."""

    def handle_error(
        error: Exception, body: dict, respond: Respond | None, context: BoltContext
    ) -> None:
        # Services are put in the context only after Bolt's signature check has passed.
        report_error(services, error, body, respond, verified=CONTEXT_KEY in context)

    return handle_error


def _no_token_skipped_warning(record: logging.LogRecord) -> bool:
    # Bolt reads SLACK_BOT_TOKEN from the environment and warns that it is unused because a
    # client is given; the client is that token's, so the warning would only alarm operators.
    return record.getMessage() != warning_client_prioritized_and_token_skipped()
