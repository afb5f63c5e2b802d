"""storage.db on SQLite: each unit of work waits for the write lock as long as it was told
(``within``), and the next as long as serving allows, on the same pooled connection."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.orm import Session

from storage.db import SERVING, Database
from tests.history import HOUSEKEEPING

assert SERVING.lock is not None
SERVING_MS = int(SERVING.lock * 1000)  # how long serving waits for SQLite's write lock


def _busy_ms(session: Session) -> int:
    return int(session.execute(text("PRAGMA busy_timeout")).scalar_one())


def test_each_unit_of_work_waits_for_the_lock_as_long_as_it_was_told(
    migrated_sqlite_at: Callable[[Path], Database], tmp_path: Path
) -> None:
    db = migrated_sqlite_at(tmp_path / "s55bot.db")
    seen = []
    for within, read_only in [
        (None, False),
        (0.25, True),
        (None, True),
        (0.5, False),
        (None, False),
    ]:
        with db.session(read_only=read_only, within=within) as session:
            seen.append(_busy_ms(session))
    assert seen == [SERVING_MS, 250, SERVING_MS, 500, SERVING_MS]
    assert db.engine.pool.checkedin() == 1  # one connection served them all
    db.dispose()


def test_the_lock_wait_is_set_only_when_it_changes(
    migrated_sqlite_at: Callable[[Path], Database], tmp_path: Path
) -> None:
    """It was set before every transaction: the statement run most often in the suite."""
    db = migrated_sqlite_at(tmp_path / "s55bot.db")
    statements: list[str] = []
    event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    for within in (None, None, None, 0.25, 0.25, None):
        with db.session(within=within) as session:
            session.execute(text("SELECT 1"))
    pragmas = [s for s in statements if s.startswith(HOUSEKEEPING)]
    # Set on connecting to serving's wait (not seen here: the driver's own cursor), then only
    # on the way into the two 0.25 s units of work and back out of them.
    assert pragmas == [f"{HOUSEKEEPING}=250", f"{HOUSEKEEPING}={SERVING_MS}"]
    db.dispose()
