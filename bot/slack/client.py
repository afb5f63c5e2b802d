"""The Slack Web API clients: base URL from settings, slack_sdk's own retry handlers, and posts
paced per channel at S55_POST_RATE (bot.slack.pacing)."""

from __future__ import annotations

import random

from slack_sdk import WebClient
from slack_sdk.http_retry import (
    BackoffRetryIntervalCalculator,
    ConnectionErrorRetryHandler,
    Jitter,
    RetryHandler,
    RetryIntervalCalculator,
)
from slack_sdk.http_retry.builtin_handlers import ServerErrorRetryHandler  # not re-exported

from bot.settings import Settings
from bot.slack.pacing import PacedClient, RetryAfterThenTurn, shared_pacer

TIMEOUT_SECONDS = 10


def make_client(settings: Settings) -> WebClient:
    """For every call that is safe to repeat: reads, edits (chat.update), views."""
    backoff = _backoff(settings.slack_retry_seconds)
    return _client(
        settings,
        [
            RetryAfterThenTurn(max_retry_count=3),  # waits for Retry-After
            ServerErrorRetryHandler(max_retry_count=3, interval_calculator=backoff),  # 500/503
            ConnectionErrorRetryHandler(max_retry_count=2, interval_calculator=backoff),
        ],
    )


class _ScaledJitter(Jitter):
    """Up to ``most`` seconds at random on top of each wait. slack_sdk's RandomJitter adds up
    to 1 s, whatever the back-off: the same at the default base of 0.5 s (most = 1 s)."""

    def __init__(self, most: float) -> None:
        self.most = most

    def recalculate(self, duration: float) -> float:
        return duration + random.random() * self.most  # spacing, not secrecy


def _backoff(base: float) -> RetryIntervalCalculator:
    """slack_sdk's exponential back-off with jitter (its default at base 0.5 s: waits of
    0.5, 1 and 2 s, each plus up to 1 s), scaled to ``base``."""
    return BackoffRetryIntervalCalculator(backoff_factor=base, jitter=_ScaledJitter(2 * base))


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
