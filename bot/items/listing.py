"""`/s55 recs S55-3`: the items on record with their state, or, before there are any, a request
for them in the card's thread."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.changes.named import inspection_named
from bot.documents.items_csv import items_csv
from bot.domain.inspection import State, format_reference
from bot.domain.items import ItemKind
from bot.domain.publication import signed_off
from bot.items.answering import ANSWERABLE
from bot.items.extent import list_extents
from bot.render.progress import Followed
from bot.services import Services
from storage import items as item_store
from storage.db import Database
from storage.items import UNFOLLOWED_STATES
from storage.models import ReportItem


@dataclass
class Listed:
    reference: str
    inspection_id: int
    items: list[ReportItem]
    answerable: bool  # answers can change, by this person (once signed off, an approver)
    followed: Followed  # how its answered items' progress reads today, and if it can change
    signed_off: bool = False  # the answers stand as signed off (an approver's change reopens)
    extent: dict[ItemKind, bool | None] = field(default_factory=dict)  # each list complete?


def items_on_record(services: Services, inspection_id: int, *, actor: str) -> Listed:
    with services.db.session(read_only=True) as session:
        inspection = inspection_named(session, inspection_id)
        items = list(item_store.items_of(session, inspection_id))
        extent = list_extents(inspection)
        session.expunge_all()  # answers and progress were loaded with the items
    state = State(inspection.state)
    fixed = signed_off(state)
    answerable = state in ANSWERABLE and (not fixed or services.is_approver(actor))
    followed = Followed(
        today=services.today(),
        warning_days=services.settings.action_warning_days,
        can_update=inspection.state not in UNFOLLOWED_STATES,
    )
    reference = format_reference(inspection.number)
    return Listed(reference, inspection_id, items, answerable, followed, fixed, extent)


def items_as_csv(db: Database, inspection_id: int | None = None, *, steps: Sequence[str]) -> str:
    """Every item on record (of one inspection, or of all but the withdrawn), as CSV;
    ``steps``: the office's (its publishing step says which responses are published)."""
    with db.session(read_only=True) as session:
        if inspection_id is None:
            items = item_store.all_items(session)
        else:
            items = item_store.items_of(session, inspection_id)
        return items_csv(items, steps=steps)
