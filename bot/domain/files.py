"""Files shared in a card's thread: what reading one may cost, and why one could not be read.

A shared file is untrusted input. It is read in a box (bot.documents.box): a process of its
own with these limits, and sizes checked before anything is unpacked. Whatever goes wrong
becomes one ``FileProblem``, which the person reads in words that fit the draft
(copy.file_not_read) and the receipt keeps as a note.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot import copy
from bot.domain.errors import UnreadableFile

MB = 1024 * 1024


class FileProblem(StrEnum):
    """Why a file gave no text (the receipt's note says it in copy.file_reason's words)."""

    TOO_LARGE = "too large"  # the file itself, before anything is read
    TOO_LARGE_UNPACKED = "too large once unpacked"  # its parts or streams, inflated
    TOO_SLOW = "took too long to read"
    NOT_A_KIND_WE_READ = "not a kind we read"
    ENCRYPTED = "protected with a password"
    IMAGE_COMPRESSION = "an image compression we can't read"
    COMPRESSION = "a compression we can't read"
    DAMAGED = "damaged"
    NO_TEXT = "no text"
    EMPTY = "empty"
    REFUSED_BY_SLACK = "Slack would not hand it over"
    GONE = "no longer in Slack"
    SLACK_NOT_ANSWERING = "Slack did not hand it over in time"


@dataclass(frozen=True)
class ReaderLimits:
    """What reading one file may cost (settings S55_READER_*; README "Files in the thread").

    ``memory_bytes`` is the reader process's whole address space (RLIMIT_AS): the
    interpreter and its libraries take about 60 MB of it. ``unpacked_bytes`` bounds what is
    inflated from a Word file's parts that are read (its text, styles and lists; pictures are
    never read), each part's declared size checked before and its actual size while it is
    inflated; ``pdf_content_bytes`` bounds a PDF's page content streams, counted once per page
    that shows them (a stream shared by ten pages is read ten times)."""

    cpu_seconds: int = 20
    wall_seconds: int = 40
    memory_bytes: int = 512 * MB
    file_bytes: int = 20 * MB
    unpacked_bytes: int = 100 * MB
    pdf_pages: int = 2000
    pdf_content_bytes: int = 32 * MB


def unreadable(
    problem: FileProblem, filename: str, *, size: int = 0, limit: int = 0, detail: str = ""
) -> UnreadableFile:
    """The refusal for ``filename``: its reason in a phrase, and a reply in general words."""
    reason = copy.file_reason(problem.value, size=size, limit=limit, detail=detail)
    return UnreadableFile(copy.file_not_read(filename, reason), problem=problem, reason=reason)
