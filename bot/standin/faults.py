"""Fault injection and per-channel rate enforcement for the stand-in."""

from __future__ import annotations

import math
import threading
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Fault:
    """One queued fault; ``kind`` is "status", "drop", "error" or "pass" (no fault)."""

    kind: str
    times: int
    status: int = 0
    retry_after: int = 1
    error: str = ""
    after_processing: bool = False


class FaultPlan:
    """Per-method FIFO of faults; each fault fires ``times`` times before the next one."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queues: dict[str, deque[Fault]] = defaultdict(deque)

    def add(self, method: str, fault: Fault) -> None:
        if fault.times < 1:
            raise ValueError("times must be >= 1")
        with self._lock:
            self._queues[method].append(fault)

    def take(self, method: str) -> Fault | None:
        """Consume one firing of the next fault for ``method``, if any."""
        with self._lock:
            queue = self._queues.get(method)
            if not queue:
                return None
            fault = queue[0]
            fault.times -= 1
            if fault.times == 0:
                queue.popleft()
            return fault

    def clear(self) -> None:
        with self._lock:
            self._queues.clear()


# Slack: "no more than one message per second per channel ... We allow bursts over that limit
# for short periods" (docs.slack.dev/apis/web-api/rate-limits). The burst is not quantified;
# two is the least that is one, so the stand-in is no more lenient than Slack may be.
SLACK_BURST = 2


class RateLimiter:
    """Token bucket per (method, channel): ``rate`` calls/second, bursts up to ``burst``."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._rules: dict[str, tuple[float, float]] = {}
        self._buckets: dict[tuple[str, str], tuple[float, float]] = {}

    def enforce(self, method: str, rate: float, burst: float = 1.0) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")
        with self._lock:
            self._rules[method] = (rate, burst)

    def check(self, method: str, channel: str) -> int | None:
        """Admit the call (None) or return the Retry-After seconds to answer with a 429."""
        with self._lock:
            rule = self._rules.get(method)
            if rule is None:
                return None
            rate, burst = rule
            now = self._clock()
            tokens, last = self._buckets.get((method, channel), (burst, now))
            tokens = min(burst, tokens + (now - last) * rate)
            if tokens >= 1:
                self._buckets[(method, channel)] = (tokens - 1, now)
                return None
            self._buckets[(method, channel)] = (tokens, now)
            # Slack sends whole seconds; never 0 so clients actually back off.
            return max(1, math.ceil((1 - tokens) / rate))

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()
            self._buckets.clear()
