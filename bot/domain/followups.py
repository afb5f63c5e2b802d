"""The keys of follow-ups: what Slack must show after a change, each delivered once.

The same key is the claim in the reminder log and the key in the Slack message's metadata.
"""

from __future__ import annotations

from dataclasses import dataclass

DOCUMENT_FORMATS = ("docx", "html")  # uploaded unasked at sign-off and at completion


def card_edit(inspection_id: int) -> str:
    return f"edit:card:{inspection_id}"


def receipt_edit(draft_id: int) -> str:
    return f"edit:receipt:{draft_id}"


def prompt(draft_id: int) -> str:
    return f"prompt:{draft_id}"


def step_note(confirmation_id: int) -> str:
    return f"note:{confirmation_id}"


def undo_note(confirmation_id: int) -> str:
    return f"undo:{confirmation_id}"


def reopened_note(audit_id: int) -> str:
    """The note in the card's thread that a change after sign-off reopened it (its audit row:
    ``sign-off reopened``), mentioning the approvers."""
    return f"reopened:{audit_id}"


def completion_note(confirmation_id: int) -> str:
    return f"complete:{confirmation_id}"


def not_required_note(audit_id: int) -> str:
    return f"not-required:{audit_id}"


def snoozed_note(audit_id: int) -> str:
    return f"snoozed:{audit_id}"


def resumed_note(audit_id: int) -> str:
    return f"resumed:{audit_id}"


def progress_note(audit_id: int) -> str:
    """The note in the card's thread that an item's progress was recorded (its audit row)."""
    return f"progress:{audit_id}"


def item_snoozed_note(audit_id: int) -> str:
    return f"item-snoozed:{audit_id}"


def item_resumed_note(audit_id: int) -> str:
    return f"item-resumed:{audit_id}"


def upload(inspection_id: int, confirmation_id: int, fmt: str) -> str:
    return f"upload:{inspection_id}:{confirmation_id}:{fmt}"


def approvers_turn(response_id: int) -> str:
    """The approvers told it is their turn, after the response confirmation that made it so:
    a revision confirmed while sign-off waits tells them again (what they sign changed)."""
    return f"turn:{response_id}"


def draft_upload(inspection_id: int, confirmation_id: int) -> str:
    """The document, both formats in one message, marked draft for publication, after the
    sign-off confirmation: a sign-off undone and confirmed again posts a new draft."""
    return f"draft:{inspection_id}:{confirmation_id}"


def report(audit_id: int) -> str:
    """The compliance report's summary message in the channel, after the audit row that asked
    for it (``report posted``): each time someone asks, one message."""
    return f"report:{audit_id}"


def report_files(audit_id: int) -> str:
    """The report's charts and files, in one message in its summary's thread."""
    return f"report-files:{audit_id}"


def parse(key: str) -> tuple[str, list[str]]:
    """``("note", ["12"])`` for ``note:12``; ``("edit:card", ["3"])`` for ``edit:card:3``."""
    parts = key.split(":")
    if parts[0] == "edit":
        return f"edit:{parts[1]}", parts[2:]
    return parts[0], parts[1:]


@dataclass(frozen=True)
class Stored:
    """What a change stored, and whether Slack has caught up with it yet."""

    reply: str  # says what was stored; for the user when Slack is behind
    caught_up: bool
