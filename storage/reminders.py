"""The reminder log: each digest or nudge is claimed (a row with a unique key) before it is
posted and marked sent after, so that it is sent exactly once across retries, restarts and
several processes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import (
    Cast,
    ColumnElement,
    Integer,
    String,
    Table,
    any_,
    bindparam,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from storage.models import Inspection, Reminder
from storage.queries import CLOSED_STATES
from storage.scope import office_of

ACTION_PREFIX = "action:"  # bot.domain.actions.action_nudge_key
CHUNK = 500  # keys per SQLite statement (it allows 32,766 bound values in one)


@dataclass(frozen=True)
class Logged:
    key: str
    sent: bool
    claimed_by: str | None
    claimed_at: datetime | None
    attempts: int


def reminder_log(session: Session, *, today: date) -> dict[str, Logged]:
    """Every reminder row that can matter today, in one query: today's digest, the nudges of
    inspections still open, and every item's target-date nudge."""
    query = (
        select(
            Reminder.key,
            Reminder.sent_at,
            Reminder.claimed_by,
            Reminder.claimed_at,
            Reminder.attempts,
        )
        .outerjoin(Inspection, Reminder.inspection_id == Inspection.id)
        .where(
            or_(
                Reminder.day == today,
                Inspection.state.not_in(CLOSED_STATES),
                # an item's target-date nudges go on after its inspection is complete
                Reminder.key.startswith(ACTION_PREFIX),
            )
        )
    )
    return {
        row.key: Logged(
            row.key, row.sent_at is not None, row.claimed_by, row.claimed_at, row.attempts
        )
        for row in session.execute(query)
    }


def claim_new(session: Session, rows: Sequence[dict[str, Any]]) -> set[str]:
    """Insert the rows whose key nobody has claimed yet; returns the keys this call claimed."""
    office = office_of(session) if rows else None
    table = cast(Table, Reminder.__table__)
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:  # one statement per set of columns set (a column left out: its default)
        names = tuple(sorted(name for name in row if name != "office_id"))  # the session's
        by_columns.setdefault(names, []).append(row)
    claimed: set[str] = set()
    for names, group in by_columns.items():
        if session.get_bind().dialect.name == "postgresql":
            statement = _insert_from_arrays(table, office, names, group)
            claimed.update(session.connection().scalars(statement))
            continue
        # SQLite: one executemany compiled once for all the rows (a statement with the rows
        # in its text is compiled again for each batch); Core, not the ORM's bulk insert.
        statement = (
            sqlite.insert(table)
            .on_conflict_do_nothing(index_elements=["office_id", "key"])
            .returning(table.c.key)
        )
        group = [{**row, "office_id": office} for row in group]
        claimed.update(session.connection().scalars(statement, group))
    return claimed


def _insert_from_arrays(
    table: Table, office: int | None, names: tuple[str, ...], rows: list[dict[str, Any]]
) -> Any:
    """PostgreSQL: one short statement however many rows, each column an array parameter
    (``INSERT … SELECT … FROM unnest(…) ON CONFLICT DO NOTHING RETURNING key``). An executemany
    with RETURNING is sent as a multi-VALUES statement per page of rows, which psycopg parses
    anew each time (too long for its cache): that was a quarter of a long pass's own work."""
    value = _from_rows(table, {name: [row[name] for row in rows] for name in names})
    return (
        postgresql.insert(table)
        .from_select(
            ["office_id", *names],
            select(literal(office, type_=Integer), *(value[name] for name in names)),
        )
        .on_conflict_do_nothing(index_elements=["office_id", "key"])
        .returning(table.c.key)
    )


def take_over(
    session: Session,
    keys: Iterable[str],
    *,
    claimer: str,
    now: datetime,
    stale_before: datetime,
    dead_claimers: Iterable[str],
) -> set[str]:
    """Claim unsent rows that were released after a failure or whose claimer is gone."""
    dead = list(dead_claimers)
    taken: set[str] = set()
    for among in _keys_among(session, keys):
        statement = (
            update(Reminder)
            .where(
                among,
                Reminder.sent_at.is_(None),
                or_(
                    Reminder.claimed_by.is_(None),
                    Reminder.claimed_at < stale_before,
                    Reminder.claimed_by.in_(dead or [""]),
                ),
            )
            .values(claimed_by=claimer, claimed_at=now, attempts=Reminder.attempts + 1)
            .returning(Reminder.key)
            .execution_options(synchronize_session=False)
        )
        taken.update(session.scalars(statement))
    return taken


def renew(session: Session, keys: Iterable[str], *, claimer: str, now: datetime) -> set[str]:
    """Refresh this pass's claims so that no one takes them over as stale; returns the keys
    it still holds."""
    held: set[str] = set()
    for among in _keys_among(session, keys):
        statement = (
            update(Reminder)
            .where(
                among,
                Reminder.claimed_by == claimer,
                Reminder.sent_at.is_(None),
            )
            .values(claimed_at=now)
            .returning(Reminder.key)
            .execution_options(synchronize_session=False)
        )
        held.update(session.scalars(statement))
    return held


def mark_sent(session: Session, sent: Sequence[dict[str, Any]], *, claimer: str) -> None:
    """``sent``: dicts of key, sent_at, channel_id, message_ts."""
    fields = {name: name for name in ("sent_at", "channel_id", "message_ts")}
    _update_held(session, sent, claimer, fields, {"last_error": None})


def release(session: Session, failed: Sequence[dict[str, Any]], *, claimer: str) -> None:
    """``failed``: dicts of key and error; each is left for the next pass to retry."""
    _update_held(session, failed, claimer, {"last_error": "error"}, {"claimed_by": None})


def _update_held(
    session: Session,
    rows: Sequence[dict[str, Any]],
    claimer: str,
    fields: dict[str, str],
    constants: dict[str, Any],
) -> None:
    """One UPDATE of the rows (by key) this claimer still holds in the session's office: each
    column in ``fields`` set from the row's field of that name, those in ``constants`` alike
    for every row."""
    if not rows:
        return
    table = cast(Table, Reminder.__table__)  # a mapped class's table, typed as any FromClause
    held = (table.c.claimed_by == claimer, table.c.office_id == office_of(session))
    if session.get_bind().dialect.name == "postgresql":
        # UPDATE … FROM unnest(…): one short statement with an array per field, where an
        # executemany sends (and psycopg adapts) a statement per row.
        names = ["key", *fields.values()]
        value = _from_rows(table, {name: [row[name] for row in rows] for name in names}, fields)
        session.connection().execute(
            update(table)
            .where(table.c.key == value["key"], *held)
            .values({**{column: value[field] for column, field in fields.items()}, **constants})
        )
        return
    session.connection().execute(  # SQLite: one executemany
        update(table)
        .where(table.c.key == bindparam("k"), *held)
        .values({**{column: bindparam(field) for column, field in fields.items()}, **constants}),
        [{"k": row["key"], **{field: row[field] for field in fields.values()}} for row in rows],
    )


def _from_rows(
    table: Table, columns: dict[str, list[Any]], fields: dict[str, str] | None = None
) -> dict[str, ColumnElement[Any]]:
    """PostgreSQL: each named list as a column to select from, typed as the table's column of
    that name (``fields``: column for a list named otherwise). The keys, and any list whose
    values differ, come from ``unnest(…)`` of one array parameter each; a list with the same
    value in every row (the claimer, the day, the office's channel…) is bound once as that
    value, not as an array of it: adapting every element of an array costs the process
    about as much as the rest of the statement."""
    column_of = {field: column for column, field in (fields or {}).items()}
    typed = {name: _unbounded(table.c[column_of.get(name, name)].type) for name in columns}
    varying = {
        name: values
        for name, values in columns.items()
        if name == "key" or any(value != values[0] for value in values)
    }
    arrays = [
        bindparam(f"a_{name}", values, type_=postgresql.ARRAY(typed[name]))
        for name, values in varying.items()
    ]
    source = func.unnest(*arrays).table_valued(*varying).render_derived()
    return {
        name: source.c[name]
        if name in varying
        else Cast(bindparam(f"c_{name}", values[0], type_=typed[name]), typed[name])
        for name, values in columns.items()
    }


def _unbounded(type_: TypeEngine[Any]) -> TypeEngine[Any]:
    """A string column's type without its length: PostgreSQL cuts a value short, without a
    word, when it is cast to VARCHAR(n) (as a typed parameter is), but refuses it when it is
    stored in a column too short for it. Only the column's own limit may apply."""
    return String() if isinstance(type_, String) else type_


def _keys_among(session: Session, keys: Iterable[str]) -> Iterator[ColumnElement[bool]]:
    """``key`` among ``keys``, as few times as the database allows: once on PostgreSQL (an
    array parameter, ``key = ANY(…)``), per CHUNK keys on SQLite (bound values); none for no
    keys."""
    keys = list(keys)
    if not keys:
        return
    if session.get_bind().dialect.name == "postgresql":
        yield Reminder.key == any_(bindparam("keys", keys, type_=postgresql.ARRAY(String)))
        return
    for start in range(0, len(keys), CHUNK):
        yield Reminder.key.in_(keys[start : start + CHUNK])


# --- follow-ups ---------------------------------------------------------------------------
# What Slack must show after a change (a prompt, a step note, a card edit…) is written in the
# same transaction as the change, as an unclaimed row of this log; whoever delivers it claims it,
# posts, and marks it sent, exactly as a reminder. A key starting with ``edit:`` is an edit of a
# message, wanted again after every change; every other key is posted once.
FOLLOW_UP = "follow-up"
EDIT_PREFIX = "edit:"


def request_follow_ups(
    session: Session, inspection_id: int | None, keys: Iterable[str], *, day: date, now: datetime
) -> None:
    office = office_of(session)
    rows: list[dict[str, Any]] = [
        {
            "office_id": office,
            "key": key,
            "inspection_id": inspection_id,
            "kind": FOLLOW_UP,
            "day": day,
            "claimed_at": now,
            "claimed_by": None,
            "attempts": 0,
        }
        for key in keys
    ]
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    for row in rows:
        statement = insert(Reminder).values(row)
        if row["key"].startswith(EDIT_PREFIX):  # wanted again: whoever holds it must redo it
            statement = statement.on_conflict_do_update(
                index_elements=["office_id", "key"], set_={"sent_at": None, "claimed_by": None}
            )
        else:
            statement = statement.on_conflict_do_nothing(index_elements=["office_id", "key"])
        session.execute(statement)


def inspections_with_follow_ups(session: Session) -> list[int | None]:
    """None among them: follow-ups of no one inspection (the compliance report's)."""
    return list(
        session.scalars(
            select(Reminder.inspection_id)
            .where(Reminder.kind == FOLLOW_UP, Reminder.sent_at.is_(None))
            .distinct()
        )
    )


def take_follow_ups(
    session: Session,
    inspection_id: int | None,
    *,
    claimer: str,
    now: datetime,
    stale_before: datetime,
    keys: Iterable[str] | None = None,
) -> dict[str, int]:
    """Claim the inspection's unsent follow-ups that nobody holds (or whose claim is stale);
    returns each claimed key with its attempts, this one included."""
    conditions = [
        Reminder.inspection_id == inspection_id  # None: IS NULL, the report's follow-ups
        if inspection_id is not None
        else Reminder.inspection_id.is_(None),
        Reminder.kind == FOLLOW_UP,
        Reminder.sent_at.is_(None),
        or_(Reminder.claimed_by.is_(None), Reminder.claimed_at < stale_before),
    ]
    if keys is not None:
        conditions.append(Reminder.key.in_(list(keys)))
    statement = (
        update(Reminder)
        .where(*conditions)
        .values(claimed_by=claimer, claimed_at=now, attempts=Reminder.attempts + 1)
        .returning(Reminder.key, Reminder.attempts)
        .execution_options(synchronize_session=False)
    )
    return {row.key: row.attempts for row in session.execute(statement)}


def follow_up_claims(session: Session) -> list[tuple[int, int | None, str, str]]:
    """(office, inspection, key, claimer) of every unsent follow-up someone holds."""
    rows = session.execute(
        select(Reminder.office_id, Reminder.inspection_id, Reminder.key, Reminder.claimed_by)
        .where(
            Reminder.kind == FOLLOW_UP,
            Reminder.sent_at.is_(None),
            Reminder.claimed_by.is_not(None),
        )
        .order_by(Reminder.id)
    ).all()
    return [(row[0], row[1], row[2], row[3] or "") for row in rows]


def release_follow_up(session: Session, key: str, *, claimer: str) -> bool:
    """Give back a follow-up whose deliverer is gone; False if someone else holds it now."""
    result = session.execute(
        update(Reminder)
        .where(Reminder.kind == FOLLOW_UP, Reminder.key == key, Reminder.claimed_by == claimer)
        .values(claimed_by=None)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def sent_message(session: Session, key: str) -> tuple[str, str] | None:
    """(channel, ts) of the follow-up ``key`` once marked sent; None before."""
    row = session.execute(
        select(Reminder.channel_id, Reminder.message_ts).where(
            Reminder.key == key, Reminder.sent_at.is_not(None)
        )
    ).one_or_none()
    return (row.channel_id, row.message_ts) if row and row.message_ts else None


def last_error(session: Session, key: str) -> str | None:
    """Why the follow-up ``key`` is still unsent (Slack's error code), if it is."""
    return session.scalar(
        select(Reminder.last_error).where(Reminder.key == key, Reminder.sent_at.is_(None))
    )
