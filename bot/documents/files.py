"""The response document as files: its formats, its name and its bytes (no Slack)."""

from __future__ import annotations

from bot import copy
from bot.documents.build import build_document
from bot.documents.writers import FORMATS, render
from bot.domain.errors import InvalidInput
from bot.domain.inspection import format_reference
from bot.settings import Settings
from storage.models import Inspection


def parse_format(text: str | None) -> str:
    fmt = (text or "docx").strip().lower().lstrip(".")
    if fmt == "markdown":
        fmt = "md"
    if fmt not in FORMATS:
        raise InvalidInput(copy.bad_export_format(text or ""))
    return fmt


def document_bytes(
    inspection: Inspection, fmt: str, *, settings: Settings, names: dict[str, str] | None = None
) -> bytes:
    document = build_document(
        inspection, steps=settings.steps, tz=settings.timezone, area=settings.area, names=names
    )
    return render(document, fmt)


def filename(inspection: Inspection, fmt: str, number: int = 1) -> str:
    """``number``: the how-manyth completion (a last step undone and confirmed again)."""
    again = f"-{number}" if number > 1 else ""
    return f"{format_reference(inspection.number)}-section-55-response{again}.{fmt}"


def draft_filename(inspection: Inspection, fmt: str, number: int) -> str:
    """The document posted at sign-off: named as a draft, numbered after the first."""
    marker = copy.draft_for_publication(number).replace(" ", "-")
    return f"{format_reference(inspection.number)}-section-55-response-{marker}.{fmt}"


def write_file(settings: Settings, inspection: Inspection, fmt: str, out: str) -> None:
    """``inspection`` as bot.inspections.records.find_inspection loads it (responses and steps)."""
    with open(out, "wb") as target:
        target.write(document_bytes(inspection, fmt, settings=settings))
