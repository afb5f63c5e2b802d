"""Hostile files shared in a card's thread (docs/rules.md#r24), each built in the test, each sent
with typed text beside it, to the real bot over signed HTTP, on SQLite and PostgreSQL.

Whatever the file costs or hides, it is read in the box (a process with CPU, wall-clock and
memory limits) or refused at once with a reason that names the file and the real cause; the
typed text is kept either way; the person is told in words that fit the draft being collected
(here, the Chief Constable's response); the receipt keeps a note; nothing is said or stored
twice. Each case is a probe in the table printed at the end of the run (tests/faults/conftest.py).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from storage.models import DraftMessage
from tests.bot.responses.test_responses import in_thread, log_inspection, receipt
from tests.e2e import Bot
from tests.faults import hostile
from tests.faults.conftest import Probe, reader_peaks
from tests.faults.steps import with_file

TYPED = hostile.TYPED
CC_STAFF = "U0CCSTAFF1"
# The box's limits (20 s of CPU, 40 s of wall clock by default), and what reaching Slack takes.
TOLD_WITHIN_SECONDS = 45.0


@dataclass(frozen=True)
class Hostile:
    filename: str
    make: Callable[[], bytes]
    refused_because: str | None  # the reason the person reads; None: the file is read
    gives: str = ""  # words its text holds, when it is read


HOSTILE = {
    # One 5 MB content stream shown on ten pages: unpacked, 50 MB of page content.
    "pdf-5mb-stream-x10-pages": Hostile(
        "report.pdf",
        hostile.pdf_one_stream_for_ten_pages,
        "is too large once unpacked (its pages' content comes to more than 32 MB)",
    ),
    # A lower-roman list starting at 10,000,000: read, numbered in digits beyond 3,999.
    "docx-roman-list-from-10m": Hostile(
        "recs.docx", hostile.docx_roman_list, None, "10000000. The force should act on matter 0."
    ),
    # 100,000 one-letter paragraphs: read (in linear time, within the box's CPU limit).
    "docx-100k-paragraphs": Hostile("recs.docx", hostile.docx_many_paragraphs, None, "a\na\na"),
    # A picture part of 1 GB of zeros, and one of 4 GB (ZIP64): never inflated.
    "docx-1gb-zero-image": Hostile(
        "recs.docx", hostile.docx_with_zero_image, None, "Recommendation 1 The force should act."
    ),
    "docx-4gb-zero-image": Hostile(
        "recs.docx",
        lambda: hostile.docx_with_zero_image(4 * hostile.ONE_GB),
        None,
        "Recommendation 1 The force should act.",
    ),
    "pdf-filter-nonsense": Hostile(
        "report.pdf",
        lambda: hostile.pdf_with_filter(b"/Nonsense"),
        "uses a compression I can't read (Nonsense)",
    ),
    "docx-entries-flagged-encrypted": Hostile(
        "recs.docx", hostile.docx_encrypted_entries, "is protected with a password"
    ),
    "png-named-txt": Hostile(
        "response.txt",
        hostile.png_named_txt,
        "is not a PDF, a Word document (.docx) or a text file (.txt)",
    ),
    "pdf-jbig2": Hostile(
        "scan.pdf", hostile.pdf_jbig2, "uses an image compression I can't read (JBIG2)"
    ),
    "pdf-20mb-and-a-byte": Hostile(
        "report.pdf",
        lambda: hostile.pdf_of_size(20 * 1024 * 1024 + 1),
        "is 20,971,521 bytes, and I read files up to 20,971,520 bytes (20 MB)",
    ),
}


def share_with_text(bot: Bot, card_ts: str, name: str, data: bytes, text: str) -> str:
    """Someone types ``text`` and attaches a file, in one message, in the card's thread."""
    event = with_file(bot, card_ts, text, name, data, user=CC_STAFF)
    assert bot.send.event(event).status == 200
    return str(event["ts"])


def kept(bot: Bot, ts: str) -> list[DraftMessage]:
    with bot.db.session() as session:
        rows = session.scalars(select(DraftMessage).where(DraftMessage.ts == ts)).all()
        session.expunge_all()
    return list(rows)


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_file_beside_typed_text(
    bot: Bot, case: str, probe: Probe, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.documents.box")
    hostile_file = HOSTILE[case]
    card_ts = log_inspection(bot)
    data = hostile_file.make()
    started = time.monotonic()
    ts = share_with_text(bot, card_ts, hostile_file.filename, data, TYPED)
    bot.listeners.settle(timeout=TOLD_WITHIN_SECONDS)
    probe.took(time.monotonic() - started)
    probe.read_with(reader_peaks(caplog.records))
    probe.tried += 1

    rows = kept(bot, ts)
    probe.doubled += max(0, len(rows) - 1)
    text = rows[0].raw_text if rows else ""
    probe.stored += int(text.startswith(TYPED))
    probe.lost += int(not text.startswith(TYPED))
    assert text.startswith(TYPED), "the typed text is kept whatever happens to the file"
    said = [
        c.args["text"]
        for c in in_thread(bot, card_ts)
        if c.args["text"].startswith(f"I couldn't read `{hostile_file.filename}`")
    ]
    shown = receipt(bot, card_ts)["text"]
    if hostile_file.refused_because is None:
        assert hostile_file.gives in text
        assert said == []
        assert "Not read" not in shown
        return
    probe.refused += 1
    probe.doubled += max(0, len(said) - 1)
    assert len(said) == 1, "told once, in the thread"
    assert f"`{hostile_file.filename}`: it {hostile_file.refused_because}." in said[0]
    assert "paste the Chief Constable's response as text" in said[0]  # the draft collected
    assert f":warning: Not read: `{hostile_file.filename}`: it {hostile_file.refused_because}." in (
        shown
    )
    assert probe.worst_seconds < TOLD_WITHIN_SECONDS
