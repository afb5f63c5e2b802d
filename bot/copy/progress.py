"""An answered item's progress after the response (bot/items/progress.py,
bot/render/progress.py): its status, target date and RAG, and the Update form."""

from __future__ import annotations

from datetime import date

from .words import human_date

__all__ = [
    "ACTION_STATUS_LABELS",
    "NOT_A_PROGRESS_RECORDER",
    "NO_TARGET",
    "PROGRESS_CLOSED_NEEDS_NOTE",
    "PROGRESS_NOTE_HINT",
    "PROGRESS_NOTE_LABEL",
    "PROGRESS_NO_CHANGE",
    "PROGRESS_NO_STATUS",
    "PROGRESS_SAME_AS_LAST",
    "PROGRESS_STATUS_LABEL",
    "PROGRESS_SUBMIT",
    "PROGRESS_TARGET_HINT",
    "PROGRESS_TARGET_LABEL",
    "PROGRESS_TARGET_NOT_A_DAY",
    "PROGRESS_TITLE",
    "RAG_EMOJI",
    "RAG_LABELS",
    "UPDATE_PROGRESS_BUTTON",
    "action_line",
    "progress_closed",
    "progress_note_too_long",
    "progress_stored",
    "progress_thread_note",
    "progress_unanswered",
]


ACTION_STATUS_LABELS = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "complete": "Complete",
    "closed": "Closed — no further action",
}

RAG_LABELS = {"red": "Red", "amber": "Amber", "green": "Green"}

RAG_EMOJI = {
    "red": ":red_circle:",
    "amber": ":large_orange_circle:",
    "green": ":large_green_circle:",
}

UPDATE_PROGRESS_BUTTON = "Update"

PROGRESS_TITLE = "Update progress"

PROGRESS_SUBMIT = "Record"

PROGRESS_STATUS_LABEL = "Status"

PROGRESS_NOTE_LABEL = "Note"

PROGRESS_NOTE_HINT = (
    "The work done since the last update. Needed when closing with no further action: say why."
)

PROGRESS_TARGET_LABEL = "Target date"

PROGRESS_TARGET_HINT = "Change it only if the plan changed; the RAG rating follows from it."

PROGRESS_NO_STATUS = "Choose the status: not started, in progress, complete or closed."

PROGRESS_CLOSED_NEEDS_NOTE = "Say why no further action will be taken."

PROGRESS_NO_CHANGE = (
    "Nothing has changed: choose another status, write a note or revise the target date."
)

PROGRESS_SAME_AS_LAST = (
    "The last update already says this: change the status, the note or the target date."
)

PROGRESS_TARGET_NOT_A_DAY = "Pick the target date from the calendar."

NOT_A_PROGRESS_RECORDER = (
    "Only the office's response editors and approvers can record progress on an item. "
    "Nothing was changed."
)

NO_TARGET = "no target date"


def progress_note_too_long(limit: int) -> str:
    return f"Keep the note to {limit:,} characters."


def action_line(
    rag_emoji: str,
    rag: str,
    status: str,
    target: date | None,
    owner: str,
    answered_target: date | None = None,
) -> str:
    """ "🟠 Amber · In progress · target Tue 30 Sep 2025 · owner Head of PSD": RAG derived.
    A target revised since the answer says so, and from what (the list shows no other date)."""
    when = _target(target)
    if target and answered_target and target != answered_target:
        when += f" (revised from {human_date(answered_target)})"
    who = f" · owner {owner}" if owner else ""
    return f"{rag_emoji} {rag} · {status} · {when}{who}"


def progress_unanswered(label: str, reference: str) -> str:
    return (
        f"{label} of {reference} has no answer yet: answer it first (`/s55 recs {reference}`). "
        "Nothing was changed."
    )


def progress_closed(reference: str, state: str) -> str:
    return (
        f"{reference} is {state}: its items' progress is no longer followed. Nothing was changed."
    )


def _target(target: date | None) -> str:
    return f"target {human_date(target)}" if target else NO_TARGET


def progress_stored(
    label: str, reference: str, status: str, target: date | None, rag: str, update: int
) -> str:
    return (
        f"Recorded: {label} of {reference} is {status}, {_target(target)}, RAG {rag} "
        f"(update {update})."
    )


def progress_thread_note(
    label: str,
    reference: str,
    actor: str,
    status: str,
    target: date | None,
    rag_emoji: str,
    rag: str,
    note: str,
    *,
    revised_from: date | None = None,
) -> str:
    said = f"\n> {note}" if note else ""
    revised = f" (revised from {human_date(revised_from)})" if revised_from else ""
    return (
        f":memo: <@{actor}> updated *{label}* of *{reference}*: {status}, {_target(target)}"
        f"{revised} · {rag_emoji} {rag}{said}"
    )
