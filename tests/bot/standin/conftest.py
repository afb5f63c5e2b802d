from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator

from bot.standin import SlackStandIn

TOKEN = "xoxb-standin-test"


@pytest.fixture
def standin() -> Iterator[SlackStandIn]:
    with SlackStandIn(token=TOKEN) as server:
        yield server


@pytest.fixture
def client(standin: SlackStandIn) -> WebClient:
    # Zero back-off for 5xx/connection retries; 429 waits Retry-After (+ <1s jitter) by design.
    fast = FixedValueRetryIntervalCalculator(fixed_internal=0.0)
    return WebClient(
        base_url=standin.url,
        token=TOKEN,
        timeout=5,
        retry_handlers=[
            RateLimitErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2, interval_calculator=fast),
            ConnectionErrorRetryHandler(max_retry_count=2, interval_calculator=fast),
        ],
    )
