"""The plain text of a report uploaded as PDF, Word (.docx) or text, or a refusal saying why not.

What a file is comes from its bytes, not its name: a PDF starts with ``%PDF-``, a .docx is a zip
holding a Word document, and text is anything that decodes and has no NUL bytes. The filename
is only quoted back in a refusal.

This reads in the calling process, within the byte budgets of ``ReaderLimits``; the bot never
calls it on a file someone shared except inside the box (bot.documents.box), which adds the
CPU, wall-clock and memory limits.
"""

from __future__ import annotations

import struct
import zipfile
import zlib

from bot.documents.pdf_text import text_of_pdf
from bot.documents.word_text import text_of_docx
from bot.domain.files import MB, FileProblem, ReaderLimits, unreadable

DEFAULT_LIMITS = ReaderLimits()
MAX_BYTES = DEFAULT_LIMITS.file_bytes
# PDF readers accept the header anywhere in the first KB.
_PDF_WINDOW = 1024
# pypdf and the zip reader are lenient with damaged files, so what they raise on one is not a
# short list. (lxml's XMLSyntaxError is a SyntaxError.)
_BROKEN = (
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    OSError,
    EOFError,
    RecursionError,
    SyntaxError,
    zlib.error,
    struct.error,
    zipfile.BadZipFile,
)


def text_of(data: bytes, filename: str, limits: ReaderLimits = DEFAULT_LIMITS) -> str:
    """The file's text, lines separated by ``\\n``; UnreadableFile (its ``problem`` says why)
    for a file that is too large (as it is, or once unpacked), not of a kind we read,
    encrypted, compressed in a way we cannot read, damaged, or without text (a scan)."""
    if len(data) > limits.file_bytes:
        raise unreadable(FileProblem.TOO_LARGE, filename, size=len(data), limit=limits.file_bytes)
    if not data.strip():
        raise unreadable(FileProblem.EMPTY, filename)
    try:
        text = _text(data, filename, limits)
    except MemoryError:
        raise unreadable(
            FileProblem.TOO_LARGE_UNPACKED,
            filename,
            detail=f"it needs more than the reader's {limits.memory_bytes // MB} MB of memory",
        ) from None  # (bot.documents.reader says the same when a parser fails near the limit)
    except NotImplementedError as missing:  # a zip compression method we do not have
        raise unreadable(FileProblem.COMPRESSION, filename, detail=str(missing)[:60]) from None
    except RecursionError:
        raise unreadable(FileProblem.DAMAGED, filename) from None
    except RuntimeError:  # the zip reader asks for a password
        raise unreadable(FileProblem.ENCRYPTED, filename) from None
    except _BROKEN:
        raise unreadable(FileProblem.DAMAGED, filename) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not any(character.isalnum() for character in text):
        raise unreadable(FileProblem.NO_TEXT, filename)
    return text


def _text(data: bytes, filename: str, limits: ReaderLimits) -> str:
    if b"%PDF-" in data[:_PDF_WINDOW]:
        return text_of_pdf(data, filename, limits)
    if data.startswith(b"PK\x03\x04"):
        return text_of_docx(data, filename, limits)
    return _text_of_plain(data, filename)


def _text_of_plain(data: bytes, filename: str) -> str:
    """UTF-8 (a BOM dropped), UTF-16 when it says so, else Windows-1252: what Notepad and
    older Word "Save as text" write."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise unreadable(FileProblem.NOT_A_KIND_WE_READ, filename) from None
    if b"\x00" in data:  # images, archives and other binary files all have them
        raise unreadable(FileProblem.NOT_A_KIND_WE_READ, filename)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise unreadable(FileProblem.NOT_A_KIND_WE_READ, filename)
