"""Named queries. Handlers and the domain never write SQL of their own."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime, timedelta
from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, Select, Update, case, func, or_, select, union, update
from sqlalchemy.orm import Session, selectinload

from bot.domain.audit import AuditAction
from bot.domain.errors import NotOnRecord
from storage.loading import every_row
from storage.models import (
    AuditEvent,
    Base,
    Inspection,
    ReportItem,
    ResponseDraft,
    SectionRevision,
)

# The closed states of bot.domain.inspection.State, as stored.
CLOSED_STATES = ("complete", "no response required", "withdrawn")
WITHDRAWN = "withdrawn"
COMPLETE = "complete"


# What every reader of an inspection needs with it: responses, steps, sections.
LOADED = (
    selectinload(Inspection.responses),
    selectinload(Inspection.steps),
    selectinload(Inspection.sections),
    selectinload(Inspection.items).selectinload(ReportItem.answers),
)

# Any constant will do: it names the lock that serialises reference numbering on PostgreSQL.
NUMBERING_LOCK = 55_0001


def lock_new_inspections(session: Session) -> None:
    """Make concurrent logs take turns until this transaction ends, so that the duplicate
    check and the next number stay true until the insert. PostgreSQL: an advisory lock;
    SQLite: every writing session already holds the database's one write lock."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(NUMBERING_LOCK)))


def next_inspection_number(session: Session) -> int:
    return (session.scalar(select(func.max(Inspection.number))) or 0) + 1


def find_duplicate(
    session: Session,
    *,
    title_key: str,
    published: date,
    link_key: str | None,
    other_than: int | None = None,
) -> Inspection | None:
    """An inspection with the same link, or the same title on the same day; a withdrawn one
    (logged by mistake) does not count."""
    same_title = (Inspection.title_key == title_key) & (Inspection.published == published)
    condition = or_(same_title, Inspection.link_key == link_key) if link_key else same_title
    query = select(Inspection).where(condition, Inspection.state != WITHDRAWN)
    if other_than is not None:  # an edit is no duplicate of itself
        query = query.where(Inspection.id != other_than)
    return session.scalars(query.limit(1)).first()


def inspection_by_number(session: Session, number: int) -> Inspection | None:
    return session.scalars(
        select(Inspection).where(Inspection.number == number).options(*LOADED)
    ).first()


Row = TypeVar("Row", bound=Base)


def stored_row(session: Session, model: type[Row], row_id: int) -> Row:
    """The row another row or a stored key names, which must be there (NotOnRecord if not).
    A look-up that may fairly find nothing (a button's, a form's) uses ``session.get``."""
    row = session.get(model, row_id)
    if row is None:
        raise NotOnRecord(f"no {model.__tablename__} row {row_id}")
    return row


def rows_updated(session: Session, statement: Update) -> int:
    """How many rows an UPDATE changed. Session.execute answers an UPDATE with a CursorResult,
    though its signature says any Result."""
    return cast(CursorResult[Any], session.execute(statement)).rowcount


def inspection_by_id(session: Session, inspection_id: int, *, lock: bool = False) -> Inspection:
    """The inspection another row or a stored key names, loaded (NotOnRecord if it is gone)."""
    inspection = find_inspection(session, inspection_id, lock=lock)
    if inspection is None:
        raise NotOnRecord(f"no inspection row {inspection_id}")
    return inspection


def find_inspection(
    session: Session, inspection_id: int, *, lock: bool = False, loaded: bool = True
) -> Inspection | None:
    """The inspection a button or form names, or None when there is none (a stale or forged
    value). ``loaded``: with everything a card or document reads (LOADED, five more
    statements); False for a caller that reads its columns only, or reads more only within the
    session (each relationship then loads when first read)."""
    query = select(Inspection).where(Inspection.id == inspection_id)
    if lock:
        query = query.with_for_update()
    if loaded:
        query = query.options(*LOADED)
    return session.scalars(query).first()


# What a list's line reads of an inspection besides its columns: its steps, for how a closed
# one ended (bot.render.card.outcome_text).
LISTED = (selectinload(Inspection.steps),)

# What a Home tab's line reads (bot.cards.standing): responses, steps and sections; not items.
STANDING = (
    selectinload(Inspection.responses),
    selectinload(Inspection.steps),
    selectinload(Inspection.sections),
)


def _listed(which: str, today: date) -> Select[Inspection]:
    """``open``, ``overdue``, ``done`` or ``all`` in the list's order: most urgent (earliest
    deadline) first; ``done`` newest first (what a user looks back for is what just closed);
    ``all`` the open ones most urgent first, then the closed newest first."""
    query = select(Inspection)
    is_open = Inspection.state.not_in(CLOSED_STATES)
    newest = (Inspection.statutory_deadline.desc(), Inspection.number.desc())
    if which == "open":
        query = query.where(is_open)
    elif which == "overdue":
        query = query.where(is_open, Inspection.statutory_deadline < today)
    elif which == "done":
        return query.where(~is_open, Inspection.state != WITHDRAWN).order_by(*newest)
    elif which == "all":
        open_first = case((is_open, 0), else_=1)
        urgent = (
            case((is_open, Inspection.statutory_deadline)),
            case((is_open, Inspection.number)),
        )
        return query.order_by(open_first, *urgent, *newest)
    return query.order_by(Inspection.statutory_deadline, Inspection.number)


def count_listed(session: Session, which: str, *, today: date) -> int:
    """How many inspections the list holds, counted by the database."""
    listed = (
        _listed(which, today)
        .order_by(None)
        .with_only_columns(func.count(), maintain_column_froms=True)
    )
    return session.scalar(listed) or 0


def list_page(
    session: Session, which: str, *, today: date, offset: int, limit: int
) -> Sequence[Inspection]:
    """One page of a list (see _listed for the order): ``limit`` rows after ``offset``."""
    query = _listed(which, today).options(*LISTED).offset(offset).limit(limit)
    return session.scalars(query).all()


def record_audit(
    session: Session,
    *,
    inspection: Inspection | None,
    actor: str,
    action: AuditAction,
    at: datetime,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """One row of the append-only log; ``action`` is a member of the closed set, never a
    free string (bot.domain.audit)."""
    event = AuditEvent(
        inspection_id=inspection.id if inspection else None,
        actor=actor,
        action=action.value,
        at=at,
        details=details or {},
    )
    session.add(event)
    return event


def inspections_without_card(session: Session) -> list[int]:
    return [inspection_id for inspection_id, _by in cards_to_post(session)]


def cards_to_post(
    session: Session, *, logged_after: datetime | None = None
) -> list[tuple[int, str]]:
    """(inspection, who logged it) of each inspection whose card is not posted (logged after
    ``logged_after``, if given)."""
    query = select(Inspection.id, Inspection.logged_by).where(Inspection.card_ts.is_(None))
    if logged_after is not None:
        query = query.where(Inspection.logged_at > logged_after)
    rows = session.execute(query.order_by(Inspection.number))
    return [(inspection_id, logged_by) for inspection_id, logged_by in rows]


# A claim older than this is taken to belong to a process that died while posting; it is far
# longer than post_once can take (three attempts, 10 s timeouts, Retry-After waits).
CLAIM_TIMEOUT = timedelta(minutes=10)


def claim_first_post(
    session: Session, model: type[Posted], row_id: int, *, now: datetime
) -> str | None:
    """Claim the right to post a row's message (an inspection's card, a draft's receipt) for the
    first time, without a lock held while Slack answers. Returns "new", or "taken over" when an
    earlier claim timed out (its post may have reached Slack: look before posting), or None when
    the message is posted or someone else is posting it."""
    posted, claimed = (getattr(model, name) for name in _POST_COLUMNS[model])
    for outcome, condition in (
        ("new", claimed.is_(None)),
        ("taken over", claimed < now - CLAIM_TIMEOUT),
    ):
        if (
            rows_updated(
                session,
                update(model)
                .where(model.id == row_id, posted.is_(None), condition)
                .values({claimed: now})
                .execution_options(synchronize_session=False),
            )
            == 1
        ):
            return outcome
    return None


def release_post_claim(session: Session, model: type[Posted], row_id: int) -> None:
    _set_post(session, model, row_id, ts=None)


def record_first_post(session: Session, model: type[Posted], row_id: int, *, ts: str) -> None:
    _set_post(session, model, row_id, ts=ts)


def _set_post(session: Session, model: type[Posted], row_id: int, *, ts: str | None) -> None:
    posted, claimed = _POST_COLUMNS[model]
    values = {claimed: None} if ts is None else {posted: ts, claimed: None}
    session.execute(
        update(model)
        .where(model.id == row_id)
        .values(values)
        .execution_options(synchronize_session=False)
    )


Posted = Inspection | ResponseDraft
_POST_COLUMNS: dict[type, tuple[str, str]] = {
    Inspection: ("card_ts", "card_claimed_at"),
    ResponseDraft: ("receipt_ts", "receipt_claimed_at"),
}


def audit_events(
    session: Session, *, inspection_id: int | None = None
) -> list[tuple[AuditEvent, int | None]]:
    """The audit log, oldest first, each row with its inspection's reference number."""
    query = (
        select(AuditEvent, Inspection.number)
        .outerjoin(Inspection, AuditEvent.inspection_id == Inspection.id)
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    if inspection_id is not None:
        query = query.where(AuditEvent.inspection_id == inspection_id)
    return [(event, number) for event, number in session.execute(query)]


def office_audit_events(session: Session, action: AuditAction) -> Sequence[AuditEvent]:
    """The rows of one action about the office rather than an inspection (its settings),
    oldest first."""
    return session.scalars(
        select(AuditEvent)
        .where(AuditEvent.inspection_id.is_(None), AuditEvent.action == action.value)
        .order_by(AuditEvent.at, AuditEvent.id)
    ).all()


def any_inspection(session: Session) -> bool:
    """Whether anything was ever logged (withdrawn ones too)."""
    return session.scalar(select(Inspection.id).limit(1)) is not None


# What the reminder pass reads of every open inspection at once: each relationship in one
# statement however many there are (storage.loading): a pass's statements must not grow with
# an office's inspections. Not the items and their answers (LOADED has them, for a card):
# where each inspection stands needs only these, and a force's open inspections hold hundreds
# of items (the action nudges read the followed ones themselves, storage.items).
EVERY_LOADED = (
    (Inspection.responses,),
    (Inspection.steps,),
    (Inspection.sections,),
)


def open_inspections(session: Session) -> Sequence[Inspection]:
    """Every open inspection with its responses, steps and sections, most urgent first, in 5
    statements however many there are (a count, to choose how to read the rest:
    storage.loading); its items are not loaded."""
    return every_row(
        session,
        select(Inspection)
        .where(Inspection.state.not_in(CLOSED_STATES))
        .order_by(Inspection.statutory_deadline, Inspection.number),
        EVERY_LOADED,
    )


def home_inspections(
    session: Session,
    *,
    most_urgent: int,
    waiting_states: Collection[str],
    waiting: int,
    completed: int,
) -> Sequence[Inspection]:
    """What a Home tab shows, in one statement and its three loads (STANDING): the
    ``most_urgent`` open inspections, the ``waiting`` most urgent of those in
    ``waiting_states``, and the ``completed`` completed last. The open ones come first, most
    urgent first, then the completed ones, the last completed first."""
    is_open = Inspection.state.not_in(CLOSED_STATES)
    urgent = (Inspection.statutory_deadline, Inspection.number)
    chosen = [
        select(Inspection.id).where(is_open).order_by(*urgent).limit(most_urgent),
        select(Inspection.id)
        .where(Inspection.state.in_(waiting_states))
        .order_by(*urgent)
        .limit(waiting),
        select(Inspection.id)
        .where(Inspection.state == COMPLETE)
        .order_by(Inspection.completed_at.desc(), Inspection.number.desc())
        .limit(completed),
    ]
    # Each part is a subquery of its own: SQLite allows no LIMIT on a compound's parts.
    ids = union(*(select(part.subquery().c.id) for part in chosen))
    order = (
        case((is_open, 0), else_=1),
        case((is_open, Inspection.statutory_deadline)),
        case((is_open, Inspection.number)),
        Inspection.completed_at.desc(),
        Inspection.number.desc(),
    )
    return session.scalars(
        select(Inspection).where(Inspection.id.in_(ids)).options(*STANDING).order_by(*order)
    ).all()


def open_counts(session: Session, *, waiting_states: Collection[str]) -> tuple[int, int]:
    """(open inspections, those of them in ``waiting_states``), counted by the database."""
    waiting = func.count(case((Inspection.state.in_(waiting_states), 1)))
    row = session.execute(
        select(func.count(), waiting)
        .select_from(Inspection)
        .where(Inspection.state.not_in(CLOSED_STATES))
    ).one()
    return int(row[0]), int(row[1] or 0)


def record_section(
    session: Session,
    inspection: Inspection,
    *,
    section: str,
    text: str,
    raw_text: str | None = None,
    says_none: bool = False,
    source: str,
    complete_list: bool | None = None,
    actor: str,
    now: datetime,
) -> SectionRevision:
    """The next revision of a section (``inspection`` locked by the caller). ``complete_list``:
    whether its items are all the report's (None: nobody said)."""
    latest = session.scalar(
        select(func.max(SectionRevision.revision)).where(
            SectionRevision.inspection_id == inspection.id, SectionRevision.section == section
        )
    )
    revision = SectionRevision(
        inspection_id=inspection.id,
        section=section,
        revision=(latest or 0) + 1,
        text=text,
        raw_text=text if raw_text is None else raw_text,
        says_none=says_none,
        complete_list=complete_list,
        source=source,
        recorded_by=actor,
        recorded_at=now,
    )
    session.add(revision)
    session.flush()
    return revision
