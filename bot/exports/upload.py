"""The response document uploaded to the card's thread: asked for, or unasked at sign-off (a
draft for publication) and at completion."""

from __future__ import annotations

from collections.abc import Mapping

from slack_sdk import WebClient

from bot import copy
from bot.documents.files import document_bytes, draft_filename, filename
from bot.domain.errors import NotOnRecord, S55Error
from bot.domain.followups import DOCUMENT_FORMATS, FollowUp, Kind
from bot.domain.inspection import format_reference
from bot.domain.slack_text import mentioned_users
from bot.followups.delivery import committed_inspection
from bot.followups.registry import Deliver, NotYet
from bot.services import Services
from bot.slack.delivery import find_file
from storage.models import Inspection


def upload_to_thread(
    services: Services,
    inspection: Inspection,
    fmts: tuple[str, ...],
    *,
    client: WebClient | None = None,
    number: int = 1,
) -> list[str]:
    """Upload the document in each format to the card's thread; returns the file names.
    ``inspection`` as bot.inspections.records loads it, with its responses and steps;
    ``number``: the how-manyth completion it is posted for (named after the first)."""
    if inspection.card_ts is None:
        raise S55Error(copy.card_needed_first(format_reference(inspection.number)))
    names = _names(services, inspection)
    uploaded = []
    for fmt in fmts:
        name = filename(inspection, fmt, number)
        (client or services.client).files_upload_v2(
            channel=inspection.channel_id,
            thread_ts=inspection.card_ts,
            filename=name,
            title=name,
            file=document_bytes(inspection, fmt, settings=services.settings, names=names),
        )
        uploaded.append(name)
    return uploaded


def upload_items_to_thread(services: Services, inspection: Inspection, csv_text: str) -> str:
    """The items as CSV in the card's thread (`/s55 export S55-3 items`); returns its name."""
    reference = format_reference(inspection.number)
    if inspection.card_ts is None:
        raise S55Error(copy.card_needed_first(reference))
    name = f"{reference}-recommendations-and-afis.csv"
    services.client.files_upload_v2(
        channel=inspection.channel_id,
        thread_ts=inspection.card_ts,
        filename=name,
        title=name,
        content=csv_text,
    )
    return name


def upload_document_once(
    services: Services, inspection_id: int, confirmation_id: int, fmt: str, *, look_first: bool
) -> None:
    """The finished document, uploaded unasked at completion: once (an earlier attempt may
    have reached Slack, so it is looked for first, by a name numbered after the first
    completion so that an earlier completion's file is never taken for it); nothing if the
    last step was undone before it could be posted."""
    inspection = _inspection(services, inspection_id)
    number, undone, _actor = _confirmation(inspection, confirmation_id)
    if undone:
        return
    where = _thread(inspection)
    name = filename(inspection, fmt, number)
    if look_first and find_file(services.client, name=name, **where):
        return
    # Not retried blindly (a lost answer may hide a shared file): the next pass looks first.
    upload_to_thread(services, inspection, (fmt,), client=services.poster, number=number)


def upload_draft_once(
    services: Services, inspection_id: int, confirmation_id: int, *, look_first: bool
) -> None:
    """The document at sign-off, both formats in one message marked draft for publication:
    once (looked for first, like the final one); nothing if that sign-off was undone before
    it could be posted, since the draft would no longer be what was signed off."""
    inspection = _inspection(services, inspection_id)
    number, undone, actor = _confirmation(inspection, confirmation_id)
    if undone:
        return
    where = _thread(inspection)
    reference, revision = format_reference(inspection.number), inspection.document_revision
    names = [draft_filename(inspection, fmt, number) for fmt in DOCUMENT_FORMATS]
    if look_first and find_file(services.client, name=names[0], **where):
        return  # both files were shared in one message: one found is both
    people = _names(services, inspection)
    uploads = [
        {
            "file": document_bytes(inspection, fmt, settings=services.settings, names=people),
            "filename": name,
            "title": copy.draft_document_title(reference, number, fmt),
        }
        for fmt, name in zip(DOCUMENT_FORMATS, names, strict=True)
    ]
    services.poster.files_upload_v2(
        file_uploads=uploads,
        initial_comment=copy.draft_document_comment(reference, number, actor, revision),
        channel=where["channel"],
        thread_ts=where["thread_ts"],
    )


def _thread(inspection: Inspection) -> dict[str, str]:
    """The inspection's card's thread, for an unasked upload (NotYet: no card yet)."""
    if inspection.card_ts is None:
        raise NotYet(f"document for inspection {inspection.id}: no card yet")
    return {"channel": inspection.channel_id, "thread_ts": inspection.card_ts}


def _confirmation(inspection: Inspection, confirmation_id: int) -> tuple[int, bool, str]:
    """The how-manyth confirmation of its step this is for the inspection (undone ones
    included), whether it has been undone since, and who gave it: read from the inspection's
    steps as loaded with it, not by statements of their own (the sign-off click's
    work after its ack)."""
    confirmation = next((s for s in inspection.steps if s.id == confirmation_id), None)
    if confirmation is None:
        raise NotOnRecord(f"no step_confirmation row {confirmation_id} of {inspection.id}")
    number = sum(
        1 for s in inspection.steps if s.step == confirmation.step and s.id <= confirmation.id
    )
    return number, confirmation.undone_at is not None, confirmation.confirmed_by


def _names(services: Services, inspection: Inspection) -> dict[str, str]:
    """Mentions anywhere the document quotes Slack text: the responses and the sections."""
    raw = [r.raw_text for r in inspection.responses] + [s.raw_text for s in inspection.sections]
    return services.people.names(set().union(*map(mentioned_users, raw)))


def _inspection(services: Services, inspection_id: int) -> Inspection:
    return committed_inspection(services, inspection_id)


def _upload_document(services: Services, follow_up: FollowUp, *, look_first: bool) -> None:
    inspection_id, confirmation_id = follow_up.id(0), follow_up.id(1)
    fmt = follow_up.parts[2]
    upload_document_once(services, inspection_id, confirmation_id, fmt, look_first=look_first)


def _upload_draft(services: Services, follow_up: FollowUp, *, look_first: bool) -> None:
    upload_draft_once(services, follow_up.id(0), follow_up.id(1), look_first=look_first)


DELIVERERS: Mapping[Kind, Deliver] = {Kind.UPLOAD: _upload_document, Kind.DRAFT: _upload_draft}
