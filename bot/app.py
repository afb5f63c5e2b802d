"""Builds the Bolt app: services in every listener's context, one error handler, all listeners."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable

from slack_bolt import App, BoltContext
from slack_bolt.context.respond import Respond
from slack_sdk.errors import SlackApiError, SlackClientError

from bot import copy
from bot.domain.errors import S55Error
from bot.services import CONTEXT_KEY, Services
from handlers import register_all
from handlers.replies import tell_privately

log = logging.getLogger("s55bot")


def build_app(services: Services, *, verify_token: bool = True) -> App:
    app = App(
        client=services.client,
        signing_secret=services.settings.signing_secret or "",
        token_verification_enabled=verify_token,
        # Slack wants an answer within 3 seconds: ack first, work in Bolt's thread pool.
        process_before_response=False,
    )

    @app.middleware
    def provide_services(context: BoltContext, next: Callable[[], None]) -> None:
        context[CONTEXT_KEY] = services
        next()

    app.error(make_error_handler(services))
    register_all(app)
    return app


def make_error_handler(services: Services) -> Callable[..., None]:
    """Refusals become the user's reply; anything else becomes a short apology with a code
    that also stands, with the traceback, in the log."""

    def handle_error(error: Exception, body: dict, respond: Respond | None) -> None:
        if isinstance(error, S55Error):
            text = error.reply
        else:
            code = f"E-{secrets.token_hex(3).upper()}"
            log.error("[%s] unexpected error handling %s", code, _kind(body), exc_info=error)
            text = copy.unexpected_error(code)
        try:
            _reply(services, body, respond, text)
        except (SlackApiError, SlackClientError):
            log.exception("could not tell the user about an error")

    return handle_error


def _reply(services: Services, body: dict, respond: Respond | None, text: str) -> None:
    if respond is not None and body.get("response_url"):
        respond(text=text, response_type="ephemeral", replace_original=False)
        return
    user = body.get("user_id") or (body.get("user") or {}).get("id")
    if not user:
        return  # events without a person to tell (e.g. a bot's message): the log has it
    channel = body.get("channel_id") or (body.get("channel") or {}).get("id")
    if not channel and body.get("view"):
        channel = body["view"].get("private_metadata") or None
    tell_privately(services.client, user=user, channel=channel, text=text)


def _kind(body: dict) -> str:
    return body.get("command") or body.get("type") or "request"
