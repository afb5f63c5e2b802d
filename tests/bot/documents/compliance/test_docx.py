"""The compliance report as a Word file, opened as Word would open it (python-docx): its
headings, its tables, its two charts with their alt text, and the same bytes for the same report."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from datetime import UTC, datetime

import docx
from docx.shared import RGBColor

from bot.documents.compliance.charts import (
    publication_alt,
    publication_chart,
    status_alt,
    status_chart,
)
from bot.documents.compliance.docx import report_docx
from tests.bot.documents.compliance.sample import sample_report
from tests.paths import REPOSITORY


def opened(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def test_the_headings_are_real_word_headings_in_reading_order() -> None:
    word = opened(report_docx(sample_report()))
    headings = [
        (p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings == [
        ("Heading 1", "Section 55 compliance report: Norfolk, 2024"),
        ("Heading 2", "Summary"),
        ("Heading 2", "Late responses"),
        ("Heading 2", "Inspections"),
        ("Heading 2", "Publication against the deadline"),
        ("Heading 2", "Recommendations and AFIs"),
        ("Heading 3", "By status"),
        ("Heading 3", "By RAG rating"),
        ("Heading 3", "Status month by month"),
        ("Heading 2", "Overdue actions"),
        ("Heading 2", "Each recommendation and AFI"),
    ]
    bullets = [p.text for p in word.paragraphs if p.style.name == "List Bullet"]
    assert bullets[0] == "On time: 8 of 10 (80%)" and bullets[1] == "Median days to publish: 49"
    assert bullets[5:7] == [
        "S55-3 Race and policing — published 4 days after the deadline",
        "S55-10 Custody services — not published; the deadline was 25 September 2024",
    ]


def test_the_tables_hold_the_same_rows_as_the_page() -> None:
    inspections, by_status, by_rag, overdue, each = opened(report_docx(sample_report())).tables
    rows = [[cell.text for cell in row.cells] for row in inspections.rows]
    assert rows[0][0] == "Reference" and rows[0][-1] == "Result" and len(rows) == 13
    assert rows[3] == [
        "S55-3",
        "Race and policing",
        "20 Feb 2024",
        "15 Apr 2024",
        "19 Apr 2024",
        "4 days late",
        "Complete",
        "Late",
    ]
    assert [[c.text for c in row.cells] for row in by_status.rows][1:] == [
        ["Not started", "3"],
        ["In progress", "3"],
        ["Complete", "2"],
        ["Closed — no further action", "1"],
    ]
    assert [[c.text for c in row.cells] for row in by_rag.rows][1:] == [
        ["Red", "2"],
        ["Amber", "2"],
        ["Green", "5"],
    ]
    assert [row.cells[0].text + " " + row.cells[1].text for row in overdue.rows][1:] == [
        "S55-1 AFI 1",
        "S55-9 Recommendation 3",
    ]
    assert overdue.rows[1].cells[3].text == "Chief Inspector <Jo> Bloggs"
    assert len(each.rows) == 10


def test_late_results_are_red_and_the_header_row_repeats_on_each_page() -> None:
    inspections = opened(report_docx(sample_report())).tables[0]
    late = inspections.rows[3].cells[-1].paragraphs[0].runs[0]
    on_time = inspections.rows[1].cells[-1].paragraphs[0].runs[0]
    assert late.font.color.rgb == RGBColor(0xB7, 0x1C, 0x1C) and late.bold
    assert on_time.font.color.rgb is None
    assert inspections.rows[0]._tr.trPr.xpath("./w:tblHeader")


def test_the_wide_tables_fit_between_the_margins_with_room_for_the_words() -> None:
    inspections, _, _, overdue, each = opened(report_docx(sample_report())).tables
    for table in (inspections, overdue, each):
        widths = [cell.width.cm for cell in table.rows[1].cells]
        assert round(sum(widths), 2) <= 15.92  # A4 less the seeds' margins
    title = [cell.width.cm for cell in inspections.rows[1].cells][1]
    assert title == max(cell.width.cm for cell in inspections.rows[1].cells)


def test_both_charts_are_pictures_with_their_words_as_alt_text() -> None:
    report = sample_report()
    word = opened(report_docx(report))
    shapes = word.inline_shapes
    assert len(shapes) == 2
    assert [s._inline.docPr.get("descr") for s in shapes] == [
        publication_alt(report),
        status_alt(report),
    ]
    assert all(15.5 < s.width.cm <= 15.92 for s in shapes)  # the text's width on A4
    images = [r.target_part.content_type for r in word.part.rels.values() if "image" in r.reltype]
    assert images == ["image/png", "image/png"]


def test_an_empty_period_says_so_instead_of_empty_tables() -> None:
    word = opened(report_docx(sample_report(inspections=(), actions=(), awaiting_answer=0)))
    texts = [p.text for p in word.paragraphs]
    assert "No inspection report was published in this period." in texts
    assert "No action is past its target date." in texts
    assert "No response was late." in texts
    assert len(word.tables) == 2  # by status and by RAG, all noughts
    assert len(word.inline_shapes) == 2
    assert not any("None" in text for text in texts)


def test_the_file_is_dated_the_reports_day_and_is_the_same_bytes_each_time() -> None:
    first = report_docx(sample_report())
    properties = opened(first).core_properties
    assert properties.created == properties.modified == datetime(2024, 11, 20, tzinfo=UTC)
    assert properties.title == "Section 55 compliance report: Norfolk, 2024"
    assert {e.date_time for e in zipfile.ZipFile(io.BytesIO(first)).infolist()} == {
        (1980, 1, 1, 0, 0, 0)
    }
    script = (
        "import sys\n"
        "from bot.documents.compliance.docx import report_docx\n"
        "from tests.bot.documents.compliance.sample import sample_report\n"
        "sys.stdout.buffer.write(report_docx(sample_report()))\n"
    )
    other = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPOSITORY,
        env={**os.environ, "PYTHONHASHSEED": "77"},
        capture_output=True,
        check=True,
    ).stdout
    assert first == report_docx(sample_report()) == other


def test_charts_drawn_already_for_the_post_give_the_same_file_with_those_pictures() -> None:
    report = sample_report()
    pngs = (publication_chart(report, "png"), status_chart(report, "png"))
    assert report_docx(report, pngs) == report_docx(report)
    # The pictures are the ones given: swapped, they swap places in the file.
    assert _pictures(report_docx(report, pngs)) == list(pngs)
    assert _pictures(report_docx(report, pngs[::-1])) == list(pngs[::-1])


def _pictures(data: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [archive.read(n) for n in archive.namelist() if n.endswith(".png")]
