"""`s55bot socket`: Slack's events over one outgoing WebSocket, and the reminders beside them."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.inbox.worker import Worker
from bot.runtime.stopping import Parts, StopAsked, stop
from bot.services import Services

log = logging.getLogger("s55bot")
_SILENT = logging.getLogger("s55bot.socket_mode.check")
_SILENT.addHandler(logging.NullHandler())
_SILENT.propagate = False
_CONNECTION_LOG = logging.getLogger("s55bot.socket_mode")


class LinkRefused(Exception):
    """Socket Mode cannot start; the message says why and what to do."""


def open_link(client: WebClient, app_token: str) -> str:
    """A WebSocket URL from ``apps.connections.open``; LinkRefused if Slack refuses the token.
    A Slack that cannot be reached raises the client's own error (SlackClientError, OSError)."""
    # The caller tells a failure in one line; the client's own error log would be a second.
    quiet = WebClient(
        base_url=client.base_url,
        timeout=client.timeout,
        retry_handlers=client.retry_handlers,
        logger=_SILENT,
    )
    try:
        return quiet.apps_connections_open(app_token=app_token)["url"]
    except SlackApiError as refusal:
        error = refusal.response.get("error") or refusal.response.status_code
        fix = (
            "give the App-Level Token the connections:write scope"
            if error == "missing_scope"
            else "copy the App-Level Token again (Basic Information → App-Level Tokens, scope "
            "connections:write) and check that Socket Mode is on in the app settings"
        )
        raise LinkRefused(f"Slack refused SLACK_APP_TOKEN ({error}): {fix}") from None


def run_socket_mode(
    app: App,
    services: Services,
    url: str,
    *,
    scheduler: bool,
    worker: Worker | None = None,
    asked: StopAsked | None = None,
) -> None:
    """Connect to ``url`` (from :func:`open_link`), start the reminder scheduler unless told
    not to, and run until SIGTERM or Ctrl+C (``asked``); then close the connection and stop
    the scheduler and ``worker``, boundedly (bot.runtime.stopping). LinkRefused if the first
    connection fails (``worker`` is then stopped)."""
    asked = asked or StopAsked()
    try:
        handler = _connect(app, services.settings.app_token or "", url)
    except LinkRefused:
        if worker is not None:
            worker.stop(within=0)
        raise
    parts = Parts(worker=worker, close=[handler.close])
    if scheduler:
        from bot.reminders.schedule import start_in_background

        parts.scheduler = start_in_background(services)
    log.info(
        "Socket Mode connected; reminders %s",
        "sent from this process" if scheduler else "left to `s55bot clock`",
    )
    asked.wait()
    stop(parts, what="Socket Mode", why=asked.signal_name)


def _connect(app: App, app_token: str, url: str) -> SocketModeHandler:
    handler = SocketModeHandler(app, app_token, logger=_CONNECTION_LOG)
    failures: list[Exception] = []
    handler.client.on_error_listeners.append(failures.append)
    handler.client.wss_uri = url  # else the SDK asks for another (each URL is for one use)
    # A first connection that fails is told in one line below, not in the SDK's log too.
    _CONNECTION_LOG.disabled = True
    try:
        handler.connect()
        connected = handler.client.is_connected()
        if not connected:
            handler.close()
    finally:
        _CONNECTION_LOG.disabled = False
    if not connected:
        reason = f" ({failures[-1]})" if failures else ""
        raise LinkRefused(
            f"Slack gave a Socket Mode address but the connection failed{reason}: check that "
            "this network allows outgoing WebSocket connections (wss://, port 443)"
        )
    return handler
