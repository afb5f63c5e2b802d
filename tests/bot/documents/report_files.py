"""A fixture report made into the files an office is sent, in the test: a Word document written
with python-docx, and a typeset PDF written with ReportLab, with what a published PDF has that
pasted text has not: a running title at the top of each page and its number at the foot, words
hyphenated at line ends (ReportLab's hyphenation, with pyphen's en_GB patterns: the same
patterns LibreOffice uses), optionally two columns and the "fi"/"fl" ligatures of a TrueType
font.

Why ReportLab and not LibreOffice converting the .docx: it is a wheel from PyPI that CI
installs with the test extras, it typesets a page in milliseconds (a conversion starts a
LibreOffice process: seconds each), and it puts exactly the furniture asked for where it is
asked for, so a failing test points at the reader, not at a converter's defaults.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

WRAPPED = 80  # the fixtures' lines are wrapped at about 95 characters: longer ones run on
_BULLET = re.compile(r"^[\u2022\u00b7\-]\s+")
_FINISHED = re.compile(r"[.:;!?]$")
_TRUETYPE = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def paragraphs(text: str) -> list[str]:
    """The fixture's paragraphs as an author typed them: a line wrapped mid-sentence runs on
    into the next."""
    out: list[str] = []
    joining = False
    for line in text.splitlines():
        line = line.strip()
        if not line:
            joining = False
            continue
        runs_on = joining and out and not _BULLET.match(line)
        if runs_on and (line[0].islower() or not _FINISHED.search(out[-1])):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        joining = len(line) >= WRAPPED
    return out


def docx_report(text: str) -> bytes:
    """A Word document: a paragraph each, bullets as Word's own list (no typed glyph)."""
    document = Document()
    for paragraph in paragraphs(text):
        if _BULLET.match(paragraph):
            document.add_paragraph(_BULLET.sub("", paragraph), style="List Bullet")
        else:
            document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_report(
    text: str, *, title: str, columns: int = 1, ligatures: bool = False, width: float = 1.0
) -> bytes:
    """A typeset A4 PDF: justified, hyphenated, ``title`` at the top of every page and "Page
    N" at its foot, in ``columns`` columns; ``ligatures``: in DejaVu Sans, with the
    typographic "fi" and "fl" (as a designer's PDF has them); ``width``: of the column, to
    move the line ends (and so the hyphens) about."""
    font = "Helvetica"
    if ligatures:
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(_TRUETYPE)))
        font = "DejaVuSans"
    body = ParagraphStyle(
        "body",
        fontName=font,
        fontSize=10,
        leading=13,
        alignment=4,  # justified, as reports are set
        hyphenationLang="en_GB",
        spaceAfter=4,
    )
    bullet = ParagraphStyle("bullet", parent=body, leftIndent=12, bulletIndent=2)
    out = io.BytesIO()
    left, bottom, gap = 20 * mm, 20 * mm, 8 * mm
    full = (A4[0] - 2 * left) * width
    column = (full - gap * (columns - 1)) / columns
    frames = [
        Frame(left + n * (column + gap), bottom, column, A4[1] - 2 * bottom, id=f"c{n}")
        for n in range(columns)
    ]

    def furniture(canvas: object, doc: BaseDocTemplate) -> None:
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFont("Helvetica", 8)  # type: ignore[attr-defined]
        canvas.drawString(left, A4[1] - 12 * mm, title)  # type: ignore[attr-defined]
        canvas.drawRightString(A4[0] - left, 10 * mm, f"Page {doc.page}")  # type: ignore[attr-defined]
        canvas.restoreState()  # type: ignore[attr-defined]

    document = BaseDocTemplate(out, pagesize=A4, title=title)
    document.addPageTemplates([PageTemplate(id="page", frames=frames, onPage=furniture)])
    story = []
    for paragraph in paragraphs(text):
        words = _ligatures(paragraph) if ligatures else paragraph
        if _BULLET.match(words):
            story.append(Paragraph(escape(_BULLET.sub("", words)), bullet, bulletText="\u2022"))
        else:
            story.append(Paragraph(escape(words), body))
    document.build(story)
    return out.getvalue()


def _ligatures(words: str) -> str:
    return words.replace("fi", "\ufb01").replace("fl", "\ufb02")
