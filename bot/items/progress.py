"""An answered item's progress after the response (docs/rules.md#r7): who may record it, which items
keep living (any state of the inspection but withdrawn or "no response required"), and each
update stored as a new revision, audited, told to the person and noted in the card's thread
(a follow-up, delivered once and retried by the reminder pass)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from bot import copy
from bot.changes.followups import request
from bot.changes.named import inspection_named
from bot.changes.permission import Refused, check_editor
from bot.domain import followups
from bot.domain.actions import ActionState, ActionStatus, progress_problems, revised, stored_state
from bot.domain.answers import item_label
from bot.domain.audit import AuditAction
from bot.domain.errors import InvalidForm
from bot.domain.followups import Stored
from bot.domain.inspection import format_reference
from bot.domain.items import DirectedAt, ItemKind
from bot.domain.responses import ResponseKind
from bot.render.progress import Followed, progress_line
from bot.responses.followups import stored_and_caught_up
from bot.services import Services
from storage import items as item_store
from storage import queries
from storage.changes import run_once
from storage.items import UNFOLLOWED_STATES
from storage.models import Inspection, ItemAnswer, ReportItem


@dataclass(frozen=True)
class ToUpdate:
    """What the Update form shows: the item, its newest answer and where it stands now."""

    reference: str
    item: ReportItem
    answer: ItemAnswer
    state: ActionState
    now_line: str  # where it stands: RAG, status, target, owner
    published: date  # the report's day: target dates cannot be before it
    last_note: str | None  # the newest update's note (None before any)


def check_recorder(services: Services, actor: str) -> None:
    """Those who may answer items (the response editors, or anyone when none is set) and
    the approvers may record progress; anyone else is refused, nothing stored."""
    try:
        check_editor(services, actor, ResponseKind.RECS)
    except Refused:
        if not services.is_approver(actor):
            raise Refused(copy.NOT_A_PROGRESS_RECORDER) from None


def to_update(services: Services, item_id: int, *, actor: str) -> ToUpdate:
    check_recorder(services, actor)
    with services.db.session(read_only=True) as session:
        item, inspection = followed(session, item_id)
        answer = item.answers[-1]
        followed_today = Followed(services.today(), services.settings.action_warning_days, True)
        found = ToUpdate(
            format_reference(inspection.number),
            item,
            answer,
            stored_state(answer, item.progress),
            progress_line(item, followed_today) or "",
            inspection.published,
            item.progress[-1].note if item.progress else None,
        )
        session.expunge_all()  # read after the session: the form needs no more
    return found


ACK_READ_SECONDS = 2.0  # a form's ack waits this long for the database, of Slack's 3 s


def state_of(services: Services, item_id: int) -> tuple[date, ActionState, str | None]:
    """(the report's day, the item as it stands, its newest note's digest), for the ack of a
    form that does not carry them (opened before forms did): read within ACK_READ_SECONDS,
    else DatabaseUnavailable."""

    def read(session: Session) -> tuple[date, ActionState, str | None]:
        item, inspection = followed(session, item_id)
        last = note_digest(item.progress[-1].note) if item.progress else None
        return inspection.published, stored_state(item.answers[-1], item.progress), last

    return services.db.read_within(ACK_READ_SECONDS, read)


def note_digest(note: str | None) -> str | None:
    """What the Update form carries of the newest note (a note may be longer than a form's
    metadata holds): enough to tell the same note again."""
    if note is None:
        return None
    return hashlib.sha256(note.strip().encode()).hexdigest()[:32]


def check_progress(
    values: dict[str, str | None],
    *,
    published: date,
    state: ActionState,
    last_note_digest: str | None = None,
) -> None:
    """Raise ``InvalidForm`` for what is wrong with an update, judged against the item as the
    form showed it (it carries that): no database. The work after the ack checks again,
    against the item as it stands, with the inspection locked."""
    target = _date(values.get("target"))
    note = (values.get("note") or "").strip()
    same = last_note_digest is not None and note_digest(note) == last_note_digest
    problems = progress_problems(
        values.get("status"),
        note,
        target,
        now=state,
        published=published,
        last_note=note if same else None,
    )
    if problems:
        raise InvalidForm(problems)


def record_progress(
    services: Services,
    item_id: int,
    values: dict[str, str | None],
    *,
    actor: str,
    key: str | None = None,
) -> Stored:
    """Store the item's next progress revision; ``InvalidForm`` names each wrong field.
    ``key`` (the form's, storage.changes): the same form submitted again stores nothing more,
    and a commit whose answer was lost is looked up before anything is said."""
    check_recorder(services, actor)
    now, today = services.now(), services.today()

    def store(session: Session) -> dict[str, Any]:
        item, _ = followed(session, item_id)
        inspection = inspection_named(session, item.inspection_id, lock=True)
        before = stored_state(item.answers[-1], item.progress)
        status, note, target = _check(values, item, inspection.published)
        progress = item_store.add_progress(
            session, item, status=status.value, note=note, target_date=target, actor=actor, now=now
        )
        after = ActionState(status, target or before.target)
        rag = after.rag(today=today, warning_days=services.settings.action_warning_days)
        label = item_label(ItemKind(item.kind), item.number)
        recorded = queries.record_audit(
            session,
            inspection=inspection,
            actor=actor,
            action=AuditAction.PROGRESS_RECORDED,
            at=now,
            details={
                "item": label,
                "item_id": item.id,
                "update": progress.revision,
                "status": status.value,
                "target": after.target.isoformat() if after.target else None,
                "target revised": target is not None,
                # what the thread's note says it was revised from
                "target before": (
                    before.target.isoformat() if target is not None and before.target else None
                ),
                "rag": rag.value,
                "note": note,
            },
        )
        session.flush()
        keys = [followups.progress_note(recorded.id)]
        request(services, session, inspection.id, keys)
        reference = format_reference(inspection.number)
        reply = copy.progress_stored(
            label, reference, status.label, after.target, rag.label, progress.revision
        )
        return {"reply": reply, "inspection": inspection.id, "follow_ups": keys}

    done = run_once(
        services.db,
        key=key,
        action="progress recorded",
        now=now,
        work=store,
        unknown_reply=copy.outcome_unknown("the update", "the list (`/s55 recs S55-…`)"),
    )
    return stored_and_caught_up(services, done.result)


def followed(session: Session, item_id: int) -> tuple[ReportItem, Inspection]:
    """The item, if its progress can be recorded: on record, needing an answer and answered,
    its inspection neither withdrawn nor recorded as needing no response."""
    item = item_store.item_by_id(session, item_id)
    if item is None or item.removed:
        raise Refused(copy.NO_SUCH_ITEM)
    if not DirectedAt(item.directed_at).needs_answer:
        raise Refused(copy.ITEM_NEEDS_NO_ANSWER)
    inspection = inspection_named(session, item.inspection_id)
    reference = format_reference(inspection.number)
    if inspection.state in UNFOLLOWED_STATES:
        raise Refused(copy.progress_closed(reference, inspection.state))
    if not item.answers:
        raise Refused(
            copy.progress_unanswered(item_label(ItemKind(item.kind), item.number), reference)
        )
    return item, inspection


def _check(
    values: dict[str, str | None], item: ReportItem, published: date
) -> tuple[ActionStatus, str, date | None]:
    """(status, note, revised target or None) of a valid update of ``item`` as it stands."""
    now = stored_state(item.answers[-1], item.progress)
    target = _date(values.get("target"))
    note = (values.get("note") or "").strip()
    problems = progress_problems(
        values.get("status"),
        note,
        target,
        now=now,
        published=published,
        last_note=item.progress[-1].note if item.progress else None,
    )
    if problems:
        raise InvalidForm(problems)
    return ActionStatus(str(values["status"])), note, revised(target, now)


def _date(value: str | None) -> date | None:
    """The date picker's day; anything else (an altered form) is refused, not ignored."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise InvalidForm({"target": copy.PROGRESS_TARGET_NOT_A_DAY}) from None
