"""The sandbox's clock: real time moved on by the clock control (the bot's injected ``now``)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta


def _utc_now() -> datetime:
    return datetime.now(UTC)


class SandboxClock:
    """Starts anywhere (the demo starts in 2024), then only moves forward: a day the bot
    has lived through cannot be lived again."""

    def __init__(
        self, offset: timedelta = timedelta(0), real: Callable[[], datetime] = _utc_now
    ) -> None:
        self._offset = offset
        self._real = real
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._real() + self._offset

    @property
    def offset(self) -> timedelta:
        with self._lock:
            return self._offset

    def move_by(self, delta: timedelta) -> datetime:
        with self._lock:
            self._offset += max(delta, timedelta(0))
            return self._real() + self._offset

    def move_to(self, when: datetime) -> datetime:
        """Moves to ``when`` if it is later than now; never back."""
        with self._lock:
            self._offset = max(self._offset, when - self._real())
            return self._real() + self._offset

    def restart_at(self, when: datetime) -> datetime:
        """Sets the clock to ``when``, back as well as forward: only for a sandbox in which
        nothing has happened yet (``Sandbox.start_demo`` checks), where no day was lived."""
        with self._lock:
            self._offset = when - self._real()
            return self._real() + self._offset
