"""The plain text of a report uploaded as PDF, Word (.docx) or text, or a refusal saying why not.

What a file is comes from its bytes, not its name: a PDF starts with ``%PDF-``, a .docx is a zip
holding ``word/document.xml``, and text is anything that decodes and has no NUL bytes. The
filename is only quoted back in a refusal.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from bot import copy
from bot.documents.word_text import text_of_docx
from bot.domain.errors import UnreadableFile

MAX_BYTES = 20 * 1024 * 1024
# PDF readers accept the header anywhere in the first KB, and the end marker in the last KB.
_PDF_WINDOW = 1024
# pypdf is lenient with damaged files, so what it raises on one is not a short list.
_BROKEN = (
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    OSError,
    RecursionError,
    zlib.error,
    struct.error,
)


def text_of(data: bytes, filename: str) -> str:
    """The file's text, lines separated by ``\\n``; UnreadableFile (its ``reply`` says what to
    send instead) for a file that is too large, not of a kind we read, encrypted, damaged or
    without text (a scan)."""
    if len(data) > MAX_BYTES:
        raise UnreadableFile(copy.file_too_large(filename, len(data), MAX_BYTES))
    if not data.strip():
        raise UnreadableFile(copy.file_empty(filename))
    if b"%PDF-" in data[:_PDF_WINDOW]:
        text = _text_of_pdf(data, filename)
    elif data.startswith(b"PK\x03\x04"):
        text = _text_of_zip(data, filename)
    else:
        text = _text_of_plain(data, filename)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not any(character.isalnum() for character in text):
        raise UnreadableFile(copy.file_without_text(filename))
    return text


def _text_of_pdf(data: bytes, filename: str) -> str:
    # Imported when a PDF arrives: 0.17 s that no process should pay at start-up for it.
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    if b"%%EOF" not in data[-_PDF_WINDOW:]:  # cut short in the download, or never finished
        raise UnreadableFile(copy.file_damaged(filename))
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            # No password at all opens the many PDFs that only restrict printing or copying.
            raise UnreadableFile(copy.file_encrypted(filename))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (FileNotDecryptedError, DependencyError):  # AES needs a library we do not ship
        raise UnreadableFile(copy.file_encrypted(filename)) from None
    except (*_BROKEN, PyPdfError):
        raise UnreadableFile(copy.file_damaged(filename)) from None


def _text_of_zip(data: bytes, filename: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            is_word = "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError):
        raise UnreadableFile(copy.file_damaged(filename)) from None
    if not is_word:  # a spreadsheet, a presentation, an OpenDocument file, a plain zip
        raise UnreadableFile(copy.file_not_readable_kind(filename))
    try:
        return text_of_docx(data)
    except (*_BROKEN, zipfile.BadZipFile, SyntaxError):  # lxml's XMLSyntaxError is one
        raise UnreadableFile(copy.file_damaged(filename)) from None


def _text_of_plain(data: bytes, filename: str) -> str:
    """UTF-8 (a BOM dropped), UTF-16 when it says so, else Windows-1252: what Notepad and
    older Word "Save as text" write."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableFile(copy.file_not_readable_kind(filename)) from None
    if b"\x00" in data:  # images, archives and other binary files all have them
        raise UnreadableFile(copy.file_not_readable_kind(filename))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(copy.file_not_readable_kind(filename))
