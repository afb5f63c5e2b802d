"""A report uploaded as PDF, Word or text gives the items its text gives; a file we cannot read
is refused with a reply that says what to send instead."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from pypdf import PdfReader, PdfWriter

from bot.documents.extract import MAX_BYTES, text_of
from bot.domain.errors import UnreadableFile
from bot.domain.items import ProposedItem, split_items
from tests.bot.documents.made_files import docx_of, pdf_of
from tests.documents import (
    DOCUMENTS,
    GOVERNMENT_RESPONSE,
    NEW_TEMPLATE,
    OLD_TEMPLATE,
    PEEL_REPORT,
    Source,
    both,
    ours,
)
from tests.paths import SEEDS

# A response in the old template (tests/fixtures/documents): its PDF runs to several pages.
RESPONSE = ours(OLD_TEMPLATE)


def items_of(text: str) -> list[tuple[object, ...]]:
    """What a person confirms of each item, its words compared whatever the line breaks: a
    PDF's lines are the typesetter's, not the text's."""
    return [_summary(item) for item in split_items(text, force_name="Norfolk")]


def _summary(item: ProposedItem) -> tuple[object, ...]:
    words = " ".join(item.text.split())
    return (item.kind, item.number, words, item.due, item.directed_at, item.addressees)


@pytest.mark.parametrize(
    "source", both(OLD_TEMPLATE, NEW_TEMPLATE, PEEL_REPORT, GOVERNMENT_RESPONSE)
)
@pytest.mark.parametrize("make", [pdf_of, docx_of], ids=["pdf", "docx"])
def test_a_document_made_into_a_pdf_or_a_word_file_gives_the_same_items(
    make, source: Source
) -> None:
    text = source.text()

    from_file = items_of(text_of(make(text), f"report.{make.__name__[:-3]}"))

    assert from_file == items_of(text)
    assert from_file  # every one of these documents has items


@pytest.mark.parametrize(
    ("source", "first"),
    [
        pytest.param(
            Source(DOCUMENTS / OLD_TEMPLATE.ours),
            "\n1. Chief constables should make sure",
            id=OLD_TEMPLATE.ours,
        ),
        pytest.param(
            Source(SEEDS / OLD_TEMPLATE.real),
            "\n1. Chief constables should evaluate",
            id=OLD_TEMPLATE.real,
            marks=pytest.mark.reference,
        ),
    ],
)
def test_a_word_list_gets_back_the_numbers_word_shows(source: Source, first: str) -> None:
    # docx_of keeps "1. Chief constables…" as a "List Number" paragraph without its "1.".
    text = text_of(docx_of(source.text()), "response.docx")

    assert first in text
    assert "\n4. The National Police Chiefs’ Council Coordinator" in text


def test_a_word_table_gives_its_cells_text_in_order() -> None:
    document = Document()
    document.add_paragraph("Areas for improvement")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "AFI 1", "The force should act."
    table.cell(1, 0).merge(table.cell(1, 1)).text = "AFI 2 The PCC should review it."
    out = io.BytesIO()
    document.save(out)

    text = text_of(out.getvalue(), "afis.docx")

    assert text.splitlines() == [
        "Areas for improvement",
        "AFI 1",
        "The force should act.",
        "AFI 2 The PCC should review it.",
    ]


def test_a_word_file_bullets_come_out_as_bullets() -> None:
    document = Document()
    document.add_paragraph("Areas for improvement")
    document.add_paragraph("The force should act.", style="List Bullet")
    out = io.BytesIO()
    document.save(out)

    assert text_of(out.getvalue(), "afis.docx").splitlines()[1] == "• The force should act."


def test_a_pdf_keeps_its_pages_in_order() -> None:
    text = text_of(pdf_of(RESPONSE), "response.pdf")

    assert len(PdfReader(io.BytesIO(pdf_of(RESPONSE))).pages) > 2
    assert (
        text.index("KEY FINDINGS")
        < text.index("Areas for improvement")
        < text.index("For Office Use Only")
    )


def test_a_pdf_that_only_restricts_copying_is_read_like_any_other() -> None:
    # Many published PDFs have an owner password and no password to open them.
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_of(RESPONSE))))
    writer.encrypt(user_password="", owner_password="owner")
    out = io.BytesIO()
    writer.write(out)

    assert items_of(text_of(out.getvalue(), "response.pdf")) == items_of(RESPONSE)


# --- text files -----------------------------------------------------------------------------


def test_a_windows_1252_text_file_is_read() -> None:
    data = "Recommendation 1: The force’s “plan” – by 30 June 2024.".encode("cp1252")

    assert text_of(data, "recs.txt") == "Recommendation 1: The force’s “plan” – by 30 June 2024."


def test_a_utf8_text_file_loses_its_bom_and_windows_line_ends() -> None:
    data = "\ufeffAreas for improvement\r\n• The force should act.\r\n".encode()

    assert text_of(data, "afis.md") == "Areas for improvement\n• The force should act.\n"


def test_a_utf16_text_file_is_read() -> None:
    assert text_of("Recommendation 1 Act.".encode("utf-16"), "recs.txt") == (
        "Recommendation 1 Act."
    )


# --- refusals -------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_of(RESPONSE))))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def spreadsheet() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (PNG, "it is not a PDF, a Word document (.docx) or a text file (.txt)"),
        (spreadsheet(), "it is not a PDF, a Word document (.docx) or a text file (.txt)"),
        (encrypted_pdf(), "is protected with a password"),
        (pdf_of(RESPONSE)[: len(pdf_of(RESPONSE)) // 2], "looks damaged"),
        (docx_of(RESPONSE)[:5_000], "looks damaged"),
        (b"%PDF-1.4\n" + b"\x00garbage" * 100 + b"\n%%EOF\n", "looks damaged"),
        (
            b"%PDF-1.4\n" + b" " * (MAX_BYTES - 8),
            "is 20,971,521 bytes, and I read files up to 20,971,520 bytes (20 MB)",
        ),
        (blank_pdf(), "has no text I can read"),
        (b"", "is empty: there is nothing in it to read"),
        (b" \r\n\t ", "is empty: there is nothing in it to read"),
    ],
    ids=[
        "png",
        "spreadsheet",
        "encrypted-pdf",
        "truncated-pdf",
        "truncated-docx",
        "garbled-pdf",
        "20-mb-and-a-byte",
        "scan-without-text",
        "empty",
        "only-spaces",
    ],
)
def test_a_file_that_cannot_be_read_is_refused_saying_what_to_send_instead(
    data: bytes, says: str
) -> None:
    with pytest.raises(UnreadableFile) as refusal:
        text_of(data, "report.pdf")

    assert says in refusal.value.reply
    assert "`report.pdf`" in refusal.value.reply
    assert "paste" in refusal.value.reply or "upload" in refusal.value.reply.lower()


def test_twenty_megabytes_exactly_are_read() -> None:
    data = b"Recommendation 1 The force should act.\n" + b" " * (MAX_BYTES - 39)

    assert len(data) == MAX_BYTES
    assert text_of(data, "recs.txt").startswith("Recommendation 1")
