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


class NotOnRecord(LookupError):
    """A row that another row or a stored key names (a follow-up's response, a confirmation
    that asked for an upload) is not in the database. Rows are never deleted, so this is a
    fault of ours or a hand-edited database, never the person's doing: the work it was for
    stops there and is logged (a follow-up stays for the next pass), and nothing is said about
    it as if it were stored."""


class InvalidForm(S55Error):
    """Several fields of a form are wrong; ``problems`` maps each field name to its message."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


class DatabaseUnavailable(Exception):
    """The database did not answer in time: nothing was stored; trying again later may work.
    Neither the person's mistake nor a crash of ours (copy.DATABASE_NOT_ANSWERING says so)."""


class CommitOutcomeUnknown(DatabaseUnavailable):
    """The connection was lost while COMMIT was on its way: the change may or may not be
    stored. Never said as "nothing was stored": whoever made the change looks it up by its
    key (storage.changes) before saying anything."""


class OutcomeUnknown(S55Error):
    """The database stopped answering as a change was committed and did not answer the look-up
    either: the person is told that it is not known yet, never that nothing was stored."""


class UnreadableFile(S55Error):
    """An uploaded file gives no text: not a kind we read, too large, encrypted, damaged, or
    a scan. ``problem`` says which (a bot.domain.files.FileProblem); ``reason`` says it in a
    phrase after "it" (copy.file_reason), for the receipt's note and a refusal worded for the
    draft being collected; ``reply`` is that refusal in general words."""

    seconds: float | None = None  # how long the reader took (bot.documents.box), if it ran
    peak_rss: int | None = None  # the reader process's peak memory, in bytes

    def __init__(self, reply: str, *, problem: str = "", reason: str = "") -> None:
        super().__init__(reply)
        self.problem = problem
        self.reason = reason
