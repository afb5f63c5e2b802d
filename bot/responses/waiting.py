"""A response asked for while another draft is being pasted waits for it (one draft collects
at a time, and one with messages kept is never set aside). No column remembers it: an audit
row does ("response request waiting"), and a later "response requested" of its kind ends it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.domain.audit import AuditAction
from bot.domain.responses import ResponseKind
from storage import queries
from storage.models import Inspection, ResponseDraft

REQUESTED = AuditAction.RESPONSE_REQUESTED
WAITING = AuditAction.RESPONSE_REQUEST_WAITING


@dataclass(frozen=True)
class Waits:
    """A request that waits for the draft being collected (``messages`` kept so far)."""

    collecting: ResponseKind
    messages: int


def wait(
    session: Session,
    inspection: Inspection,
    kind: ResponseKind,
    collecting: ResponseDraft,
    *,
    actor: str,
    now: datetime,
) -> None:
    """Remember that ``kind`` is wanted once ``collecting`` is confirmed or cleared: an audit
    row (no new column), read back by ``waiting_request``; asked twice, remembered once."""
    if kind in _waiting(session, inspection.id):
        return
    queries.record_audit(
        session,
        inspection=inspection,
        actor=actor,
        action=WAITING,
        at=now,
        details={"kind": kind.value, "waiting for": collecting.kind},
    )


def waiting_request(session: Session, inspection_id: int) -> tuple[ResponseKind, str] | None:
    """The response asked for while another draft was being pasted and not asked for in the
    thread since (the first of them), with who asked."""
    return next(iter(_waiting(session, inspection_id).items()), None)


def _waiting(session: Session, inspection_id: int) -> dict[ResponseKind, str]:
    """Each "waiting" audit row with no "response requested" of its kind after it, oldest
    first, with who asked."""
    waiting: dict[ResponseKind, str] = {}
    for event, _number in queries.audit_events(session, inspection_id=inspection_id):
        kind = str((event.details or {}).get("kind", ""))
        if event.action == WAITING:
            waiting.setdefault(ResponseKind(kind), event.actor)
        elif event.action == REQUESTED and kind in set(ResponseKind):
            waiting.pop(ResponseKind(kind), None)
    return waiting
