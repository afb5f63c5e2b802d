"""The box a shared file is read in (bot/documents/box.py): a process of its own that a file
cannot make work past its CPU, wall-clock or memory limit, and budgets judged before anything is
inflated. Each refusal names the file and the real cause."""

from __future__ import annotations

import io
import zipfile

import pytest

from bot.documents.box import Box, read_file
from bot.documents.extract import text_of
from bot.domain.errors import UnreadableFile
from bot.domain.files import MB, FileProblem, ReaderLimits
from tests.bot.documents.made_files import docx_of
from tests.faults import hostile

# A PDF that takes seconds of pypdf's work (2.4 MB of page content), within the page budget.
SLOW_PDF = hostile.pdf_one_stream_for_ten_pages(inflated=600_000, pages=4)


def refused(box: Box, data: bytes, name: str) -> UnreadableFile:
    with pytest.raises(UnreadableFile) as refusal:
        box.read(data, name)
    return refusal.value


def test_a_file_is_read_in_a_process_of_its_own_and_its_cost_reported() -> None:
    read = read_file(docx_of("Recommendation 1\nThe force should act."), "recs.docx")
    assert read.text.splitlines() == ["Recommendation 1", "The force should act."]
    assert 0 < read.peak_rss < 512 * MB  # the reader's own memory, not the bot's
    assert read.seconds > 0


def test_past_its_cpu_limit_a_file_took_too_long_to_read() -> None:
    box = Box(ReaderLimits(cpu_seconds=1, wall_seconds=60), readers=1)
    refusal = refused(box, SLOW_PDF, "slow.pdf")
    assert refusal.problem == FileProblem.TOO_SLOW
    assert refusal.reason == "took too long to read (more than 1 second)"


def test_past_the_wall_clock_the_reader_is_killed_whatever_it_does() -> None:
    box = Box(ReaderLimits(cpu_seconds=60, wall_seconds=1), readers=1)
    refusal = refused(box, SLOW_PDF, "slow.pdf")
    assert refusal.problem == FileProblem.TOO_SLOW
    assert refusal.seconds is not None and refusal.seconds < 10


def test_past_its_memory_a_file_is_too_large_once_unpacked() -> None:
    # An address space smaller than reading this file needs (the reader's own libraries take
    # some 50 MB of it): an allocation fails, and the reader says so.
    box = Box(ReaderLimits(memory_bytes=40 * MB), readers=1)
    refusal = refused(box, hostile.docx_many_paragraphs(200_000), "big.docx")
    assert refusal.problem == FileProblem.TOO_LARGE_UNPACKED
    assert "memory" in refusal.reason


def test_a_word_part_declared_larger_than_the_budget_is_refused_before_it_is_inflated() -> None:
    limits = ReaderLimits(unpacked_bytes=1 * MB)
    data = hostile.docx_many_paragraphs(60_000)  # its document part is about 2 MB
    with pytest.raises(UnreadableFile) as refusal:
        text_of(data, "recs.docx", limits)
    assert refusal.value.problem == FileProblem.TOO_LARGE_UNPACKED
    assert (
        refusal.value.reason == "is too large once unpacked (its text would come to more than 1 MB)"
    )


def test_a_word_part_that_inflates_to_more_than_it_declares_is_never_read_past_it() -> None:
    honest = docx_of("Recommendation 1 The force should act.")
    padded = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(honest)) as source, zipfile.ZipFile(padded, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data += b"<!--" + b"x" * 1_000_000 + b"-->"
            target.writestr(info, data)
    # The central directory now says the document part is 100 bytes: no more is inflated,
    # and the part fails its check.
    with pytest.raises(UnreadableFile) as refusal:
        text_of(_declare(padded.getvalue(), "word/document.xml", 100), "recs.docx")
    assert refusal.value.problem == FileProblem.DAMAGED


def _declare(data: bytes, name: str, size: int) -> bytes:
    """``data`` with the central directory's uncompressed size of ``name`` set to ``size``."""
    forged = bytearray(data)
    needle = name.encode()
    at = forged.rfind(needle)  # the central directory's copy of the name comes last
    header = at - 46
    assert forged[header : header + 4] == b"PK\x01\x02"
    forged[header + 24 : header + 28] = size.to_bytes(4, "little")
    return bytes(forged)


def test_a_pdf_over_its_page_budget_is_refused_before_any_text_is_read() -> None:
    limits = ReaderLimits(pdf_pages=5)
    data = hostile.pdf_one_stream_for_ten_pages(inflated=1_000, pages=10)
    with pytest.raises(UnreadableFile) as refusal:
        text_of(data, "report.pdf", limits)
    assert refusal.value.reason == "is too large once unpacked (it has 10 pages; I read up to 5)"


def test_a_list_numbered_in_roman_from_ten_million_is_numbered_in_digits_beyond_3999() -> None:
    text = text_of(hostile.docx_roman_list(start=10_000_000, items=2), "recs.docx")
    assert text.splitlines()[1:] == [
        "10000000. The force should act on matter 0.",
        "10000001. The force should act on matter 1.",
    ]
    assert text_of(hostile.docx_roman_list(start=3998, items=2), "recs.docx").splitlines()[1:] == [
        "(mmmcmxcviii) The force should act on matter 0.",
        "(mmmcmxcix) The force should act on matter 1.",
    ]


def test_a_hundred_thousand_paragraphs_are_read_within_a_few_seconds_of_the_box() -> None:
    """python-docx took 73 s: within the box's 5 CPU seconds here, the reading is linear."""
    box = Box(ReaderLimits(cpu_seconds=5, wall_seconds=60), readers=1)
    read = box.read(hostile.docx_many_paragraphs(100_000), "recs.docx")
    assert read.text.count("\n") == 99_999
