"""The one place where a failed request becomes a reply: refusals are shown as they are;
anything unexpected becomes a short apology with a code that the log has too."""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.webhook import WebhookResponse

from bot import copy
from bot.domain.errors import DatabaseUnavailable, S55Error
from bot.services import CONTEXT_KEY, Services
from handlers.replies import tell_privately

log = logging.getLogger("s55bot")

Handler = Callable[[Services, dict[str, Any], Respond], None]


class PrivateRespond(Respond):
    """Bolt's ``respond`` whose replies are ephemeral unless a call says otherwise: Slack treats
    response_url replies so by default; say so all the same."""

    def __init__(self, respond: Respond) -> None:
        super().__init__(response_url=respond.response_url, proxy=respond.proxy, ssl=respond.ssl)

    def __call__(self, *args: Any, **kwargs: Any) -> WebhookResponse:
        kwargs.setdefault("response_type", "ephemeral")
        return super().__call__(*args, **kwargs)


def acked(handler: Handler) -> dict[str, Any]:
    """A Bolt listener that acks in the request and then runs ``handler(services, body,
    respond)`` after the answer has gone (a lazy listener): register it with
    ``app.action(ID)(**acked(handler))``. Every failure gets a reply here."""

    def ack_now(ack: Ack) -> None:
        ack()

    def work(body: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        services = context[CONTEXT_KEY]
        try:
            handler(services, body, PrivateRespond(respond))
        except Exception as error:  # every failure, expected or not, gets a reply
            report_error(services, error, body, respond)

    work.__name__ = handler.__name__  # Bolt tells lazy listeners apart by name
    return {"ack": ack_now, "lazy": [work]}


def report_error(
    services: Services,
    error: Exception,
    body: dict[str, Any],
    respond: Respond | None,
    *,
    verified: bool = True,
) -> None:
    """``verified=False`` (the request never passed Bolt's signature check): nothing in the
    body is trusted, so no response_url, user or channel from it is used; it is only logged."""
    if not verified:
        log.warning("unverified request refused (%s)", type(error).__name__)
        return
    if isinstance(error, S55Error):
        text = error.reply
    elif isinstance(error, DatabaseUnavailable):  # storage has logged it, once, as a warning
        text = copy.DATABASE_NOT_ANSWERING
    else:
        code = f"E-{secrets.token_hex(3).upper()}"
        log.error("[%s] unexpected error handling %s", code, _kind(body), exc_info=error)
        text = copy.unexpected_error(code)
    try:
        reply_privately(services, body, respond, text)
    except (SlackApiError, SlackClientError):
        log.exception("could not tell the user about an error")


def reply_privately(
    services: Services, body: dict[str, Any], respond: Respond | None, text: str
) -> None:
    """Through the response_url when the request has one; a click on the Home tab has none,
    so the person is told in a direct message instead."""
    if respond is not None and body.get("response_url"):
        respond(text=text, response_type="ephemeral", replace_original=False)
        return
    user = body.get("user_id") or (body.get("user") or {}).get("id")
    if not user:
        return  # an event with no person to tell (e.g. another bot's message): the log has it
    channel = body.get("channel_id") or (body.get("channel") or {}).get("id")
    if not channel and body.get("view"):
        channel = view_channel(body["view"])
    tell_privately(services.client, user=user, channel=channel, text=text)


def view_channel(view: dict[str, Any]) -> str | None:
    """Our modals carry the channel they were opened from in ``private_metadata`` (JSON)."""
    try:
        return json.loads(view.get("private_metadata") or "{}").get("channel")
    except (ValueError, AttributeError):
        return None


def _kind(body: dict[str, Any]) -> str:
    return body.get("command") or body.get("type") or "request"
