"""The inspection a button, command or form names, found in the change's session."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot import copy
from bot.domain.errors import UnknownInspection
from storage import queries
from storage.models import Inspection


def inspection_named(
    session: Session, inspection_id: int, *, lock: bool = False, loaded: bool = True
) -> Inspection:
    """The inspection a button or form names; a stale or altered one is refused, never
    crashed on. ``loaded``: as storage.queries.find_inspection."""
    inspection = queries.find_inspection(session, inspection_id, lock=lock, loaded=loaded)
    if inspection is None:
        raise UnknownInspection(copy.NO_SUCH_INSPECTION)
    return inspection
