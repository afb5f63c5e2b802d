"""An office leaving (docs/rules.md#r25): when the app is uninstalled from its workspace its
tokens are deleted at once (Bolt's own revocation handling, on the project's store) and its
records are kept for the retention period, for export, before they are deleted."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.domain.audit import AuditAction
from storage.db import Database
from storage.models import Office
from storage.offices import (
    erase_office_records,
    office_for_team,
    office_records,
    offices_to_erase,
)
from storage.queries import record_audit

# Bolt only where an uninstall is handled (a serving process, which has it loaded already):
# `s55bot office export` and the nightly erasure import this module without serving Slack.
if TYPE_CHECKING:
    from slack_bolt import BoltContext

    from bot.offices.installations import EncryptedInstallationStore


def uninstalled(
    db: Database,
    store: EncryptedInstallationStore,
    context: BoltContext,
    *,
    now: datetime,
    retention_days: int,
) -> None:
    from slack_bolt.listener.builtins import TokenRevocationListeners

    TokenRevocationListeners(store).handle_app_uninstalled_events(context)
    team_id = context.team_id
    if not team_id:
        return
    erase_after = now + timedelta(days=retention_days)
    with db.across_offices().session() as session:
        office = office_for_team(session, team_id)
        if office is None or office.uninstalled_at is not None:
            return
        office.uninstalled_at, office.erase_after = now, erase_after
        office_id = office.id
    with db.for_office(office_id).session() as session:
        record_audit(
            session,
            inspection=None,
            actor=context.user_id or "Slack",
            action=AuditAction.UNINSTALLED,
            at=now,
            details={"erase after": erase_after.date().isoformat()},
        )


def tokens_revoked(store: EncryptedInstallationStore, event: dict, context: BoltContext) -> None:
    from slack_bolt.listener.builtins import TokenRevocationListeners

    TokenRevocationListeners(store).handle_tokens_revoked_events(event, context)


def erase_departed(db: Database, *, now: datetime) -> dict[str, int]:
    """Delete the records of every office whose retention period is over; its audit log keeps
    one row saying so. Returns the rows deleted, by workspace."""
    erased: dict[str, int] = {}
    with db.across_offices().session(read_only=True) as session:
        due = [(office.id, office.team_id or "") for office in offices_to_erase(session, now)]
    for office_id, team_id in due:
        with db.across_offices().session() as session:
            rows = erase_office_records(session, office_id)
            office = session.get(Office, office_id)
            if office is not None:
                office.erase_after, office.settings = None, {}
        with db.for_office(office_id).session() as session:
            record_audit(
                session,
                inspection=None,
                actor="s55bot",
                action=AuditAction.RECORDS_ERASED,
                at=now,
                details={"rows": rows},
            )
        erased[team_id] = rows
    return erased


def export_office(db: Database, team_id: str) -> dict[str, Any] | None:
    """Everything the office of ``team_id`` has on record, table by table (None: no such
    office)."""
    with db.across_offices().session(read_only=True) as session:
        office = office_for_team(session, team_id)
        if office is None:
            return None
        return {
            "office": {
                "team_id": office.team_id,
                "team_name": office.team_name,
                "installed_at": office.installed_at,
                "uninstalled_at": office.uninstalled_at,
                "erase_after": office.erase_after,
                "settings": office.settings,
            },
            "records": office_records(session, office.id),
        }
