"""The Slack Web API clients: base URL from settings, slack_sdk's own retry handlers, and posts
paced per channel at S55_POST_RATE (bot.slack.pacing)."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry import (
    ConnectionErrorRetryHandler,
    RetryHandler,
)
from slack_sdk.http_retry.builtin_handlers import ServerErrorRetryHandler  # not re-exported

from bot.settings import Settings
from bot.slack.pacing import PacedClient, RetryAfterThenTurn, shared_pacer

TIMEOUT_SECONDS = 10


def make_client(settings: Settings) -> WebClient:
    """For every call that is safe to repeat: reads, edits (chat.update), views."""
    return _client(
        settings,
        [
            RetryAfterThenTurn(max_retry_count=3),  # waits for Retry-After
            ServerErrorRetryHandler(max_retry_count=3),  # 500/503, with back-off
            ConnectionErrorRetryHandler(max_retry_count=2),
        ],
    )


def make_posting_client(settings: Settings) -> WebClient:
    """For chat.postMessage through bot.slack.delivery.post_once. A 429 means Slack did nothing, so
    it is retried here; after a 5xx or a dropped connection the message may have been posted,
    and post_once looks for it before posting again."""
    return _client(settings, [RetryAfterThenTurn(max_retry_count=3)])


def _client(settings: Settings, retry_handlers: list[RetryHandler]) -> WebClient:
    return PacedClient(
        pacer=shared_pacer(settings.api_url, settings.bot_token, settings.post_rate),
        token=settings.bot_token,
        base_url=settings.api_url,
        timeout=TIMEOUT_SECONDS,
        retry_handlers=retry_handlers,
    )


def permalink(workspace_url: str, channel: str, ts: str) -> str:
    """A message's permalink without a chat.getPermalink call per message (same format)."""
    return f"{workspace_url.rstrip('/')}/archives/{channel}/p{ts.replace('.', '')}"
