"""Relationships read for every row an office has at once (the reminder pass).

``selectinload`` reads a relationship with one ``IN`` statement per 500 parents by default, so a
pass over 640 open inspections would take one statement more per relationship than a pass over
40 (tests/bot/reminders/test_reminders.py). ``subqueryload`` kept one statement a relationship,
but builds its query again on every load: 4 to 5 ms of CPU a pass even for one inspection,
where ``selectinload``'s statements come from the compiled cache (bench/reminder_pass.py; README
"Benchmarks"). ``selectinload``'s ``chunksize`` (SQLAlchemy 2.1) gives both: one statement a
relationship for up to EVERY_AT_ONCE parents.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import selectinload
from sqlalchemy.sql.base import ExecutableOption

# Parents per statement. Each is a bound parameter: SQLite allows 32,766 in a statement (its
# SQLITE_MAX_VARIABLE_NUMBER since 3.32), PostgreSQL 65,535 (its protocol's 16-bit count). A
# force has tens of inspections open at once; the benches' 10,000 in one office still read
# each relationship in one statement.
EVERY_AT_ONCE = 10_000


def every_at_once(attribute: Any, *then: Any) -> ExecutableOption:
    """``selectinload(attribute)``, then each of ``then`` below it, each read in one statement
    for up to EVERY_AT_ONCE parents."""
    load = selectinload(attribute, chunksize=EVERY_AT_ONCE)
    for nested in then:
        load = load.selectinload(nested, chunksize=EVERY_AT_ONCE)
    return load
