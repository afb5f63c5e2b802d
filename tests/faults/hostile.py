"""Hostile files, built in the test (no binary blob is committed): each one the bot must read in
bounded time and memory (docs/rules.md#r24).

Every builder returns the file's bytes. The PDFs are written by hand (object by object, as
tests/bot/documents/made_files.py does); the Word files are python-docx's default document
(Word's own parts and styles) with the body, the list definitions or an extra part replaced
by what the attack needs, zipped with ``zipfile``.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from tests.bot.documents.made_files import _file as pdf_file

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"

ONE_GB = 1024**3
TYPED = "Our response is attached; in short, we accept recommendation 4 in full."


# ---- PDF ---------------------------------------------------------------------------------------


def _pages_sharing(content: bytes, pages: int) -> bytes:
    """A PDF of ``pages`` pages whose one content stream (object 4, given whole) they share."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    first_page = 5
    kids = b" ".join(b"%d 0 R" % (first_page + n) for n in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        font,
        content,
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    ] * pages
    return pdf_file(objects)


def _stream(data: bytes, *, filters: bytes = b"") -> bytes:
    extra = b" /Filter %s" % filters if filters else b""
    return b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(data), extra, data)


def pdf_one_stream_for_ten_pages(inflated: int = 5_000_000, pages: int = 10) -> bytes:
    """About 20 KB: one content stream that inflates to ``inflated`` bytes of text operators,
    shared by every page (so a reader parses it once per page)."""
    line = b"BT /F1 9 Tf 40 800 Td (Recommendation text) Tj ET\n"
    body = line * (inflated // len(line) + 1)
    return _pages_sharing(
        _stream(zlib.compress(body[:inflated], 9), filters=b"/FlateDecode"), pages
    )


def pdf_with_filter(name: bytes) -> bytes:
    """A page whose content stream names a filter: ``/Nonsense`` (no reader has it) or
    ``/JBIG2Decode`` (an image compression, for scans)."""
    return _pages_sharing(_stream(b"\x00\x01 not a stream a reader can decode", filters=name), 1)


def pdf_jbig2() -> bytes:
    return pdf_with_filter(b"/JBIG2Decode")


def pdf_of_size(size: int) -> bytes:
    """A readable PDF padded (with a comment) to exactly ``size`` bytes."""
    text = _stream(b"BT /F1 12 Tf 40 800 Td (Recommendation 1 The force should act.) Tj ET")
    small = _pages_sharing(text, 1)
    head, _, tail = small.partition(b"\n")
    padding = size - len(small) - 2
    return head + b"\n%" + b"p" * padding + b"\n" + tail


# ---- Word --------------------------------------------------------------------------------------


def _template() -> dict[str, bytes]:
    """The parts of python-docx's default document (Word's own styles, 160 of them)."""
    import docx.api

    with zipfile.ZipFile(docx.api._default_docx_path()) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _document(body: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{body}</w:body></w:document>'
    ).encode()


def _paragraph(text: str, numbered: bool = False) -> str:
    num = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
    return f"<w:p>{num if numbered else ''}<w:r><w:t>{text}</w:t></w:r></w:p>"


def _word_file(body: str, *, numbering: str | None = None, image: int | None = None) -> bytes:
    """Word's default document with ``body``; its list definitions replaced by
    ``numbering``; with an image part of ``image`` zero bytes, referenced by the document."""
    parts = _template()
    parts["word/document.xml"] = _document(body)
    if numbering is not None:
        parts["word/numbering.xml"] = numbering.encode()
    if image is not None:
        rels = parts["word/_rels/document.xml.rels"]
        link = f'<Relationship Id="rIdImg" Type="{IMAGE_REL}" Target="media/image1.png"/>'
        parts["word/_rels/document.xml.rels"] = rels.replace(
            b"</Relationships>", link.encode() + b"</Relationships>"
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        if image is not None:
            info = zipfile.ZipInfo("word/media/image1.png", date_time=(2024, 5, 2, 10, 30, 0))
            _write_zeros(archive, info, image)
    return out.getvalue()


def docx_roman_list(start: int = 10_000_000, items: int = 1) -> bytes:
    """About 35 KB: a numbered list in lower roman that starts at ``start``."""
    numbering = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W}">'
        '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
        f'<w:start w:val="{start}"/><w:numFmt w:val="lowerRoman"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )
    body = _paragraph("Recommendations") + "".join(
        _paragraph(f"The force should act on matter {n}.", numbered=True) for n in range(items)
    )
    return _word_file(body, numbering=numbering)


def docx_many_paragraphs(count: int = 100_000) -> bytes:
    """About 46 KB: ``count`` one-letter paragraphs."""
    return _word_file("".join(_paragraph("a") for _ in range(count)))


def docx_encrypted_entries() -> bytes:
    """A Word document whose zip entries say they are encrypted (flag bit 0), as a zip
    password tool leaves them: the zip reader asks for a password."""
    data = bytearray(_word_file(_paragraph("Recommendation 1 The force should act.")))
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at != -1:
            flags = struct.unpack_from("<H", data, at + flag_at)[0]
            struct.pack_into("<H", data, at + flag_at, flags | 0x1)
            at = data.find(signature, at + 4)
    return bytes(data)


def docx_with_zero_image(size: int = ONE_GB) -> bytes:
    """A Word document referencing an image part of ``size`` zero bytes (1 GB: a 1.08 MB
    file; 4 GB: a 4.2 MB one, a ZIP64 entry)."""
    return _word_file(_paragraph("Recommendation 1 The force should act."), image=size)


_CHUNK = 1024 * 1024


class _RepeatedDeflate:
    """Deflating zeros, fast: after a full flush every 1 MB chunk of zeros compresses to the
    same bytes, so they are computed once and handed back for every chunk written."""

    def __init__(self) -> None:
        squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
        self._first = squeeze.compress(bytes(_CHUNK)) + squeeze.flush(zlib.Z_FULL_FLUSH)
        self._again = squeeze.compress(bytes(_CHUNK)) + squeeze.flush(zlib.Z_FULL_FLUSH)
        self._tail = squeeze.flush(zlib.Z_FINISH)
        self._started = False

    def compress(self, data: bytes) -> bytes:
        assert data == bytes(_CHUNK)
        chunk = self._again if self._started else self._first
        self._started = True
        return chunk

    def flush(self) -> bytes:
        return self._tail


def _write_zeros(archive: zipfile.ZipFile, info: zipfile.ZipInfo, size: int) -> None:
    """``size`` zero bytes as the part's content, deflated (see _RepeatedDeflate)."""
    chunks, rest = divmod(size, _CHUNK)
    assert rest == 0, "whole megabytes only"
    info.compress_type = zipfile.ZIP_DEFLATED
    block = bytes(_CHUNK)
    with archive.open(info, "w", force_zip64=size >= 0xFFFFFFFF) as target:
        target._compressor = _RepeatedDeflate()  # type: ignore[attr-defined]
        for _ in range(chunks):
            target.write(block)  # zipfile counts the size and the CRC itself


# ---- other -------------------------------------------------------------------------------------

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92"
    b"\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)


def png_named_txt() -> bytes:
    """A picture, shared under a name that says text."""
    return PNG


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)">'
    b"<script>fetch('/sandbox/screen?as=U0001')</script></svg>"
)
