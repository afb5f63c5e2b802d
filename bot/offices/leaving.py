"""An office leaving (docs/rules.md#r25): when the app is uninstalled from its workspace its
tokens are deleted at once (Bolt's own revocation handling, on the project's store) and its
records are kept for the retention period, for export, before they are deleted."""

from __future__ import annotations

from datetime import datetime, timedelta

from slack_bolt import BoltContext
from slack_bolt.listener.builtins import TokenRevocationListeners

from bot.domain.audit import AuditAction
from bot.offices.installations import EncryptedInstallationStore
from storage.db import Database
from storage.offices import office_for_team
from storage.queries import record_audit


def uninstalled(
    db: Database,
    store: EncryptedInstallationStore,
    context: BoltContext,
    *,
    now: datetime,
    retention_days: int,
) -> None:
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
    TokenRevocationListeners(store).handle_tokens_revoked_events(event, context)
