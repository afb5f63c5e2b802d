"""Named queries for offices: the workspaces the bot serves (docs/rules.md#r25). Offices are
read and written in sessions across offices (``Database.across_offices``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Table, delete, or_, select, update
from sqlalchemy.orm import Session

from storage.models import THIS_OFFICE, Base, Office


def office_for_team(session: Session, team_id: str) -> Office | None:
    return session.scalars(select(Office).where(Office.team_id == team_id)).first()


def install_office(
    session: Session, *, team_id: str, team_name: str | None, installed_by: str, now: datetime
) -> Office:
    """The office of ``team_id``, made on its first install; installing again after leaving
    brings the same office (and the records kept for it) back. Adding the app again while it
    is installed (Slack allows it, say to approve new scopes) keeps whoever installed it: the
    installer is an office admin, and nobody loses that by someone else's click."""
    office = office_for_team(session, team_id)
    if office is None:
        office = Office(team_id=team_id, settings={}, installed_at=now)
        session.add(office)
    if office.installed_by is None or office.uninstalled_at is not None:
        office.installed_by = installed_by
        office.installed_at = now
    office.team_name = team_name
    office.uninstalled_at = None
    office.erase_after = None
    session.flush()
    return office


def adopt_single_office(session: Session, team_id: str, team_name: str | None) -> bool:
    """The database's single office (the one a single-office deployment keeps its records
    in) becomes ``team_id``'s, if it belongs to no workspace yet and no other office is
    ``team_id``'s: so that installing that workspace through Slack finds its records (the
    sandbox's first office, kept from before it had two). True when it did."""
    if office_for_team(session, team_id) is not None:
        return False
    statement = (
        update(Office)
        .where(Office.id == THIS_OFFICE, Office.team_id.is_(None))
        .values(team_id=team_id, team_name=team_name)
    )
    return bool(getattr(session.execute(statement), "rowcount", 0))


def serving_offices(session: Session) -> list[Office]:
    """Offices installed through Slack and still there, in the order they came."""
    query = select(Office).where(Office.team_id.is_not(None), Office.uninstalled_at.is_(None))
    return list(session.scalars(query.order_by(Office.id)))


def chosen_settings(session: Session, office_id: int) -> dict[str, str]:
    """What the office chose in Slack, by setting name (Office.settings)."""
    stored = session.scalar(select(Office.settings).where(Office.id == office_id)) or {}
    return {str(name): str(value) for name, value in stored.items()}


def office(session: Session, office_id: int, *, lock: bool = False) -> Office | None:
    """The office by its id; ``lock``: its row held until the transaction ends, so that two
    people saving its settings at once take turns (SQLite's sessions hold the write lock
    already)."""
    statement = select(Office).where(Office.id == office_id)
    return session.scalars(statement.with_for_update() if lock else statement).first()


def store_office_settings(session: Session, office_id: int, chosen: dict[str, str]) -> None:
    """What the office chose in Slack, in place of what it had chosen before (a new dict: the
    JSON column is not watched for changes made inside it)."""
    session.execute(update(Office).where(Office.id == office_id).values(settings=dict(chosen)))


def claim_token(
    session: Session, team_id: str, *, claimer: str, now: datetime, until: datetime
) -> bool:
    """True when this caller may refresh the office's token now: nobody holds the claim, or
    its holder's time ran out."""
    statement = (
        update(Office)
        .where(
            Office.team_id == team_id,
            or_(Office.token_claimed_until.is_(None), Office.token_claimed_until < now),
        )
        .values(token_claimed_by=claimer, token_claimed_until=until)
    )
    return bool(getattr(session.execute(statement), "rowcount", 0))


def release_token(session: Session, team_id: str, *, claimer: str) -> None:
    session.execute(
        update(Office)
        .where(Office.team_id == team_id, Office.token_claimed_by == claimer)
        .values(token_claimed_by=None, token_claimed_until=None)
    )


def office_owned_tables() -> list[Table]:
    """Every table whose rows belong to an office, parents before children."""
    return [table for table in Base.metadata.sorted_tables if "office_id" in table.c]


def office_records(session: Session, office_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row the office owns, table by table, oldest first (for its export)."""
    return {
        table.name: [
            dict(row._mapping)
            for row in session.execute(
                select(table).where(table.c.office_id == office_id).order_by(table.c.id)
            )
        ]
        for table in office_owned_tables()
    }


def offices_to_erase(session: Session, now: datetime) -> list[Office]:
    """Offices that left and whose retention period is over."""
    return list(
        session.scalars(
            select(Office).where(Office.erase_after.is_not(None), Office.erase_after <= now)
        )
    )


def erase_office_records(session: Session, office_id: int) -> int:
    """Delete every row the office owns (children first); the office's own row stays, so that
    its leaving stays on record. Returns how many rows went."""
    erased = 0
    for table in reversed(office_owned_tables()):
        result = session.execute(delete(table).where(table.c.office_id == office_id))
        erased += int(getattr(result, "rowcount", 0) or 0)
    return erased
