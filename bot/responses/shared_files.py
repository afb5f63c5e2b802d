"""Files shared with a reply in a card's thread: fetched from Slack, read in the box.

Each file comes to one outcome: its text, or why it gave none (a phrase after "it", the
receipt's note), or "pending" while Slack does not hand it over. Slack failing is asked
again, with waits growing to half a minute, for ``S55_FILE_RETRY_SECONDS`` (Slack's own
retries of an event span about six minutes) before the file is reported unread.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from bot import copy
from bot.documents.box import box_for
from bot.domain.errors import UnreadableFile
from bot.domain.files import FileProblem
from bot.services import Services
from bot.slack.files import FileNotReachable, FileRefused, download_shared_file

log = logging.getLogger(__name__)

FIRST_WAIT_SECONDS = 2.0
LONGEST_WAIT_SECONDS = 30.0


@dataclass(frozen=True)
class FileOutcome:
    name: str
    text: str | None = None  # its text, when read
    reason: str = ""  # why it gave none (copy.file_reason), when not read
    pending: bool = False  # Slack has not handed it over yet


def file_name(shared: dict[str, Any]) -> str:
    return str(shared.get("name") or shared.get("title") or shared.get("id") or "file")


def fetch_and_read(services: Services, shared: dict[str, Any]) -> FileOutcome:
    """One try: the file's text, why not, or pending (Slack did not answer)."""
    name = file_name(shared)
    try:
        found = download_shared_file(services.client, services.settings, str(shared.get("id")))
    except FileNotReachable as failure:
        log.warning("%s not fetched yet: %s", name, failure)
        return FileOutcome(name, pending=True, reason=copy.FILE_PENDING_REASON)
    except FileRefused as refusal:
        log.warning("Slack would not hand %s over: %s", name, refusal.detail)
        return FileOutcome(name, reason=refusal.reason)
    except UnreadableFile as refusal:
        return FileOutcome(name, reason=refusal.reason)
    settings = services.settings
    try:
        read = box_for(settings.reader, settings.readers).read(found.data, found.name)
    except UnreadableFile as refusal:
        return FileOutcome(found.name, reason=refusal.reason)
    return FileOutcome(found.name, text=read.text)


def keep_trying(services: Services, shared: dict[str, Any], *, since: float) -> FileOutcome:
    """Ask again until the file is read, refused, or ``file_retry_seconds`` after ``since``
    (a monotonic time) have passed: then it is unread, Slack not having answered."""
    window = services.settings.file_retry_seconds
    wait = FIRST_WAIT_SECONDS
    while True:
        left = since + window - time.monotonic()
        if left <= 0:
            reason = copy.file_reason(
                FileProblem.SLACK_NOT_ANSWERING.value, detail=copy.for_minutes(window)
            )
            return FileOutcome(file_name(shared), reason=reason)
        time.sleep(min(wait, left))
        wait = min(wait * 2, LONGEST_WAIT_SECONDS)
        outcome = fetch_and_read(services, shared)
        if not outcome.pending:
            return outcome
