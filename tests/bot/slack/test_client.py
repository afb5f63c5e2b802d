"""The Web API client's retries after a 5xx or a dropped connection: slack_sdk's own back-off
(waits of 0.5, 1 and 2 s, each plus up to 1 s at random) unless S55_SLACK_RETRY_MS sets it."""

from __future__ import annotations

import random

import pytest
from slack_sdk.http_retry import ConnectionErrorRetryHandler, RetryHandler
from slack_sdk.http_retry.builtin_handlers import ServerErrorRetryHandler

from bot.settings import load_settings
from bot.slack.client import make_client

ATTEMPTS = range(3)


def waits(handler: RetryHandler, *, tries: int = 200) -> list[list[float]]:
    """``tries`` draws of the waits before each of three retries."""
    calculator = handler.interval_calculator
    return [[calculator.calculate_sleep_duration(n) for n in ATTEMPTS] for _ in range(tries)]


def handlers(env: dict[str, str]) -> list[RetryHandler]:
    client = make_client(load_settings(env))
    found = [
        h
        for h in client.retry_handlers
        if isinstance(h, (ServerErrorRetryHandler, ConnectionErrorRetryHandler))
    ]
    assert len(found) == 2
    return found


@pytest.mark.parametrize(("env", "base"), [({}, 0.5), ({"S55_SLACK_RETRY_MS": "50"}, 0.05)])
def test_retry_waits_double_from_the_base_with_up_to_twice_it_at_random(
    env: dict[str, str], base: float
) -> None:
    random.seed(5)
    for handler in handlers(env):
        drawn = waits(handler)
        for n in ATTEMPTS:
            spent = [row[n] - base * 2**n for row in drawn]
            assert min(spent) >= 0 and max(spent) < 2 * base  # the random part, within bounds
            assert max(spent) > 1.5 * base and min(spent) < 0.5 * base  # and spread over them


def test_by_default_the_waits_are_slack_sdks_own() -> None:
    """slack_sdk's default calculator: 0.5 * 2**n plus random.random() (RandomJitter)."""
    from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator

    default = BackoffRetryIntervalCalculator()
    for handler in handlers({}):
        for n in ATTEMPTS:
            random.seed(n)
            ours = handler.interval_calculator.calculate_sleep_duration(n)
            random.seed(n)
            assert ours == default.calculate_sleep_duration(n)
