"""The append-only audit log, read back: `/s55 history` in Slack and `s55bot audit --csv`."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from bot import copy
from bot.domain.audit import AuditAction
from bot.domain.inspection import format_reference
from bot.domain.responses import AUTOMATIC
from bot.domain.slack_text import to_plain_text
from storage import queries
from storage.db import Database
from storage.models import AuditEvent, Inspection

# "what": the row in words, as /s55 history says it (plain text): never the stored details.
CSV_COLUMNS = ("id", "reference", "at_utc", "at_local", "actor", "action", "what")
HISTORY_LIMIT = 200  # the most recent lines shown in Slack; the CSV has everything


def history_text(db: Database, inspection: Inspection, *, tz: ZoneInfo) -> str:
    with db.session(read_only=True) as session:
        rows = queries.audit_events(session, inspection_id=inspection.id)
    lines = [_line(event, tz) for event, _number in rows[-HISTORY_LIMIT:]]
    heading = copy.history_heading(format_reference(inspection.number), len(rows), len(lines))
    return "\n".join([heading, *lines])


def settings_history_text(db: Database, *, tz: ZoneInfo) -> str:
    """`/s55 history settings`: every change to the office's settings, a sentence each."""
    with db.session(read_only=True) as session:
        rows = queries.office_audit_events(session, AuditAction.SETTING_CHANGED)
    lines = [_line(event, tz) for event in rows[-HISTORY_LIMIT:]]
    return "\n".join([copy.settings_history_heading(len(rows), len(lines)), *lines])


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
                to_plain_text(describe(event.action, event.details or {})),
            ]
        )
    return len(rows)


def describe(action: str, details: Mapping[str, Any]) -> str:
    """A stored row in words, from the one table of every action's words
    (copy.AUDIT_DESCRIPTIONS). A value no member has (a row written by a newer version of the
    bot, read by an older one) is named, its details never shown raw."""
    try:
        member = AuditAction(action)
    except ValueError:
        return copy.audit_unknown(action)
    return copy.AUDIT_DESCRIPTIONS[member.value](dict(details))


def _line(event: AuditEvent, tz: ZoneInfo) -> str:
    when = event.at.astimezone(tz)
    stamp = f"{copy.human_date(when.date())} {when:%H:%M}"
    who = copy.audit_actor(event.actor, AUTOMATIC)
    return f"`{stamp}` {who} {describe(event.action, event.details or {})}"
