"""The Word files look like the office's own (docs/rules.md#r16): A4 with the seeds' one-inch
margins, Arial, black bold headings defined once (bot.documents.word_style), never python-docx's
blue template headings; the office-use lines with one mark each. Read back from the files as Word
would open them, and once rendered by LibreOffice where it is installed."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import docx
import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from bot.documents.build import build_document
from bot.documents.compliance.docx import CHART_WIDTH, report_docx
from bot.documents.word_style import TEXT_WIDTH
from bot.documents.writers import to_docx
from bot.domain.steps import DEFAULT_STEPS
from tests.bot.documents.compliance.sample import sample_report
from tests.bot.documents.test_every_sentence_is_true import PUBLISHED, _revision

A4_MM = (210.0, 297.0)
MARGIN_CM = 2.54
HEADINGS = {"Heading 1": 14, "Heading 2": 12, "Heading 3": 11}


def response_docx() -> bytes:
    at = datetime(2024, 6, 12, 13, 2, tzinfo=UTC)
    inspection = SimpleNamespace(
        title="Vetting and anti-corruption part 2",
        published=PUBLISHED,
        inspection_type="National thematic",
        link="https://example.org/vetting-2",
        statutory_deadline=PUBLISHED.replace(month=6, day=24),
        sections=[_revision("findings", text="The register was comprehensive.")],
        items=[],
        responses=[
            SimpleNamespace(kind="cc", revision=1, raw_text="• one\n• two", text=""),
            SimpleNamespace(kind="pcc", revision=1, raw_text="The PCC accepts.", text=""),
        ],
        steps=[SimpleNamespace(step=DEFAULT_STEPS[0], confirmed_at=at, undone_at=None)],
        document_revision=4,
    )
    document = build_document(
        inspection, steps=DEFAULT_STEPS, tz=ZoneInfo("Europe/London"), area="Norfolk"
    )
    return to_docx(document)


FILES = {"response": response_docx, "compliance report": lambda: report_docx(sample_report())}


@pytest.mark.parametrize("name", list(FILES))
def test_the_page_is_a4_with_the_seeds_margins(name: str) -> None:
    section = docx.Document(io.BytesIO(FILES[name]())).sections[0]
    assert (round(section.page_width.mm, 1), round(section.page_height.mm, 1)) == A4_MM
    margins = (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin)
    assert [round(m.cm, 2) for m in margins] == [MARGIN_CM] * 4


@pytest.mark.parametrize("name", list(FILES))
def test_the_headings_are_the_offices_black_arial_not_python_docxs_blue_theme(name: str) -> None:
    word = docx.Document(io.BytesIO(FILES[name]()))
    template = docx.Document()
    normal = word.styles["Normal"]
    assert (normal.font.name, normal.font.size.pt) == ("Arial", 11)
    used = {p.style.name for p in word.paragraphs}
    assert {"Heading 1", "Heading 2"} <= used
    for style_name, size in HEADINGS.items():
        style = word.styles[style_name]
        font = style.font
        assert (font.name, font.size.pt, font.bold, str(font.color.rgb)) == (
            "Arial",
            size,
            True,
            "000000",
        ), style_name
        fonts = style.element.rPr.find(qn("w:rFonts"))
        colour = style.element.rPr.find(qn("w:color"))
        assert fonts.get(qn("w:asciiTheme")) is None and colour.get(qn("w:themeColor")) is None
        default = template.styles[style_name].font
        assert (default.name, str(default.color.rgb)) != (font.name, str(font.color.rgb))


def test_the_office_use_lines_have_one_mark_each() -> None:
    word = docx.Document(io.BytesIO(response_docx()))
    texts = [p.text for p in word.paragraphs]
    office = texts[texts.index("For Office Use Only") + 1 :]
    lines = office[: len(DEFAULT_STEPS)]
    assert lines[0] == f"✓ {DEFAULT_STEPS[0]}: 12 June 2024."
    assert all(line.startswith("☐ ") for line in lines[1:])
    styles = {p.style.name for p in word.paragraphs if p.text in lines}
    assert styles == {"Normal"}  # no bullet before the mark
    assert office[len(DEFAULT_STEPS)] == "Made from revision 4 of the record."


def test_the_compliance_reports_tables_and_charts_fit_between_the_margins() -> None:
    word = docx.Document(io.BytesIO(report_docx(sample_report())))
    section = word.sections[0]
    between = section.page_width - section.left_margin - section.right_margin  # as stored
    assert abs(between - TEXT_WIDTH) < 1000  # EMU: the twips Word keeps round it
    for table in word.tables:
        assert table.style.name == "Table Grid"
        widths = [cell.width for cell in table.rows[0].cells if cell.width is not None]
        assert sum(widths) <= between
    assert all(shape.width <= between for shape in word.inline_shapes)
    assert CHART_WIDTH <= TEXT_WIDTH


@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("name", list(FILES))
def test_libreoffice_renders_it_on_a4_pages(name: str, tmp_path: Path) -> None:
    source = tmp_path / "document.docx"
    source.write_bytes(FILES[name]())
    subprocess.run(
        [
            "libreoffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = PdfReader(tmp_path / "document.pdf")
    for page in pdf.pages:  # points: 595.3 by 841.9 is A4
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    said = "".join(page.extract_text() for page in pdf.pages)
    assert ("For Office Use Only" if name == "response" else "Overdue actions") in said
