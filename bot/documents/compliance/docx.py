"""The compliance report as a Word file: the same words and tables as its page (content.py),
the two charts as PNG pictures with their alt text, on the office's A4 page in its own styles
(bot.documents.word_style, as the response document). The same report gives the same bytes:
the file's dates are the report's day, and its zip entries carry no clock time."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, time

from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph

from bot import copy
from bot.documents.compliance import charts
from bot.documents.compliance.content import Table, content
from bot.documents.word_style import TABLE_STYLE, header_cell, office_document
from bot.domain.compliance import ComplianceReport

CHART_WIDTH = Cm(15.8)  # the text's width on the office's page, with a little air
LATE = RGBColor(0xB7, 0x1C, 0x1C)
MUTED = RGBColor(0x55, 0x55, 0x55)
_EMPHASISED = {"late": LATE, "red": LATE, "amber": RGBColor(0x8A, 0x53, 0x00)}
# Columns in cm (15.9 of the 15.92 between the margins), so a title or an action gets the
# room, not a date; none narrower than its longest word ("Reference", "Published",
# "disproportionality": Arial's widths at these sizes, plus the cell's 0.38 cm of padding), or
# Word and LibreOffice break the word in two ("Publish / ed"); an item's label ("Recommendation
# 12") on one line.
_WIDTHS = {
    copy.REPORT_INSPECTION_COLUMNS: (1.8, 3.3, 1.85, 1.85, 1.85, 1.75, 1.85, 1.65),
    copy.REPORT_OVERDUE_COLUMNS: (1.8, 3.25, 4.05, 2.6, 1.9, 2.3),
    copy.REPORT_ACTION_COLUMNS: (1.8, 3.25, 3.35, 1.9, 3.4, 2.2),
}
HEADER_SIZE, CELL_SIZE = Pt(8), Pt(8.5)  # a header's words fit their column whole
# Zip entries otherwise carry the time they were written: the earliest time zip can say.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def report_docx(report: ComplianceReport, pngs: tuple[bytes, bytes] | None = None) -> bytes:
    """``pngs``: the publication and the status chart as PNG, when the caller has drawn them
    already (the report's post uploads them beside this file): the same bytes, not drawn twice
    (two thirds of the time this file takes)."""
    publication_png, status_png = pngs or (
        charts.publication_chart(report, "png"),
        charts.status_chart(report, "png"),
    )
    said = content(report)
    word = _document(report, said.title)
    word.add_heading(said.title, level=1)
    word.add_paragraph(said.scope)
    _muted(word.add_paragraph(said.rule))
    word.add_heading(copy.REPORT_SUMMARY, level=2)
    for line in said.summary:
        word.add_paragraph(line, style="List Bullet")
    word.add_heading(copy.REPORT_LATE, level=2)
    for line in said.late:
        word.add_paragraph(line, style="List Bullet")
    if not said.late:
        word.add_paragraph(copy.REPORT_NONE_LATE)
    word.add_heading(copy.REPORT_INSPECTIONS, level=2)
    _table_or(word, said.inspections, copy.REPORT_NO_INSPECTIONS, emphasis_column=-1)
    word.add_heading(copy.REPORT_PUBLICATION, level=2)
    _chart(word, publication_png, charts.publication_alt(report))
    word.add_heading(copy.REPORT_ACTIONS, level=2)
    word.add_heading(copy.REPORT_BY_STATUS, level=3)
    _table(word, said.by_status)
    word.add_heading(copy.REPORT_BY_RAG, level=3)
    _table(word, said.by_rag)
    _muted(word.add_paragraph(copy.REPORT_RAG_DERIVED))
    word.add_heading(copy.REPORT_STATUS_OVER_TIME, level=3)
    _chart(word, status_png, charts.status_alt(report))
    word.add_heading(copy.REPORT_OVERDUE, level=2)
    _table_or(word, said.overdue, copy.REPORT_NO_OVERDUE)
    word.add_heading(copy.REPORT_EACH_ACTION, level=2)
    _table_or(word, said.actions, copy.REPORT_NO_ACTIONS, emphasis_column=-1)
    if said.notes:
        word.add_heading(copy.REPORT_NOTES, level=2)
        for note in said.notes:
            word.add_paragraph(note, style="List Bullet")
    return _fixed_zip(word)


def _document(report: ComplianceReport, title: str) -> Document:
    word = office_document()
    properties = word.core_properties
    properties.title = title
    properties.subject = report.period.label
    properties.author = properties.last_modified_by = ""  # the template's is python-docx's
    # The report's day, not the moment of writing: the same report is the same file.
    written = datetime.combine(report.as_of, time(), tzinfo=UTC)
    properties.created = properties.modified = written
    properties.revision = 1
    return word


def _table_or(
    word: Document, table: Table, nothing: str, emphasis_column: int | None = None
) -> None:
    if table.rows:
        _table(word, table, emphasis_column)
    else:
        word.add_paragraph(nothing)


def _table(word: Document, table: Table, emphasis_column: int | None = None) -> None:
    """A header row that repeats on each page, one row per line, the late or red ones marked."""
    added = word.add_table(rows=1, cols=len(table.header))
    added.style = word.styles[TABLE_STYLE]
    added.alignment = WD_TABLE_ALIGNMENT.LEFT
    for cell, text in zip(added.rows[0].cells, table.header, strict=True):
        _cell(cell, text, bold=True)
        header_cell(cell)
    _repeat_header(added.rows[0])
    for index, row in enumerate(table.rows):
        cells = added.add_row().cells
        kind = table.kinds[index] if table.kinds else ""
        for column, (cell, text) in enumerate(zip(cells, row, strict=True)):
            emphasised = emphasis_column is not None and column == len(row) + emphasis_column
            _cell(cell, text, colour=_EMPHASISED.get(kind) if emphasised else None)
    _widths(added, _WIDTHS.get(table.header))
    word.add_paragraph()


def _widths(table: DocxTable, widths: tuple[float, ...] | None) -> None:
    """Word reads each cell's width, not the column's: both are set."""
    if widths is None:
        return
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _cell(cell: _Cell, text: str, *, bold: bool = False, colour: RGBColor | None = None) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)  # the page's space between paragraphs
    run = paragraph.add_run(text)
    run.font.size = HEADER_SIZE if bold else CELL_SIZE
    run.bold = bold or colour is not None or None
    if colour is not None:
        run.font.color.rgb = colour


def _repeat_header(row: _Row) -> None:
    """Word's "repeat as header row": no python-docx API, so the documented w:tblHeader."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _chart(word: Document, png: bytes, alt: str) -> None:
    """The picture, with its words as alt text (Word's "Description") and as a caption."""
    shape = word.add_picture(io.BytesIO(png), width=CHART_WIDTH)
    shape._inline.docPr.set("descr", alt)
    caption = word.add_paragraph()
    caption.add_run(alt).italic = True
    _muted(caption)


def _muted(paragraph: Paragraph) -> None:
    paragraph.paragraph_format.space_after = Pt(8)
    for run in paragraph.runs:
        run.font.color.rgb = MUTED
        run.font.size = Pt(9.5)


def _fixed_zip(word: Document) -> bytes:
    """The saved file rewritten entry by entry, in the same order, with a fixed time."""
    saved = io.BytesIO()
    word.save(saved)
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(entry.filename))
    return out.getvalue()
