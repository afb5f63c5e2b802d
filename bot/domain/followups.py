"""Follow-ups: what Slack must show after a change, each delivered once.

``Kind`` is the closed set of them, in the order one delivery posts them; a follow-up's key
(``FollowUp.key``) is both its claim in the reminder log and the key in the Slack message's
metadata, and ``FollowUp.parse`` reads one back. What delivers each kind is registered by its
feature in ``bot.followups.registry``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

DOCUMENT_FORMATS = ("docx", "html")  # uploaded unasked at sign-off and at completion
FORMAT = "format"  # the one part of a key that is not a database ID
_ID = re.compile(r"[0-9]+")


class UnknownFollowUp(ValueError):
    """A key that names no kind of follow-up, or not in that kind's shape."""


class Kind(Enum):
    """Every kind of follow-up, in delivery order: the card first (its thread holds the rest),
    then what happens in the thread. Each is its key's prefix and the names of its parts."""

    CARD_EDIT = ("edit:card", ("inspection",))
    RECEIPT_EDIT = ("edit:receipt", ("draft",))
    PROMPT = ("prompt", ("draft",))
    # The approvers told it is their turn, after the response confirmation that made it so: a
    # revision confirmed while sign-off waits tells them again (what they sign changed).
    TURN = ("turn", ("response",))
    UNDO = ("undo", ("confirmation",))
    # The note that a change after sign-off reopened it (its audit row: ``sign-off reopened``),
    # mentioning the approvers.
    REOPENED = ("reopened", ("audit",))
    STEP = ("note", ("confirmation",))
    # The document, both formats in one message, marked draft for publication, after the
    # sign-off confirmation: a sign-off undone and confirmed again posts a new draft.
    DRAFT = ("draft", ("inspection", "confirmation"))
    NOT_REQUIRED = ("not-required", ("audit",))
    COMPLETE = ("complete", ("confirmation",))
    UPLOAD = ("upload", ("inspection", "confirmation", FORMAT))
    # The compliance report's summary in the channel, after the audit row that asked for it
    # (``report posted``: each time someone asks, one message), then its charts and files in
    # one message in the summary's thread.
    REPORT = ("report", ("audit",))
    REPORT_FILES = ("report-files", ("audit",))
    # The notes about nudges and an item's progress (each from its audit row) come last, in
    # the order of their keys, as they always have.
    ITEM_RESUMED = ("item-resumed", ("audit",))
    ITEM_SNOOZED = ("item-snoozed", ("audit",))
    PROGRESS = ("progress", ("audit",))
    RESUMED = ("resumed", ("audit",))
    SNOOZED = ("snoozed", ("audit",))

    def __init__(self, prefix: str, parts: tuple[str, ...]) -> None:
        self.prefix = prefix
        self.parts = parts

    @property
    def rank(self) -> int:
        """Its place in a delivery: earlier kinds are posted first."""
        return _RANKS[self]

    def key(self, *parts: int | str) -> str:
        return FollowUp.of(self, *parts).key


_RANKS = {kind: rank for rank, kind in enumerate(Kind)}
_BY_PREFIX = {kind.prefix: kind for kind in Kind}


@dataclass(frozen=True)
class FollowUp:
    """One follow-up: its kind and the parts of its key (database IDs, and an upload's
    format)."""

    kind: Kind
    parts: tuple[str, ...]

    def __post_init__(self) -> None:
        if len(self.parts) != len(self.kind.parts):
            raise UnknownFollowUp(f"{self.kind.prefix} takes {len(self.kind.parts)} parts")
        for name, part in zip(self.kind.parts, self.parts, strict=True):
            if not (part in DOCUMENT_FORMATS if name == FORMAT else _ID.fullmatch(part)):
                raise UnknownFollowUp(f"{self.kind.prefix}: {name} {part!r}")

    @classmethod
    def of(cls, kind: Kind, *parts: int | str) -> FollowUp:
        return cls(kind, tuple(str(part) for part in parts))

    @classmethod
    def parse(cls, key: str) -> FollowUp:
        """``note:12`` → (STEP, ("12",)); UnknownFollowUp for a key of no kind."""
        for length in (2, 1):  # "edit:card:3" has a two-part prefix
            pieces = key.split(":")
            kind = _BY_PREFIX.get(":".join(pieces[:length]))
            if kind is not None:
                return cls(kind, tuple(pieces[length:]))
        raise UnknownFollowUp(f"no kind of follow-up has the key {key!r}")

    @property
    def key(self) -> str:
        return ":".join((self.kind.prefix, *self.parts))

    def id(self, part: int = 0) -> int:
        """A database ID of the key: its first part unless told."""
        return int(self.parts[part])

    def __str__(self) -> str:
        return self.key


# What each change asks for, by name (each a key of its kind).


def card_edit(inspection_id: int) -> str:
    return Kind.CARD_EDIT.key(inspection_id)


def receipt_edit(draft_id: int) -> str:
    return Kind.RECEIPT_EDIT.key(draft_id)


def prompt(draft_id: int) -> str:
    return Kind.PROMPT.key(draft_id)


def step_note(confirmation_id: int) -> str:
    return Kind.STEP.key(confirmation_id)


def undo_note(confirmation_id: int) -> str:
    return Kind.UNDO.key(confirmation_id)


def reopened_note(audit_id: int) -> str:
    return Kind.REOPENED.key(audit_id)


def completion_note(confirmation_id: int) -> str:
    return Kind.COMPLETE.key(confirmation_id)


def not_required_note(audit_id: int) -> str:
    return Kind.NOT_REQUIRED.key(audit_id)


def snoozed_note(audit_id: int) -> str:
    return Kind.SNOOZED.key(audit_id)


def resumed_note(audit_id: int) -> str:
    return Kind.RESUMED.key(audit_id)


def progress_note(audit_id: int) -> str:
    """The note in the card's thread that an item's progress was recorded (its audit row)."""
    return Kind.PROGRESS.key(audit_id)


def item_snoozed_note(audit_id: int) -> str:
    return Kind.ITEM_SNOOZED.key(audit_id)


def item_resumed_note(audit_id: int) -> str:
    return Kind.ITEM_RESUMED.key(audit_id)


def upload(inspection_id: int, confirmation_id: int, fmt: str) -> str:
    return Kind.UPLOAD.key(inspection_id, confirmation_id, fmt)


def approvers_turn(response_id: int) -> str:
    return Kind.TURN.key(response_id)


def draft_upload(inspection_id: int, confirmation_id: int) -> str:
    return Kind.DRAFT.key(inspection_id, confirmation_id)


def report(audit_id: int) -> str:
    return Kind.REPORT.key(audit_id)


def report_files(audit_id: int) -> str:
    return Kind.REPORT_FILES.key(audit_id)


@dataclass(frozen=True)
class Stored:
    """What a change stored, and whether Slack has caught up with it yet."""

    reply: str  # says what was stored; for the user when Slack is behind
    caught_up: bool
