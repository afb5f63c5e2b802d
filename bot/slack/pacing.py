"""Posting at Slack's pace: a token bucket per channel, so that a pass is never throttled.

Slack lets an app post about one message per second to a channel ("We allow bursts over that
limit for short periods", docs.slack.dev/apis/web-api/rate-limits) and answers 429 with
Retry-After beyond it. Waiting our turn costs the floor; being throttled costs Retry-After
(whole seconds) plus slack_sdk's jitter on every refused post.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from slack_sdk import WebClient
from slack_sdk.http_retry import RateLimitErrorRetryHandler
from slack_sdk.web import SlackResponse

# Methods that put a message in a channel, which Slack limits per channel together.
PACED_METHODS = frozenset({"chat.postMessage", "files.completeUploadExternal"})
# Slack counts posts as they arrive, we as they leave: a turn 2% longer than 1/rate absorbs the
# difference in how long two posts take to reach Slack (20 ms at one a second), so that even a
# Slack granting no burst at all would refuse none (bench/reminder_pass.py --burst 1).
MARGIN = 0.02


class Pacer:
    """One token per channel, refilled at ``rate`` a second (less MARGIN): the first post goes at
    once, the next waits for its turn. Every attempt takes a turn, a retry after a 429 too (see
    RetryAfterThenTurn), so a post Slack made wait is not followed at once by the next. Slack's
    unquantified burst allowance is left unspent: it absorbs network jitter, and the few posts
    (DM replies) that go through Bolt's own client."""

    def __init__(
        self,
        rate: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be > 0")
        self.rate = rate
        self.interval = (1 + MARGIN) / rate
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}  # when each channel's token is there again

    def reserve(self, channel: str) -> float:
        """Take the channel's next turn; returns the seconds to wait for it. Turns are handed
        out under the lock and waited for outside it, so threads queue in order."""
        with self._lock:
            now = self._clock()
            turn = max(now, self._next.get(channel, now))
            self._next[channel] = turn + self.interval
            return turn - now

    def wait(self, channel: str) -> None:
        delay = self.reserve(channel)
        if delay > 0:
            self._sleep(delay)


# The pacer and channel of the paced call this thread is making, for its retry handler.
_current = threading.local()


class PacedClient(WebClient):
    """A WebClient whose posts into a channel wait for the channel's turn."""

    def __init__(self, *, pacer: Pacer, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.pacer = pacer

    def api_call(self, api_method: str, **kwargs: Any) -> SlackResponse:
        channel = _channel_of(kwargs) if api_method in PACED_METHODS else None
        if not channel:
            return super().api_call(api_method, **kwargs)
        self.pacer.wait(channel)
        _current.post = (self.pacer, channel)
        try:
            return super().api_call(api_method, **kwargs)
        finally:
            _current.post = None


class RetryAfterThenTurn(RateLimitErrorRetryHandler):
    """slack_sdk's handler for a 429 (waits Retry-After, plus jitter); then a paced post's
    retry waits for the channel's next turn, like any other attempt."""

    def prepare_for_next_attempt(self, **kwargs: Any) -> None:
        super().prepare_for_next_attempt(**kwargs)
        post = getattr(_current, "post", None)
        if post is not None:
            pacer, channel = post
            pacer.wait(channel)


def _channel_of(call: Mapping[str, Any]) -> str | None:
    for part in ("json", "params", "data"):
        args = call.get(part) or {}
        channel = args.get("channel") or args.get("channel_id")
        if isinstance(channel, str):
            return channel
    return None


_shared: dict[tuple[str, str | None, float], Pacer] = {}
_shared_lock = threading.Lock()


def shared_pacer(api_url: str, token: str | None, rate: float) -> Pacer:
    """The process's pacer for one app in one workspace: Slack counts every post to a channel,
    whichever of our clients (listeners', the scheduler's) sent it."""
    with _shared_lock:
        key = (api_url, token, rate)
        if key not in _shared:
            _shared[key] = Pacer(rate)
        return _shared[key]
