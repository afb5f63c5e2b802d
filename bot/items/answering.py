"""The answer to one item: the form opened filled in with the newest answer, and each saved
answer a new revision (audited; none is removed)."""

from __future__ import annotations

from datetime import date

from bot import copy
from bot.domain import followups
from bot.domain.answers import answer_problems, item_label
from bot.domain.errors import InvalidForm
from bot.domain.followups import Stored
from bot.domain.inspection import State, format_reference
from bot.domain.items import DirectedAt, ItemKind
from bot.domain.responses import ResponseKind
from bot.responses.collection import Refused, check_editor, inspection_named
from bot.responses.followups import catch_up_responses, request
from bot.services import Services
from storage import items as item_store
from storage import queries
from storage.models import Inspection, ItemAnswer, ReportItem

# Answers are part of the PCC's response: once it is signed off they stand as published.
ANSWERABLE = (State.AWAITING_CC, State.AWAITING_PCC, State.AWAITING_SIGN_OFF)


def check_answerable(inspection: Inspection) -> None:
    """Items and their answers are part of the response as signed off: fixed from then on."""
    if State(inspection.state) not in ANSWERABLE:
        raise Refused(copy.answers_closed(format_reference(inspection.number), inspection.state))


def to_answer(
    services: Services, item_id: int, *, actor: str
) -> tuple[str, ReportItem, ItemAnswer | None]:
    """(reference, item, newest answer) for the form; refused if it cannot be answered now."""
    with services.db.session(read_only=True) as session:
        item = _answerable(session, item_id)
        check_editor(services, actor, ResponseKind.RECS)
        reference = format_reference(inspection_named(session, item.inspection_id).number)
        answer = item.answers[-1] if item.answers else None
        session.expunge_all()  # read after the session: the form needs no more
    return reference, item, answer


def check_answer(services: Services, item_id: int, values: dict[str, str | None]) -> None:
    """Raise ``InvalidForm`` for what is wrong with an answer, before anything is stored."""
    with services.db.session(read_only=True) as session:
        item = _answerable(session, item_id)
        published = inspection_named(session, item.inspection_id).published
    _check(values, published)


def _check(values: dict[str, str | None], published: date) -> tuple[str, str, date | None]:
    target = _date(values.get("target"))
    action, owner = (values.get("action") or "").strip(), (values.get("owner") or "").strip()
    problems = answer_problems(values.get("response"), action, owner, target, published=published)
    if problems:
        raise InvalidForm(problems)
    return action, owner, target


def answer_item(
    services: Services, item_id: int, values: dict[str, str | None], *, actor: str
) -> Stored:
    """Store the next revision of the item's answer; ``InvalidForm`` names each wrong field."""
    check_editor(services, actor, ResponseKind.RECS)
    now = services.now()
    with services.db.session() as session:
        item = _answerable(session, item_id)
        inspection = queries.find_inspection(session, item.inspection_id, lock=True)
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
            action="item answered",
            at=now,
            details={"item": label, "revision": answer.revision, "response": answer.response},
        )
        keys = [followups.card_edit(inspection.id)]
        request(services, session, inspection.id, keys)
        reference, inspection_id = format_reference(inspection.number), inspection.id
    reply = copy.answer_stored(label, reference, answer.revision)
    return Stored(reply, catch_up_responses(services, inspection_id, keys))


def _answerable(session: object, item_id: int) -> ReportItem:
    item = item_store.item_by_id(session, item_id)  # type: ignore[arg-type]
    if item is None or item.removed:
        raise Refused(copy.NO_SUCH_ITEM)
    if not DirectedAt(item.directed_at).needs_answer:
        raise Refused(copy.ITEM_NEEDS_NO_ANSWER)
    inspection = inspection_named(session, item.inspection_id)  # type: ignore[arg-type]
    if State(inspection.state) not in ANSWERABLE:
        raise Refused(copy.answers_closed(format_reference(inspection.number), inspection.state))
    return item


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
