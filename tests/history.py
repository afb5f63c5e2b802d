"""A long history stored at once (bulk inserts, bypassing the domain), and the SQL statements a
piece of work costs: what tests of work that must cost the same however long the history use."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import event, insert

from storage.db import Database
from storage.models import Inspection


def inspection_row(
    number: int, *, published: date, state: str, channel: str = "C0TEAM0001", **more: Any
) -> dict[str, Any]:
    """An inspection's columns as ``insert(Inspection)`` takes them; S55-``number``."""
    return {
        "number": number,
        "title": f"Inspection {number}",
        "title_key": f"inspection {number}",
        "published": published,
        "deadline_rule": "statutory",
        "cc_due": published + timedelta(days=28),
        "statutory_deadline": published + timedelta(days=55),
        "state": state,
        "channel_id": channel,
        "logged_by": "U0001",
        "logged_at": datetime(2024, 4, 2, tzinfo=UTC),
        **more,
    }


def store(db: Database, rows: list[dict[str, Any]]) -> None:
    with db.session() as session:
        session.execute(insert(Inspection), rows)


# Sent before a unit of work only when its lock wait differs from what that pooled SQLite
# connection was last told (storage.db._sqlite_begin): whether it is sent depends on which
# connection the pool hands out and what ran on it before, not on the work measured.
HOUSEKEEPING = "PRAGMA busy_timeout"


@contextmanager
def statements(db: Database) -> Iterator[list[str]]:
    """The SQL statements the work in the block runs, in order (the connection's housekeeping
    left out)."""
    executed: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if not statement.startswith(HOUSEKEEPING):
            executed.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield executed
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def selects(executed: list[str]) -> list[str]:
    return [s for s in executed if s.lstrip().upper().startswith("SELECT")]
