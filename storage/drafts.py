"""Named queries for response drafts, the thread messages that form them, and notices."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, selectinload, undefer

from storage.models import DraftMessage, Inspection, Notice, Response, ResponseDraft
from storage.queries import rows_updated
from storage.scope import office_of

COLLECTING = "collecting"


def inspection_by_card(session: Session, channel: str, ts: str) -> Inspection | None:
    """The inspection whose card is the message ``ts`` in ``channel`` (a thread's parent)."""
    return session.scalars(
        select(Inspection).where(Inspection.channel_id == channel, Inspection.card_ts == ts)
    ).first()


def collecting_draft(
    session: Session, inspection_id: int, *, lock: bool = False
) -> ResponseDraft | None:
    query = select(ResponseDraft).where(
        ResponseDraft.inspection_id == inspection_id, ResponseDraft.status == COLLECTING
    )
    return session.scalars(query.with_for_update() if lock else query).first()


def has_draft(session: Session, inspection_id: int) -> bool:
    """Whether any response has been asked for on this inspection."""
    return (
        session.scalar(
            select(ResponseDraft.id).where(ResponseDraft.inspection_id == inspection_id).limit(1)
        )
        is not None
    )


def has_draft_after(session: Session, inspection_id: int, draft_id: int) -> bool:
    """Whether a response or section was asked for on this inspection after that draft."""
    return (
        session.scalar(
            select(ResponseDraft.id)
            .where(ResponseDraft.inspection_id == inspection_id, ResponseDraft.id > draft_id)
            .limit(1)
        )
        is not None
    )


def collecting_without_prompt(session: Session) -> list[int]:
    """Drafts being collected in a posted card's thread whose prompt never reached Slack."""
    return list(
        session.scalars(
            select(ResponseDraft.id)
            .join(Inspection, ResponseDraft.inspection_id == Inspection.id)
            .where(
                ResponseDraft.status == COLLECTING,
                ResponseDraft.prompt_ts.is_(None),
                Inspection.card_ts.is_not(None),
            )
        )
    )


def draft_by_id(session: Session, draft_id: int, *, lock: bool = False) -> ResponseDraft | None:
    query = select(ResponseDraft).where(ResponseDraft.id == draft_id)
    if lock:
        query = query.with_for_update()
    return session.scalars(
        query.options(selectinload(ResponseDraft.messages), selectinload(ResponseDraft.inspection))
    ).first()


def draft_row(session: Session, draft_id: int) -> ResponseDraft | None:
    """The draft with its tally, and its inspection, without its messages (messages_after)."""
    return session.scalars(
        select(ResponseDraft)
        .where(ResponseDraft.id == draft_id)
        .options(undefer(ResponseDraft.tally), selectinload(ResponseDraft.inspection))
    ).first()


def draft_version(session: Session, draft_id: int) -> tuple[int, str] | None:
    """(version, status) of the draft: whether it changed since it was read."""
    row = session.execute(
        select(ResponseDraft.version, ResponseDraft.status).where(ResponseDraft.id == draft_id)
    ).first()
    return (row[0], row[1]) if row else None


def messages_after(session: Session, draft_id: int, after: int) -> list[DraftMessage]:
    """The draft's messages stored after message ``after`` (by id; 0: all), in Slack's order."""
    return list(
        session.scalars(
            select(DraftMessage)
            .where(DraftMessage.draft_id == draft_id, DraftMessage.id > after)
            .order_by(DraftMessage.ts)
        )
    )


def keep_tally(session: Session, draft_id: int, version: int, tally: dict[str, Any]) -> None:
    """Keep what the receipt says of the draft as of ``version``, if that is still its
    version (a change since keeps its own)."""
    session.execute(
        update(ResponseDraft)
        .where(ResponseDraft.id == draft_id, ResponseDraft.version == version)
        .values(tally=tally)
        .execution_options(synchronize_session=False)
    )


def draft_message(session: Session, channel: str, ts: str) -> DraftMessage | None:
    return session.scalars(
        select(DraftMessage).where(DraftMessage.channel_id == channel, DraftMessage.ts == ts)
    ).first()


def add_draft_message(session: Session, **values: Any) -> bool:
    """Store a thread reply once; False if Slack delivered it before (same channel and ts)."""
    return _insert_once(session, DraftMessage, values, ["channel_id", "ts"])


def claim_notice(session: Session, *, key: str, inspection_id: int | None, now: datetime) -> bool:
    """True for the first caller with this key, False for every later one."""
    values = {"key": key, "inspection_id": inspection_id, "created_at": now}
    return _insert_once(session, Notice, values, ["office_id", "key"])


def release_notice(session: Session, key: str) -> None:
    session.execute(delete(Notice).where(Notice.key == key))


def confirmed_kinds(session: Session, inspection_id: int) -> set[str]:
    return set(
        session.scalars(
            select(Response.kind).where(Response.inspection_id == inspection_id).distinct()
        )
    )


def next_revision(session: Session, inspection_id: int, kind: str) -> int:
    latest = session.scalar(
        select(func.max(Response.revision)).where(
            Response.inspection_id == inspection_id, Response.kind == kind
        )
    )
    return (latest or 0) + 1


def _insert_once(
    session: Session, model: type[DraftMessage | Notice], values: dict[str, Any], keys: list[str]
) -> bool:
    """INSERT … ON CONFLICT DO NOTHING, so that two deliveries at once cannot both insert."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(model)
        .values(office_id=office_of(session), **values)
        .on_conflict_do_nothing(index_elements=keys)
        .returning(model.id)  # rowcount is not reliable here on every driver (psycopg: -1)
    )
    return session.execute(statement).scalar() is not None


# Moving a receipt down the thread (bot.responses.receipts): one move at a time per draft,
# each made in three short transactions around the two Slack calls, none of them held while
# Slack answers. What a process killed between them leaves is in these columns, for the next
# pass to finish from: a key that may be in Slack (receipt_moving), an old receipt to delete
# (receipt_retired).


def claim_move(
    session: Session, draft_id: int, old_ts: str, *, key: str, by: str, now: datetime
) -> bool:
    """Say, before posting it, that the receipt ``old_ts`` is being posted again under ``key``
    by ``by``; False if another move is under way or left to finish, or it moved already."""
    statement = (
        update(ResponseDraft)
        .where(
            ResponseDraft.id == draft_id,
            ResponseDraft.receipt_ts == old_ts,
            ResponseDraft.receipt_moving.is_(None),
            ResponseDraft.receipt_retired.is_(None),
        )
        .values(receipt_moving=key, receipt_moving_by=by, receipt_moving_at=now)
        .execution_options(synchronize_session=False)
    )
    return rows_updated(session, statement) == 1


def set_down_move(session: Session, draft_id: int, key: str) -> None:
    """Its maker no longer posts ``key`` (Slack's answer was lost, or the look-up failed): the
    next pass looks for it in Slack at once rather than waiting for a live maker."""
    session.execute(
        update(ResponseDraft)
        .where(ResponseDraft.id == draft_id, ResponseDraft.receipt_moving == key)
        .values(receipt_moving_by=None)
        .execution_options(synchronize_session=False)
    )


def forget_move(session: Session, draft_id: int, key: str) -> bool:
    """Nothing was posted under ``key`` (Slack refused it, or says it has no such message)."""
    statement = (
        update(ResponseDraft)
        .where(ResponseDraft.id == draft_id, ResponseDraft.receipt_moving == key)
        .values(receipt_moving=None, receipt_moving_by=None, receipt_moving_at=None)
        .execution_options(synchronize_session=False)
    )
    return rows_updated(session, statement) == 1


def move_receipt(session: Session, draft_id: int, key: str, new_ts: str) -> bool:
    """The post made under ``key`` (``new_ts``) is the receipt now, and the receipt it replaces
    is to be deleted; False if the move is no longer ``key``'s (it was looked up and finished,
    or given up, by another process)."""
    statement = (
        update(ResponseDraft)
        .where(
            ResponseDraft.id == draft_id,
            ResponseDraft.receipt_moving == key,
            ResponseDraft.receipt_retired.is_(None),
        )
        # In an UPDATE the right-hand side reads the row as it was: the receipt being replaced.
        .values(
            receipt_retired=ResponseDraft.receipt_ts,
            receipt_ts=new_ts,
            receipt_moving=None,
            receipt_moving_by=None,
            receipt_moving_at=None,
        )
        .execution_options(synchronize_session=False)
    )
    return rows_updated(session, statement) == 1


def receipt_ts(session: Session, draft_id: int) -> str | None:
    return session.scalar(select(ResponseDraft.receipt_ts).where(ResponseDraft.id == draft_id))


def forget_retired(session: Session, draft_id: int, ts: str) -> None:
    """The old receipt ``ts`` is gone from Slack (or says where the receipt went)."""
    session.execute(
        update(ResponseDraft)
        .where(ResponseDraft.id == draft_id, ResponseDraft.receipt_retired == ts)
        .values(receipt_retired=None)
        .execution_options(synchronize_session=False)
    )
