"""The response document, rendered from stored data: uploaded to the card's thread, or written
to a file by the command line."""

from __future__ import annotations

import logging

from bot import copy
from bot.document.build import build_document
from bot.document.writers import FORMATS, render
from bot.domain.errors import InvalidInput, S55Error
from bot.domain.inspection import format_reference
from bot.domain.slack_text import mentioned_users
from bot.inspections import inspection_by_id
from bot.services import Services
from bot.settings import Settings
from storage.models import Inspection

log = logging.getLogger(__name__)


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


def filename(inspection: Inspection, fmt: str) -> str:
    return f"{format_reference(inspection.number)}-section-55-response.{fmt}"


def upload_to_thread(
    services: Services, inspection: Inspection, fmts: tuple[str, ...]
) -> list[str]:
    """Upload the document in each format to the card's thread; returns the file names.
    ``inspection`` as bot.inspections loads it, with its responses and steps."""
    if inspection.card_ts is None:
        raise S55Error(copy.card_needed_first(format_reference(inspection.number)))
    raw = [response.raw_text for response in inspection.responses]
    names = services.people.names(set().union(*map(mentioned_users, raw)))
    uploaded = []
    for fmt in fmts:
        name = filename(inspection, fmt)
        services.client.files_upload_v2(
            channel=inspection.channel_id,
            thread_ts=inspection.card_ts,
            filename=name,
            title=name,
            file=document_bytes(inspection, fmt, settings=services.settings, names=names),
        )
        uploaded.append(name)
    return uploaded


def upload_finished(services: Services, inspection_id: int) -> None:
    """When the last step is confirmed, the finished .docx and .html go to the thread unasked."""
    try:
        upload_to_thread(services, inspection_by_id(services.db, inspection_id), ("docx", "html"))
    except Exception:  # the steps are recorded; `/s55 export` can still be asked for
        log.exception("finished document for inspection %s not uploaded", inspection_id)


def write_file(settings: Settings, inspection: Inspection, fmt: str, out: str) -> None:
    """``inspection`` as bot.inspections.find_inspection loads it (responses and steps)."""
    with open(out, "wb") as target:
        target.write(document_bytes(inspection, fmt, settings=settings))
