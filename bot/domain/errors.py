"""Typed refusals. Handlers turn each into one friendly reply; none of them is a crash."""

from __future__ import annotations


class S55Error(Exception):
    """A refusal the user should read. ``reply`` is the copy shown to them."""

    def __init__(self, reply: str) -> None:
        super().__init__(reply)
        self.reply = reply


class InvalidInput(S55Error):
    """What the user typed cannot be logged as it is."""


class DuplicateInspection(S55Error):
    """The same link, or the same title and date, is already logged."""

    def __init__(self, reply: str, *, reference: str) -> None:
        super().__init__(reply)
        self.reference = reference


class UnknownInspection(S55Error):
    """No inspection has that reference."""


class InvalidForm(S55Error):
    """Several fields of a form are wrong; ``problems`` maps each field name to its message."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


class DatabaseUnavailable(Exception):
    """The database did not answer in time: nothing was stored; trying again later may work.
    Neither the person's mistake nor a crash of ours (copy.DATABASE_NOT_ANSWERING says so)."""


class UnreadableFile(S55Error):
    """An uploaded file gives no text: not a kind we read, too large, encrypted, damaged, or
    a scan. Nothing is stored; the reply says what to send instead."""
