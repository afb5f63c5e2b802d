"""The text of a PDF, read with pypdf within budgets: pages, and the bytes of page content.

A PDF's text lives in its pages' content streams, usually deflated. A small file can hold a
stream that inflates to megabytes, and share it among many pages: pypdf would parse it once
per page (5 MB shown on ten pages: minutes). So before any text is extracted, each page's
content is inflated (pypdf keeps a stream it inflated, so a shared one is inflated once) and
counted once per page that shows it, against ``pdf_content_bytes``; pypdf's own limits are
set to the same budget for whatever it inflates, and it never runs a program (``jbig2dec``)
on the file.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from bot.domain.files import MB, FileProblem, ReaderLimits, unreadable

if TYPE_CHECKING:
    from pypdf import PageObject

_PDF_WINDOW = 1024  # readers accept the end marker in the last KB
# Filters of pictures: a page whose content needs one is a scan, not text.
_IMAGE_FILTERS = {"/DCTDecode", "/JPXDecode", "/JBIG2Decode", "/CCITTFaxDecode"}
_FILTER = re.compile(r"/[A-Za-z0-9]{1,40}")


def text_of_pdf(data: bytes, filename: str, limits: ReaderLimits) -> str:
    # Imported when a PDF arrives: 0.17 s that no process should pay at start-up for it.
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import (
        DependencyError,
        FileNotDecryptedError,
        LimitReachedError,
        PyPdfError,
    )

    if b"%%EOF" not in data[-_PDF_WINDOW:]:  # cut short in the download, or never finished
        raise unreadable(FileProblem.DAMAGED, filename)
    budget = limits.pdf_content_bytes
    try:
        with apply_configuration(
            zlib_maximum_output_length=budget,
            lzw_maximum_output_length=budget,
            run_length_maximum_output_length=budget,
            brotli_maximum_output_length=budget,
            jbig2_maximum_output_length=budget,
            array_based_stream_maximum_output_length=budget,
            jbig2dec_binary=None,
        ):
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                # No password at all opens the many PDFs that only restrict printing or copying.
                raise unreadable(FileProblem.ENCRYPTED, filename)
            pages = list(reader.pages)
            _check_budget(pages, filename, limits)
            return "\n".join(page.extract_text() or "" for page in pages)
    except FileNotDecryptedError:
        raise unreadable(FileProblem.ENCRYPTED, filename) from None
    except LimitReachedError:
        raise unreadable(
            FileProblem.TOO_LARGE_UNPACKED, filename, detail=_content_too_large(budget)
        ) from None
    except (DependencyError, NotImplementedError) as missing:
        raise _needs(str(missing), filename) from None
    except PyPdfError:  # pypdf's own word for a file it could not make sense of
        raise unreadable(FileProblem.DAMAGED, filename) from None


def _check_budget(pages: list[PageObject], filename: str, limits: ReaderLimits) -> None:
    if len(pages) > limits.pdf_pages:
        raise unreadable(
            FileProblem.TOO_LARGE_UNPACKED,
            filename,
            detail=f"it has {len(pages):,} pages; I read up to {limits.pdf_pages:,}",
        )
    left = limits.pdf_content_bytes
    for page in pages:
        contents = page.get_contents()
        left -= len(contents.get_data()) if contents is not None else 0
        if left < 0:
            raise unreadable(
                FileProblem.TOO_LARGE_UNPACKED,
                filename,
                detail=_content_too_large(limits.pdf_content_bytes),
            )


def _content_too_large(budget: int) -> str:
    return f"its pages' content comes to more than {budget // MB} MB"


def _needs(message: str, filename: str) -> Exception:
    """What pypdf lacks: the key of an encryption (AES needs a library we do not ship), or a
    filter: a picture's (a scan) or one no reader has."""
    lowered = message.lower()
    if "jbig2" in lowered:
        return unreadable(FileProblem.IMAGE_COMPRESSION, filename, detail="JBIG2")
    if "aes" in lowered or "cryptography" in lowered or "crypt" in lowered:
        return unreadable(FileProblem.ENCRYPTED, filename)
    named = _FILTER.search(message)
    if named and named.group() in _IMAGE_FILTERS:
        return unreadable(FileProblem.IMAGE_COMPRESSION, filename, detail=named.group()[1:])
    detail = named.group()[1:] if named else ""
    return unreadable(FileProblem.COMPRESSION, filename, detail=detail)
