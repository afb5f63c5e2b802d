"""A file shared in a card's thread that gives no text (bot/domain/files.py): why, in a phrase
after "it" (the receipt's note), and the whole refusal in words that fit the draft."""

from __future__ import annotations

from collections.abc import Sequence

from .words import quoted

__all__ = [
    "FILE_KINDS",
    "FILE_PENDING_REASON",
    "MB_BYTES",
    "TYPED_TEXT_KEPT",
    "file_damaged",
    "file_empty",
    "file_encrypted",
    "file_gone",
    "file_not_read",
    "file_not_readable_kind",
    "file_reason",
    "file_refused",
    "file_size",
    "file_too_large",
    "file_without_text",
    "files_not_read",
    "for_minutes",
    "more_than_seconds",
    "unread_files_note",
]


FILE_KINDS = "a PDF, a Word document (.docx) or a text file (.txt)"

_SEND_INSTEAD = "Share it again as {kinds}, or paste the {label} as text in this thread."

MB_BYTES = 1024 * 1024


def file_size(size: int, limit: int) -> tuple[str, str]:
    """A file's size and the limit it is over, printed so they never read the same: in MB
    when they look different, else to the byte ("20,971,521 bytes" over "20,971,520 bytes")."""
    shown, most = f"{size / MB_BYTES:.1f} MB", f"{limit / MB_BYTES:g} MB"
    if round(size / MB_BYTES, 1) <= limit / MB_BYTES:
        shown, most = f"{size:,} bytes", f"{limit:,} bytes ({limit / MB_BYTES:g} MB)"
    return shown, most


def more_than_seconds(seconds: int) -> str:
    return f"more than {seconds} second{'s' if seconds != 1 else ''}"


def file_reason(problem: str, *, size: int = 0, limit: int = 0, detail: str = "") -> str:
    """Why a file was not read, after "it" (``problem``: a FileProblem's value)."""
    if problem == "too large":
        shown, most = file_size(size, limit)
        return f"is {shown}, and I read files up to {most}"
    what = f" ({detail})" if detail else ""
    reasons = {
        "too large once unpacked": f"is too large once unpacked{what}",
        "took too long to read": f"took too long to read{what}",
        "not a kind we read": f"is not {FILE_KINDS}",
        "protected with a password": "is protected with a password",
        "an image compression we can't read": f"uses an image compression I can't read{what}",
        "a compression we can't read": f"uses a compression I can't read{what}",
        "damaged": "looks damaged: I couldn't open it",
        "no text": "has no text I can read: it is probably a scanned image",
        "empty": "is empty: there is nothing in it to read",
        "Slack would not hand it over": "was not handed over by Slack (the app may lack the "
        "files:read permission)",
        "no longer in Slack": "is no longer in Slack (it may have been deleted)",
        "Slack did not hand it over in time": f"was not handed over: Slack was not answering{what}",
    }
    return reasons.get(problem, "could not be read")


def file_not_read(
    filename: str,
    reason: str,
    label: str = "recommendations and areas for improvement",
    *,
    kept: str = "Nothing else was lost. ",
) -> str:
    """The refusal in the thread: the file, why, and what to send instead for the draft being
    collected (``label``: "Chief Constable's response", "key findings", …); ``kept``: what
    happened to the rest of the message (nothing to say when it had no text)."""
    what = quoted(filename) if filename else "that file"
    return f"I couldn't read {what}: it {reason}. {kept}" + _SEND_INSTEAD.format(
        kinds=FILE_KINDS, label=label
    )


FILE_PENDING_REASON = "is not here yet: Slack isn't handing it over, and I'm asking again"


def for_minutes(seconds: int) -> str:
    minutes = max(1, round(seconds / 60))
    return f"for {minutes} minute{'s' if minutes != 1 else ''}"


TYPED_TEXT_KEPT = "What you typed with it is in the draft. "


def files_not_read(unread: Sequence[tuple[str, str]], label: str, *, typed: bool) -> str:
    """The reply in the thread naming each file shared with a message that gave no text, and
    what to send instead for the draft being collected (``label``); ``typed``: the message had
    text of its own, which the draft kept."""
    kept = TYPED_TEXT_KEPT if typed else ""
    if len(unread) == 1:
        name, reason = unread[0]
        return file_not_read(name, reason, label, kept=kept)
    listed = "\n".join(f"• {quoted(name)}: it {reason}." for name, reason in unread)
    return f"I couldn't read these files:\n{listed}\n{kept}" + _SEND_INSTEAD.format(
        kinds=FILE_KINDS, label=label
    ).replace("it again", "them again")


def unread_files_note(unread: Sequence[tuple[str, str]]) -> str:
    """The receipt's note of files shared with the draft that gave no text."""
    return "\n".join(f":warning: Not read: {quoted(name)}: it {reason}." for name, reason in unread)


def file_not_readable_kind(filename: str) -> str:
    return file_not_read(filename, file_reason("not a kind we read"))


def file_too_large(filename: str, size: int, limit: int) -> str:
    return file_not_read(filename, file_reason("too large", size=size, limit=limit))


def file_encrypted(filename: str) -> str:
    return file_not_read(filename, file_reason("protected with a password"))


def file_damaged(filename: str) -> str:
    return file_not_read(filename, file_reason("damaged"))


def file_refused(filename: str = "") -> str:
    return file_not_read(filename, file_reason("Slack would not hand it over"))


def file_gone() -> str:
    return file_not_read("", file_reason("no longer in Slack"))


def file_without_text(filename: str) -> str:
    return file_not_read(filename, file_reason("no text"))


def file_empty(filename: str) -> str:
    return file_not_read(filename, file_reason("empty"))
