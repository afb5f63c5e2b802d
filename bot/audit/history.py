"""The append-only audit log, read back: `/s55 history` in Slack and `s55bot audit --csv`."""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from bot import copy
from bot.domain.inspection import format_reference
from bot.domain.responses import AUTOMATIC
from storage import queries
from storage.db import Database
from storage.models import AuditEvent, Inspection

CSV_COLUMNS = ("id", "reference", "at_utc", "at_local", "actor", "action", "details")
HISTORY_LIMIT = 200  # the most recent lines shown in Slack; the CSV has everything


def history_text(db: Database, inspection: Inspection, *, tz: ZoneInfo) -> str:
    with db.session(read_only=True) as session:
        rows = queries.audit_events(session, inspection_id=inspection.id)
    lines = [_line(event, tz) for event, _number in rows[-HISTORY_LIMIT:]]
    heading = copy.history_heading(format_reference(inspection.number), len(rows), len(lines))
    return "\n".join([heading, *lines])


def write_csv(db: Database, out: TextIO, *, tz: ZoneInfo) -> int:
    """Every audit row, oldest first; returns how many."""
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    with db.session(read_only=True) as session:
        rows = queries.audit_events(session)
    for event, number in rows:
        writer.writerow(
            [
                event.id,
                format_reference(number) if number else "",
                event.at.isoformat(),
                event.at.astimezone(tz).isoformat(),
                event.actor,
                event.action,
                json.dumps(event.details, ensure_ascii=False, sort_keys=True),
            ]
        )
    return len(rows)


def _line(event: AuditEvent, tz: ZoneInfo) -> str:
    when = event.at.astimezone(tz)
    stamp = f"{copy.human_date(when.date())} {when:%H:%M}"
    who = copy.audit_actor(event.actor, AUTOMATIC)
    return f"`{stamp}` {who} {copy.describe_audit(event.action, _details(event))}"


def _details(event: AuditEvent) -> dict[str, Any]:
    return dict(event.details or {})
