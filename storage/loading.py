"""Relationships read for every row an office has at once (the reminder pass), in one statement
each however many rows there are, by whichever of SQLAlchemy's two loaders costs less for that
many.

Measured on PostgreSQL (bench/reminder_pass.py; README "Benchmarks"), for the open inspections'
relationships:

* ``subqueryload`` joins each relationship to the parents' own query: one statement however
  many parents, but it builds that query again on every load (6 ms of CPU for 1 to 10 parents);
* ``selectinload`` binds the parents' ids (``IN``): its statement comes from the compiled cache
  (3 ms for 1 to 10 parents), but each id is a parameter to render and send, so it costs more
  past about 130 parents (1,000: 0.87 G instructions for the pass's reading and planning
  against 0.47 G), and it asks in batches of 500 ids unless told otherwise (``chunksize``,
  SQLAlchemy 2.1), which would make a pass's statements grow with an office's inspections.

So up to FEW parents ``selectinload`` with every id in one statement, beyond them
``subqueryload``; ``every_row`` counts the parents first (one statement) to choose.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload, subqueryload
from sqlalchemy.sql.base import ExecutableOption

Row = TypeVar("Row")

# Parents up to which selectinload costs less (the crossover measured was about 130).
FEW = 100
# The children of a nested relationship (items under inspections, say) are not counted: they
# are read in one statement for up to this many. Each id is a bound parameter: SQLite allows
# 32,766 in a statement (its SQLITE_MAX_VARIABLE_NUMBER since 3.32), PostgreSQL 65,535.
EVERY_AT_ONCE = 10_000


def every_row(
    session: Session, query: Select[Row], paths: Sequence[Sequence[Any]]
) -> Sequence[Row]:
    """Every row ``query`` selects, with each relationship path (``(Inspection.items,
    ReportItem.answers)``: the items, then their answers) read in one statement a relationship,
    by the loader that costs less for that many rows: counted first."""
    counted = select(func.count()).select_from(query.order_by(None).subquery())
    parents = session.scalar(counted) or 0
    return session.scalars(query.options(*_loaders(parents, paths))).all()


def _loaders(parents: int, paths: Sequence[Sequence[Any]]) -> list[ExecutableOption]:
    """Loader options reading each relationship path in one statement a relationship, for
    ``parents`` rows."""
    return [_path(path, few=parents <= FEW) for path in paths]


def _path(path: Sequence[Any], *, few: bool) -> ExecutableOption:
    first, *then = path
    load = selectinload(first, chunksize=EVERY_AT_ONCE) if few else subqueryload(first)
    for nested in then:
        load = (
            load.selectinload(nested, chunksize=EVERY_AT_ONCE) if few else load.subqueryload(nested)
        )
    return load
