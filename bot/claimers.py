"""Who holds a claim on a reminder, and whether that process is still alive."""

from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta

from storage.reminders import Logged

STALE_AFTER = timedelta(minutes=10)  # a claim this old belongs to a process that stopped


def claimer_id() -> str:
    """Host and process, so that a restarted process can tell its predecessor is gone."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


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
    host, _, rest = claimer.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False  # another machine's process: only the timeout can tell
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
