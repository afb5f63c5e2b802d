"""The sandbox clock starts anywhere and then only moves forward."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.runtime.sandbox.clock import SandboxClock

REAL = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def test_it_is_real_time_moved_by_an_offset() -> None:
    clock = SandboxClock(timedelta(days=-10), real=lambda: REAL)
    assert clock.now() == REAL - timedelta(days=10)


def test_it_moves_forward_and_never_back() -> None:
    clock = SandboxClock(real=lambda: REAL)
    assert clock.move_by(timedelta(days=2)) == REAL + timedelta(days=2)
    assert clock.move_by(timedelta(days=-5)) == REAL + timedelta(days=2)
    assert clock.move_to(REAL) == REAL + timedelta(days=2)
    assert clock.move_to(REAL + timedelta(days=3)) == REAL + timedelta(days=3)
