"""Tables. Times are stored in UTC (timezone-aware), dates as dates (Europe/London calendar)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    case,
    false,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from storage.types import UTCDateTime

# Stable constraint names keep alembic migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# The office a process serves when it serves one (single-office mode, the environment's
# settings): made by migration 0014, and the owner of every row stored before it.
THIS_OFFICE = 1


class Office(Base):
    """A police and crime commissioner's office using the bot: the Slack workspace it is
    installed in, its own settings, and when it left (docs/rules.md#r25)."""

    __tablename__ = "office"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # None for the single office, until a request tells it its workspace.
    team_id: Mapped[str | None] = mapped_column(String(40), unique=True)
    team_name: Mapped[str | None] = mapped_column(Text)
    # Settings changed in Slack (bot.settings.OFFICE_SETTINGS), over the environment's.
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    installed_by: Mapped[str | None] = mapped_column(String(40))
    installed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    uninstalled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Its records are kept until then for export, then deleted with it.
    erase_after: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Held by the one process refreshing the office's token: a refresh token is spent by its
    # first use, so two refreshing at once would lock the office out (bot.offices.tokens).
    token_claimed_by: Mapped[str | None] = mapped_column(String(200))
    token_claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())


class OfficeOwned:
    """Every stored row belongs to one office; a session opened for an office sees and
    changes that office's rows only (storage.scope)."""

    @declared_attr
    def office_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("office.id"), index=True)


class Inspection(OfficeOwned, Base):
    __tablename__ = "inspection"
    # A withdrawn entry (logged by mistake) is no duplicate of its corrected re-entry.
    __table_args__ = (
        Index(
            "uq_inspection_title_date",
            "office_id",
            "title_key",
            "published",
            unique=True,
            sqlite_where=text("state != 'withdrawn'"),
            postgresql_where=text("state != 'withdrawn'"),
        ),
        Index(
            "uq_inspection_link_key",
            "office_id",
            "link_key",
            unique=True,
            sqlite_where=text("state != 'withdrawn'"),
            postgresql_where=text("state != 'withdrawn'"),
        ),
        # S55-3 is the office's third inspection: each office counts its own.
        UniqueConstraint("office_id", "number", name="uq_inspection_office_number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    title_key: Mapped[str] = mapped_column(String(600))
    published: Mapped[date] = mapped_column(Date)
    inspection_type: Mapped[str | None] = mapped_column(String(40))  # None: not recorded
    link: Mapped[str | None] = mapped_column(Text)
    link_key: Mapped[str | None] = mapped_column(String(2100))
    deadline_rule: Mapped[str] = mapped_column(String(20))
    cc_due: Mapped[date] = mapped_column(Date)
    statutory_deadline: Mapped[date] = mapped_column(Date, index=True)
    state: Mapped[str] = mapped_column(String(40), index=True)
    not_required_reason: Mapped[str | None] = mapped_column(Text)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    channel_id: Mapped[str] = mapped_column(String(40))
    card_ts: Mapped[str | None] = mapped_column(String(40))
    # Set while one process posts the card, so that no other posts it too.
    card_claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    logged_by: Mapped[str] = mapped_column(String(40))
    logged_at: Mapped[datetime] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Nudges snoozed: none up to and including ``snoozed_until`` (bot/domain/snooze.py);
    # ``snoozed_overdue``: made by an approver for the overdue nudges.
    snoozed_until: Mapped[date | None] = mapped_column(Date)
    snoozed_overdue: Mapped[bool] = mapped_column(default=False, server_default=false())
    snoozed_by: Mapped[str | None] = mapped_column(String(40))
    snoozed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Counts the changes to what the response document says (bot.domain.publication): the
    # revision a sign-off was given on, and the one each document posted is made from.
    document_revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    responses: Mapped[list[Response]] = relationship(
        back_populates="inspection", order_by="Response.revision"
    )
    steps: Mapped[list[StepConfirmation]] = relationship(
        back_populates="inspection", order_by="StepConfirmation.id"
    )
    sections: Mapped[list[SectionRevision]] = relationship(order_by="SectionRevision.id")
    items: Mapped[list[ReportItem]] = relationship(
        order_by=lambda: (item_kind_order(), ReportItem.position),
        primaryjoin="and_(Inspection.id == ReportItem.inspection_id, ReportItem.removed == False)",
        viewonly=True,
    )


class SectionRevision(OfficeOwned, Base):
    """One recorded state of the key findings, the recommendations or the areas for improvement
    (``section``): text, or ``says_none`` when someone confirmed the report makes none. No row
    for a section means it is not yet recorded; the newest revision counts; none is removed."""

    __tablename__ = "section_revision"
    __table_args__ = (
        UniqueConstraint("inspection_id", "section", "revision", name="uq_section_revision"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    section: Mapped[str] = mapped_column(String(20))
    revision: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    raw_text: Mapped[str] = mapped_column(Text, default="")
    says_none: Mapped[bool] = mapped_column(default=False)
    # Its items are all the report makes (True), only those relevant to the force (False), or
    # nobody said (None): the document states a total only when True.
    complete_list: Mapped[bool | None] = mapped_column(default=None)
    source: Mapped[str] = mapped_column(String(20))  # form, thread, none, items
    recorded_by: Mapped[str] = mapped_column(String(40))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ReportItem(OfficeOwned, Base):
    """One recommendation or area for improvement, in the report's own words and numbering
    (s.55(5B)): whom it is directed at decides whether it needs an answer. An item a later
    paste no longer holds is marked ``removed``, never deleted: its answers stay on record."""

    __tablename__ = "report_item"
    __table_args__ = (
        Index(
            "uq_report_item_number",
            "inspection_id",
            "kind",
            "number",
            unique=True,
            sqlite_where=text("removed = false"),
            postgresql_where=text("removed = false"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # bot.domain.items.ItemKind
    number: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    due: Mapped[date | None] = mapped_column(Date)
    directed_at: Mapped[str] = mapped_column(String(30))
    addressees: Mapped[str] = mapped_column(Text, default="")
    # A recommendation's cause of concern (its number), when the report sets it under one.
    under: Mapped[str | None] = mapped_column(String(20))
    removed: Mapped[bool] = mapped_column(default=False)
    recorded_by: Mapped[str] = mapped_column(String(40))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The item's own nudges (its target date) held until this day, inclusive.
    snoozed_until: Mapped[date | None] = mapped_column(Date)
    snoozed_by: Mapped[str | None] = mapped_column(String(40))
    snoozed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    answers: Mapped[list[ItemAnswer]] = relationship(order_by="ItemAnswer.revision")
    progress: Mapped[list[ItemProgress]] = relationship(order_by="ItemProgress.revision")
    inspection: Mapped[Inspection] = relationship(viewonly=True)


def item_kind_order() -> Any:
    """Causes of concern, then recommendations, then areas for improvement: a report's order."""
    return case(
        (ReportItem.kind == "cause_of_concern", 0),
        (ReportItem.kind == "recommendation", 1),
        else_=2,
    )


class ItemAnswer(OfficeOwned, Base):
    """One revision of the answer to an item: the response, the action taken or proposed (or
    why none), its owner and target date. The newest counts; none is removed."""

    __tablename__ = "item_answer"
    __table_args__ = (UniqueConstraint("item_id", "revision", name="uq_item_answer_revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("report_item.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    response: Mapped[str] = mapped_column(String(30))
    action: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200), default="")
    target_date: Mapped[date | None] = mapped_column(Date)
    answered_by: Mapped[str] = mapped_column(String(40))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ItemProgress(OfficeOwned, Base):
    """One update of an answered item's progress after the response: its status, a note and,
    when the plan changed, a revised target date. The newest counts; none is removed."""

    __tablename__ = "item_progress"
    __table_args__ = (UniqueConstraint("item_id", "revision", name="uq_item_progress_revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("report_item.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(30))  # bot.domain.actions.ActionStatus
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    target_date: Mapped[date | None] = mapped_column(Date)  # None: the answer's still stands
    recorded_by: Mapped[str] = mapped_column(String(40))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Response(OfficeOwned, Base):
    """One confirmed revision of the Chief Constable's (``cc``) or the PCC's (``pcc``) response."""

    __tablename__ = "response"
    __table_args__ = (
        UniqueConstraint("inspection_id", "kind", "revision", name="uq_response_revision"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    revision: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    raw_text: Mapped[str] = mapped_column(Text)
    confirmed_by: Mapped[str] = mapped_column(String(40))
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime())

    inspection: Mapped[Inspection] = relationship(back_populates="responses")


class StepConfirmation(OfficeOwned, Base):
    """An office-use step confirmed by an approver; an undo is recorded, never deleted."""

    __tablename__ = "step_confirmation"
    __table_args__ = (
        # Two approvers pressing the same button at once: one confirmation, the other refused.
        Index(
            "uq_step_confirmation_active",
            "inspection_id",
            "step",
            unique=True,
            sqlite_where=text("undone_at IS NULL"),
            postgresql_where=text("undone_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    step: Mapped[str] = mapped_column(String(200))
    confirmed_by: Mapped[str] = mapped_column(String(40))
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    undone_by: Mapped[str | None] = mapped_column(String(40))
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    undo_reason: Mapped[str | None] = mapped_column(Text)
    # Undone because the document changed after sign-off (bot.publication.freeze), not by Undo.
    undone_by_change: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The document's revision (Inspection.document_revision) when the step was confirmed.
    document_revision: Mapped[int | None] = mapped_column(Integer)

    inspection: Mapped[Inspection] = relationship(back_populates="steps")


class AuditEvent(OfficeOwned, Base):
    """Append-only: every state change, with who did it and when."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspection.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(60))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Reminder(OfficeOwned, Base):
    """A digest or nudge, claimed before it is posted so that it is sent exactly once."""

    __tablename__ = "reminder"
    # Keys name a day or an inspection ("digest:2026-12-06"): each office has its own.
    __table_args__ = (UniqueConstraint("office_id", "key", name="uq_reminder_office_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200))
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspection.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    day: Mapped[date] = mapped_column(Date)
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(100))  # None: released to retry
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    channel_id: Mapped[str | None] = mapped_column(String(40))
    message_ts: Mapped[str | None] = mapped_column(String(40))
    last_error: Mapped[str | None] = mapped_column(Text)


Index("ix_reminder_unsent", Reminder.sent_at, Reminder.day)


class ResponseDraft(OfficeOwned, Base):
    """One round of collecting a response in the card's thread: the prompt, the human replies
    that make up the draft, the bot's receipt, and how the round ended."""

    __tablename__ = "response_draft"
    __table_args__ = (
        # At most one round is collecting per inspection: thread replies go to that one.
        Index(
            "uq_response_draft_collecting",
            "inspection_id",
            unique=True,
            sqlite_where=text("status = 'collecting'"),
            postgresql_where=text("status = 'collecting'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer, default=1)
    prompt_ts: Mapped[str | None] = mapped_column(String(40))
    receipt_ts: Mapped[str | None] = mapped_column(String(40))
    receipt_claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Moving the receipt down the thread (bot.responses.receipts): the key of the post being
    # made, who makes it and since when (None: set down by its maker, or a process that died:
    # the next pass looks the key up in Slack), and the old receipt still to delete.
    receipt_moving: Mapped[str | None] = mapped_column(String(80))
    receipt_moving_by: Mapped[str | None] = mapped_column(String(200))
    receipt_moving_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    receipt_retired: Mapped[str | None] = mapped_column(String(40))
    opened_by: Mapped[str] = mapped_column(String(40))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_by: Mapped[str | None] = mapped_column(String(40))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    response_id: Mapped[int | None] = mapped_column(ForeignKey("response.id"))
    # What the receipt says of the messages as of one version of the draft, which the next
    # message extends without reading the others (bot.responses.receipts); None: not yet.
    # Loaded only where asked for (storage.drafts.draft_row): a recommendations draft's keeps
    # the reading of its items, up to the 45 a receipt lists, which nothing else reads.
    tally: Mapped[dict[str, Any] | None] = mapped_column(JSON, deferred=True)

    inspection: Mapped[Inspection] = relationship()
    messages: Mapped[list[DraftMessage]] = relationship(
        back_populates="draft", order_by="DraftMessage.ts"
    )


class DraftMessage(OfficeOwned, Base):
    """A human reply in a card's thread, captured for a draft. Edits replace ``raw_text``;
    deletions and "start again" set ``status``; rows are never removed."""

    __tablename__ = "draft_message"
    __table_args__ = (UniqueConstraint("channel_id", "ts", name="uq_draft_message_channel_ts"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("response_draft.id"), index=True)
    channel_id: Mapped[str] = mapped_column(String(40))
    ts: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[str] = mapped_column(String(40))
    raw_text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="kept")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Slack's ts of the edit applied: a re-delivered older edit must not bring old text back.
    edited_ts: Mapped[str | None] = mapped_column(String(40))
    # The files whose text the message brought (their names, one per line), if any.
    file_names: Mapped[str | None] = mapped_column(Text)
    # The files it brought that gave no text (yet): one per line, "name<TAB>why" (the why in
    # copy.file_reason's words), shown as a note in the receipt.
    unread_files: Mapped[str | None] = mapped_column(Text)

    draft: Mapped[ResponseDraft] = relationship(back_populates="messages")


class Notice(OfficeOwned, Base):
    """A one-off bot message (e.g. "files are not captured") claimed by a natural key so that
    Slack's re-deliveries of the same event never repeat it."""

    __tablename__ = "notice"
    __table_args__ = (UniqueConstraint("office_id", "key", name="uq_notice_office_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200))
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspection.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


Index("ix_inspection_card", Inspection.channel_id, Inspection.card_ts)


class InboxEvent(OfficeOwned, Base):
    """A Slack event, stored before Slack is told it arrived (so a database that blinks makes
    Slack deliver it again rather than lose it), then processed once after the ack."""

    __tablename__ = "inbox_event"
    # A channel shared by two offices' workspaces brings the same event to each (Slack
    # Connect): each office stores and processes its own copy.
    __table_args__ = (UniqueConstraint("office_id", "event_id", name="uq_inbox_event_office"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(100))
    event_type: Mapped[str] = mapped_column(String(60))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Set while one process works on it, so that a redelivery or the pass does not too; the
    # worker renews it while it works, and says who it is (bot.reminders.claimers).
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    # Failed past its retries: kept with its error, shown, replayed only when asked.
    parked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


Index("ix_inbox_event_pending", InboxEvent.processed_at, InboxEvent.received_at)


class CommittedChange(OfficeOwned, Base):
    """A change a person asked for, keyed by their request (its trigger or form), written in
    the change's own transaction with what to tell them. When the connection drops while the
    change commits, this row says whether it did (storage.changes); a repeat of the same
    request finds it and does nothing again."""

    __tablename__ = "committed_change"
    __table_args__ = (UniqueConstraint("office_id", "key", name="uq_committed_change_office"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    committed_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class ItemReview(OfficeOwned, Base):
    """One person's review of a draft's items before **Record them**: the items as they now
    stand (read from the draft, then edited, joined, split or added by hand), the page the form
    shows, and what the reading was unsure of. Recording takes the items from here."""

    __tablename__ = "item_review"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("response_draft.id"), index=True)
    draft_version: Mapped[int] = mapped_column(Integer)
    opened_by: Mapped[str] = mapped_column(String(40))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revision: Mapped[int] = mapped_column(Integer, default=1)
    page: Mapped[int] = mapped_column(Integer, default=0)
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    doubts: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


# ---- Slack's installations --------------------------------------------------------------------
# The tables of slack-sdk's SQLAlchemy installation and OAuth-state stores
# (slack_sdk.oauth.installation_store.sqlalchemy, slack_sdk.oauth.state_store.sqlalchemy),
# column for column (tests/bot/offices/test_installations.py holds them to the SDK's), made by
# migration 0015 rather than the SDK's create_all. Token columns are Text, not the SDK's
# String(200): they hold tokens encrypted at rest (bot.offices.installations), which are longer.
TOKEN_COLUMNS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")

SLACK_INSTALLATIONS = Table(
    "slack_installations",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("client_id", String(32), nullable=False),
    Column("app_id", String(32), nullable=False),
    Column("enterprise_id", String(32)),
    Column("enterprise_name", String(200)),
    Column("enterprise_url", String(200)),
    Column("team_id", String(32)),
    Column("team_name", String(200)),
    Column("bot_token", Text),
    Column("bot_id", String(32)),
    Column("bot_user_id", String(32)),
    Column("bot_scopes", String(1000)),
    Column("bot_refresh_token", Text),
    Column("bot_token_expires_at", DateTime),
    Column("user_id", String(32), nullable=False),
    Column("user_token", Text),
    Column("user_scopes", String(1000)),
    Column("user_refresh_token", Text),
    Column("user_token_expires_at", DateTime),
    Column("incoming_webhook_url", String(200)),
    Column("incoming_webhook_channel", String(200)),
    Column("incoming_webhook_channel_id", String(200)),
    Column("incoming_webhook_configuration_url", String(200)),
    Column("is_enterprise_install", Boolean, default=False, nullable=False),
    Column("token_type", String(32)),
    Column("installed_at", DateTime, nullable=False, default=func.now()),
    Index(
        "slack_installations_idx",
        "client_id",
        "enterprise_id",
        "team_id",
        "user_id",
        "installed_at",
    ),
)

SLACK_BOTS = Table(
    "slack_bots",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("client_id", String(32), nullable=False),
    Column("app_id", String(32), nullable=False),
    Column("enterprise_id", String(32)),
    Column("enterprise_name", String(200)),
    Column("team_id", String(32)),
    Column("team_name", String(200)),
    Column("bot_token", Text),
    Column("bot_id", String(32)),
    Column("bot_user_id", String(32)),
    Column("bot_scopes", String(1000)),
    Column("bot_refresh_token", Text),
    Column("bot_token_expires_at", DateTime),
    Column("is_enterprise_install", Boolean, default=False, nullable=False),
    Column("installed_at", DateTime, nullable=False, default=func.now()),
    Index("slack_bots_idx", "client_id", "enterprise_id", "team_id", "installed_at"),
)

SLACK_OAUTH_STATES = Table(
    "slack_oauth_states",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("state", String(200), nullable=False),
    Column("expire_at", DateTime, nullable=False),
)
