"""Logging and finding inspections: the domain rules applied to stored data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from bot import copy
from bot.domain.audit import AuditAction
from bot.domain.deadlines import DeadlineRule, compute_deadlines
from bot.domain.errors import (
    DatabaseUnavailable,
    DuplicateInspection,
    InvalidInput,
    UnknownInspection,
)
from bot.domain.inspection import (
    InspectionDraft,
    State,
    format_reference,
    link_key,
    parse_reference,
    title_key,
)
from bot.domain.paging import Page, page_number
from bot.domain.sections import Section
from storage import queries
from storage.changes import run_once
from storage.db import Database
from storage.models import Inspection

LIST_FILTERS = ("open", "overdue", "done", "all")


def reference_of(inspection: Inspection) -> str:
    return format_reference(inspection.number)


ACK_READ_SECONDS = 2.0  # a form's ack waits this long for the look-up, of Slack's 3 s


def check_not_duplicate(
    db: Database, draft: InspectionDraft, *, other_than: int | None = None
) -> None:
    """For a form's ack: DuplicateInspection, or DatabaseUnavailable when the database did not
    answer within ACK_READ_SECONDS (then storing it refuses a duplicate, and says so)."""
    db.read_within(
        ACK_READ_SECONDS, lambda session: refuse_duplicate(session, draft, other_than=other_than)
    )


def log_inspection(
    db: Database,
    *,
    draft: InspectionDraft,
    actor: str,
    channel: str,
    rule: DeadlineRule,
    cc_days: int,
    now: datetime,
    key: str | None = None,
) -> Inspection:
    """Store a new inspection with its deadlines and an audit row; refuse duplicates. With
    ``key`` (the request's, storage.changes), a commit whose answer was lost is looked up
    before anything is said, and the same request made again logs nothing more. The
    inspection returned is detached: what the reply needs, as stored."""
    deadlines = compute_deadlines(draft.published, rule=rule, cc_days=cc_days)

    def store(session: Session) -> dict[str, Any]:
        queries.lock_new_inspections(session)
        refuse_duplicate(session, draft)
        inspection = Inspection(
            number=queries.next_inspection_number(session),
            title=draft.title,
            title_key=title_key(draft.title),
            published=draft.published,
            inspection_type=draft.inspection_type.value if draft.inspection_type else None,
            link=draft.link,
            link_key=link_key(draft.link),
            deadline_rule=deadlines.rule.value,
            cc_due=deadlines.cc_due,
            statutory_deadline=deadlines.statutory,
            state=State.AWAITING_CC.value,
            channel_id=channel,
            logged_by=actor,
            logged_at=now,
        )
        session.add(inspection)
        session.flush()
        queries.record_audit(
            session,
            inspection=inspection,
            actor=actor,
            action=AuditAction.LOGGED,
            at=now,
            details={"reference": reference_of(inspection), "title": draft.title},
        )
        record_form_sections(session, inspection, draft_sections(draft), actor=actor, now=now)
        return _as_logged(inspection)

    done = run_once(
        db,
        key=key,
        action="inspection logged",
        now=now,
        work=store,
        unknown_reply=copy.outcome_unknown("the inspection", "the channel (or `/s55 list all`)"),
    )
    return _read_back(db, done.result)


def _read_back(db: Database, result: dict[str, Any]) -> Inspection:
    """The inspection as stored, its columns (all the reply reads); if the database will not
    say just now, what the change kept of it (enough for the reply)."""
    try:
        with db.session(read_only=True) as session:
            stored = queries.find_inspection(session, int(result["id"]), loaded=False)
    except DatabaseUnavailable:
        stored = None
    return stored if stored is not None else _logged(result)


def _as_logged(inspection: Inspection) -> dict[str, Any]:
    """What the reply to the person who logged it says, kept with the change's key."""
    return {
        "id": inspection.id,
        "number": inspection.number,
        "title": inspection.title,
        "published": inspection.published.isoformat(),
        "deadline": inspection.statutory_deadline.isoformat(),
        "cc_due": inspection.cc_due.isoformat(),
        "channel": inspection.channel_id,
    }


def _logged(result: dict[str, Any]) -> Inspection:
    return Inspection(
        id=result["id"],
        number=result["number"],
        title=result["title"],
        published=date.fromisoformat(result["published"]),
        statutory_deadline=date.fromisoformat(result["deadline"]),
        cc_due=date.fromisoformat(result["cc_due"]),
        channel_id=result["channel"],
    )


def draft_sections(draft: InspectionDraft) -> dict[Section, str]:
    return {
        Section.KEY_FINDINGS: draft.key_findings,
        Section.RECOMMENDATIONS: draft.recommendations,
        Section.AREAS_FOR_IMPROVEMENT: draft.areas_for_improvement,
    }


def record_form_sections(
    session: Session,
    inspection: Inspection,
    texts: dict[Section, str],
    *,
    actor: str,
    now: datetime,
) -> None:
    """A section typed in a form becomes its next revision; an empty field records nothing
    (left empty is *not yet recorded*, never *none*)."""
    for section, text in texts.items():
        if text.strip():
            queries.record_section(
                session,
                inspection,
                section=section.value,
                text=text,
                source="form",
                actor=actor,
                now=now,
            )


def refuse_duplicate(
    session: Session, draft: InspectionDraft, *, other_than: int | None = None
) -> None:
    existing = queries.find_duplicate(
        session,
        title_key=title_key(draft.title),
        published=draft.published,
        link_key=link_key(draft.link),
        other_than=other_than,
    )
    if existing is None:
        return
    reference = reference_of(existing)
    same_link = draft.link and existing.link_key == link_key(draft.link)
    reply = copy.duplicate_link(reference) if same_link else copy.duplicate_title(reference)
    raise DuplicateInspection(reply, reference=reference)


def find_inspection(db: Database, text: str) -> Inspection:
    """The inspection a user named (``S55-7``), with its responses and steps loaded."""
    number = parse_reference(text)
    if number is None:
        raise UnknownInspection(copy.unknown_reference(text) if text else copy.SHOW_NEEDS_REFERENCE)
    with db.session(read_only=True) as session:
        inspection = queries.inspection_by_number(session, number)
    if inspection is None:
        raise UnknownInspection(copy.unknown_reference(text))
    return inspection


@dataclass(frozen=True)
class Listing:
    """One page of a list: which list, the page (its number and the list's total, counted by
    the database) and the inspections on it, in the list's order."""

    which: str
    page: Page
    inspections: Sequence[Inspection]


def list_request(text: str) -> tuple[str, int]:
    """(list, page) from what follows ``/s55 list``: ``all 2``, ``done``, ``2`` (the open
    list's second page), nothing (``open``, page 1). InvalidInput saying what is wrong."""
    words = text.split()
    if len(words) > 2:
        raise InvalidInput(copy.LIST_TAKES_ONE_WORD)
    if len(words) == 1 and (number := page_number(words[0])) is not None:
        return "open", number
    which = (words or ["open"])[0].lower()
    if which not in LIST_FILTERS:
        raise InvalidInput(copy.bad_list_filter(which))
    if len(words) < 2:
        return which, 1
    number = page_number(words[1])
    if number is None:
        raise InvalidInput(copy.bad_page_number(words[1]))
    return which, number


def list_inspections(db: Database, which: str, *, today: date, page: int = 1) -> Listing:
    """Page ``page`` of a list: the database counts the list and reads only that page's
    rows, so a list costs the same however long the history."""
    if which not in LIST_FILTERS:
        raise InvalidInput(copy.bad_list_filter(which))
    with db.session(read_only=True) as session:
        shown = Page(page, queries.count_listed(session, which, today=today))
        if not shown.exists:
            raise InvalidInput(copy.no_such_page(which, page, last=shown.last, total=shown.total))
        rows = queries.list_page(session, which, today=today, offset=shown.offset, limit=shown.size)
    return Listing(which=which, page=shown, inspections=rows)


def inspection_or_none(db: Database, inspection_id: int) -> Inspection | None:
    """The inspection a button names, or None (a stale or altered button)."""
    with db.session(read_only=True) as session:
        return queries.find_inspection(session, inspection_id)
