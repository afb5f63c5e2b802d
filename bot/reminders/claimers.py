"""Who holds a claim on a reminder, and whether that process is still alive."""

from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from storage.reminders import Logged

STALE_AFTER = timedelta(minutes=10)  # a claim this old belongs to a process that stopped


def claimer_id() -> str:
    """Where the process runs, and which process, so that a restarted process can tell that
    its predecessor is gone: ``<place>:<pid>:<random>``."""
    return f"{_place()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@cache
def _place() -> str:
    """The host, this boot and this PID namespace: two containers that share a host name but
    not their processes must not judge each other's claims by pid."""
    parts = [socket.gethostname()]
    for path in ("/proc/sys/kernel/random/boot_id", "/proc/self/ns/pid"):
        try:
            parts.append(
                Path(path).read_text().strip()[:8] if "boot" in path else str(os.stat(path).st_ino)
            )
        except OSError:
            parts.append("-")
    return "/".join(parts).replace(":", "_")


def held(row: Logged, now: datetime) -> bool:
    """A claim that a live process is working on right now."""
    return (
        not row.sent
        and row.claimed_by is not None
        and row.claimed_at is not None
        and row.claimed_at >= now - STALE_AFTER
        and not dead(row.claimed_by)
    )


def dead(claimer: str) -> bool:
    """Only a claim made in this same place can be judged by its pid; elsewhere the timeout
    decides."""
    place, _, rest = claimer.partition(":")
    pid = rest.partition(":")[0]
    if place != _place() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
