"""Files made in the test from a seed's text: a PDF written by hand (no PDF library writes
text, and we add no dependency to make one) and a Word document written with python-docx."""

from __future__ import annotations

import io
import re
import textwrap

from docx import Document

LINES_PER_PAGE = 60
WRAP = 100  # characters per line, as a typeset page would have them
_NUMBERED = re.compile(r"^(\d{1,3})\.\s+")


def pdf_of(text: str) -> bytes:
    """A PDF of ``text`` in Helvetica, one ``Tj`` per line, long lines wrapped, 60 to a page."""
    lines: list[str] = []
    for line in text.splitlines():
        lines.extend(textwrap.wrap(line, WRAP, break_on_hyphens=False) or [""])
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", font]
    kids = []
    for page in pages:
        stream = _content(page)
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        kids.append(len(objects) + 1)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
            b"<< /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (len(objects) - 0)
        )
    refs = b" ".join(b"%d 0 R" % kid for kid in kids)
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (refs, len(kids))
    return _file(objects)


def _content(lines: list[str]) -> bytes:
    parts = [b"BT /F1 10 Tf 12 TL 40 800 Td"]
    for line in lines:
        encoded = line.encode("cp1252", errors="replace")
        escaped = encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        parts.append(b"(%s) Tj T*" % escaped if line else b"T*")
    parts.append(b"ET")
    return b"\n".join(parts)


def _file(objects: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def docx_of(text: str) -> bytes:
    """A Word document with a paragraph per line; "12. …" lines become "List Number"
    paragraphs without their typed number, as Word keeps a numbered list."""
    document = Document()
    for line in text.splitlines():
        if not line.strip():
            continue
        if numbered := _NUMBERED.match(line.strip()):
            document.add_paragraph(line.strip()[numbered.end() :], style="List Number")
        else:
            document.add_paragraph(line.strip())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
