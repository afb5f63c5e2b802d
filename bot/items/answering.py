"""The answer to one item: the form opened filled in with the newest answer, and each saved
answer a new revision (audited; none is removed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from bot import copy
from bot.changes.followups import request
from bot.changes.named import inspection_named
from bot.changes.permission import Refused, check_editor
from bot.domain import followups
from bot.domain.answers import answer_problems, item_label
from bot.domain.audit import AuditAction
from bot.domain.errors import InvalidForm
from bot.domain.followups import Stored
from bot.domain.inspection import State, format_reference
from bot.domain.items import SECTION_OF, DirectedAt, ItemKind
from bot.domain.publication import document_parts, signed_off
from bot.domain.responses import ResponseKind
from bot.publication.freeze import authority, record_change
from bot.responses.followups import stored_and_caught_up
from bot.services import Services
from storage import items as item_store
from storage import queries
from storage.changes import run_once
from storage.models import Inspection, ItemAnswer, ReportItem

# Answers are part of the PCC's response: once it is signed off only an approver may change one,
# and that reopens sign-off (bot.publication.freeze). Withdrawn or needing no response: none.
ANSWERABLE = (
    State.AWAITING_CC,
    State.AWAITING_PCC,
    State.AWAITING_SIGN_OFF,
    State.PUBLISHING,
    State.COMPLETE,
)


def check_answerable(inspection: Inspection) -> None:
    """Items and their answers are part of the response: none once it is withdrawn or needs no
    response (after sign-off, bot.publication.freeze says who may change them)."""
    if State(inspection.state) not in ANSWERABLE:
        raise Refused(copy.answers_closed(format_reference(inspection.number), inspection.state))


@dataclass(frozen=True)
class ToAnswer:
    """What the Answer form shows, and the day the report was published (which the form
    carries, so that its fields are checked when it is submitted without the database)."""

    reference: str
    item: ReportItem
    answer: ItemAnswer | None
    published: date
    signed_off: bool  # an answer given now (an approver's) reopens sign-off


def to_answer(services: Services, item_id: int, *, actor: str) -> ToAnswer:
    """The item and its newest answer for the form; refused if it cannot be answered now, or
    not by this person (once signed off, an approver's)."""
    with services.db.session(read_only=True) as session:
        item = _answerable(session, item_id)
        check_editor(services, actor, ResponseKind.RECS)
        inspection = inspection_named(session, item.inspection_id)
        found = ToAnswer(
            format_reference(inspection.number),
            item,
            item.answers[-1] if item.answers else None,
            inspection.published,
            signed_off(State(inspection.state)),
        )
        session.expunge_all()  # read after the session: the form needs no more
    authority(services, inspection, actor=actor)
    return found


ACK_READ_SECONDS = 2.0  # a form's ack waits this long for the database, of Slack's 3 s


def published_of(services: Services, item_id: int) -> date:
    """The report's day, for the ack of a form that does not carry it (opened before forms
    did): read within ACK_READ_SECONDS, else DatabaseUnavailable."""

    def read(session: Session) -> date:
        item = _answerable(session, item_id)
        return inspection_named(session, item.inspection_id, loaded=False).published

    return services.db.read_within(ACK_READ_SECONDS, read)


def check_answer(values: dict[str, str | None], published: date) -> None:
    """Raise ``InvalidForm`` for what is wrong with an answer, with what the form carries:
    no database (the work after the ack checks again, with the inspection locked)."""
    _check(values, published)


def _check(values: dict[str, str | None], published: date) -> tuple[str, str, date | None]:
    target = _date(values.get("target"))
    action, owner = (values.get("action") or "").strip(), (values.get("owner") or "").strip()
    problems = answer_problems(values.get("response"), action, owner, target, published=published)
    if problems:
        raise InvalidForm(problems)
    return action, owner, target


def answer_item(
    services: Services,
    item_id: int,
    values: dict[str, str | None],
    *,
    actor: str,
    key: str | None = None,
) -> Stored:
    """Store the next revision of the item's answer; ``InvalidForm`` names each wrong field.
    ``key`` (the form's, storage.changes): the same form submitted again stores nothing more,
    and a commit whose answer was lost is looked up before anything is said."""
    check_editor(services, actor, ResponseKind.RECS)
    with services.db.session(read_only=True) as session:
        inspection_id = _answerable(session, item_id).inspection_id
    may = authority(services, inspection_id, actor=actor)  # once signed off, an approver's
    now = services.now()

    def store(session: Session) -> dict[str, Any]:
        item = _answerable(session, item_id)
        inspection = inspection_named(session, item.inspection_id, lock=True)
        action, owner, target = _check(values, inspection.published)
        answer = item_store.add_answer(
            session,
            item,
            response=str(values["response"]),
            action=action,
            owner=owner,
            target_date=target,
            actor=actor,
            now=now,
        )
        label = item_label(ItemKind(item.kind), item.number)
        queries.record_audit(
            session,
            inspection=inspection,
            actor=actor,
            action=AuditAction.ITEM_ANSWERED,
            at=now,
            details={"item": label, "revision": answer.revision, "response": answer.response},
        )
        part = SECTION_OF[ItemKind(item.kind)].value
        reopened = record_change(
            services, session, inspection, document_parts([part]), authority=may, now=now
        )
        keys = [*reopened, followups.card_edit(inspection.id)]
        request(services, session, inspection.id, keys)
        reference = format_reference(inspection.number)
        reply = copy.stored_reply(copy.answer_stored(label, reference, answer.revision), reopened)
        return {"reply": reply, "inspection": inspection.id, "follow_ups": keys}

    done = run_once(
        services.db,
        key=key,
        action="item answered",
        now=now,
        work=store,
        unknown_reply=copy.outcome_unknown("the answer", "the list (`/s55 recs S55-…`)"),
    )
    return stored_and_caught_up(services, done.result)


def _answerable(session: Session, item_id: int) -> ReportItem:
    item = item_store.item_by_id(session, item_id)
    if item is None or item.removed:
        raise Refused(copy.NO_SUCH_ITEM)
    if not DirectedAt(item.directed_at).needs_answer:
        raise Refused(copy.ITEM_NEEDS_NO_ANSWER)
    inspection = inspection_named(session, item.inspection_id)
    if State(inspection.state) not in ANSWERABLE:
        raise Refused(copy.answers_closed(format_reference(inspection.number), inspection.state))
    return item


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
