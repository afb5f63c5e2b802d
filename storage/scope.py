"""Offices kept apart (docs/rules.md#r25): a session opened for an office reads, changes and
deletes only that office's rows, and every row it adds is that office's.

SQLAlchemy's documented way to add a criterion to every statement of a session (ORM query
events, "Adding global WHERE / ON criteria"): ``do_orm_execute`` adds ``with_loader_criteria``
for every office-owned class to each SELECT, UPDATE and DELETE, including the lazy loads of
relationships; ``before_flush`` gives each new row the session's office. So a request from one
office that names another's inspection, item, draft or button value finds nothing, by the same
queries that serve it.

A session with no office (``Database.across_offices``) is for work that spans offices: listing
them, installing, the scheduler choosing whom to serve next. It may read office-owned rows but
never add one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria
from sqlalchemy.orm.interfaces import ORMOption

from storage.models import OfficeOwned

OFFICE_KEY = "s55_office_id"


class NoOffice(Exception):
    """A row was added in a session that serves no office."""


def office_of(session: Session) -> int:
    """The office the session serves (for statements that name it, e.g. INSERT … ON
    CONFLICT, which the ORM's criteria do not reach)."""
    office = session.info.get(OFFICE_KEY)
    if office is None:
        raise NoOffice("this session serves no office: open one with Database.for_office")
    return int(office)


class OfficeSession(Session):
    """The project's sessions (storage.db.Database makes every one of this class)."""


def _only_this_office(state: ORMExecuteState) -> None:
    office = state.session.info.get(OFFICE_KEY)
    if office is None:
        return
    if state.is_insert:
        _rows_of_this_office(state, office)
        return
    if state.is_select or state.is_update or state.is_delete:
        # Relationship and column loads inherit the criteria from the statement that loaded
        # their parent (propagate_to_loaders).
        if state.is_column_load or state.is_relationship_load:
            return
        state.statement = state.statement.options(_criteria(office))


@cache
def _criteria(office: int) -> ORMOption:
    """One office's criteria, built once and added to each of its statements (an option is
    reused as LOADED's are: storage.queries). Built for every statement, it analysed the lambda
    again each time: a tenth of a simple SELECT's instructions on SQLite (1.06 M against 0.96 M,
    counted by callgrind). One per office an instance serves; tests/storage/test_scope.py fails
    if one office's criteria serve another."""
    return with_loader_criteria(
        OfficeOwned,
        lambda cls: cls.office_id == office,
        include_aliases=True,
    )


def _rows_of_this_office(state: ORMExecuteState, office: int) -> None:
    """ORM bulk INSERT (``session.execute(insert(Model), rows)``) bypasses the flush: each row
    is given the session's office, and one naming another office is refused."""
    mapper = state.bind_mapper
    if mapper is None or not issubclass(mapper.class_, OfficeOwned):
        return
    params = state.parameters
    rows: list[Mapping[str, Any]] = (
        list(params) if isinstance(params, Sequence) else [params] if params else []
    )
    for row in rows:
        owner = row.get("office_id")
        if owner is not None and owner != office:
            raise NoOffice(f"a new {mapper.class_.__name__} belongs to office {owner}")
    owned = [{**row, "office_id": office} for row in rows]
    if isinstance(params, Sequence):
        state.parameters = owned
    elif owned:
        state.parameters = owned[0]


def _owned_by_this_office(session: Session, _context: Any, _instances: Any) -> None:
    office = session.info.get(OFFICE_KEY)
    for row in session.new:
        if not isinstance(row, OfficeOwned):
            continue
        owner = vars(row).get("office_id")  # None until it is set
        if owner is None and office is None:
            raise NoOffice(f"a new {type(row).__name__} belongs to no office")
        if owner is None:
            row.office_id = office
        elif office is not None and owner != office:
            raise NoOffice(f"a new {type(row).__name__} belongs to office {owner}")


event.listen(OfficeSession, "do_orm_execute", _only_this_office)
event.listen(OfficeSession, "before_flush", _owned_by_this_office)
