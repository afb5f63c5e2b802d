"""The items a recommendations or AFIs draft holds, as proposed to the person confirming it."""

from __future__ import annotations

from bot.domain.items import ItemKind, ProposedItem, split_items
from bot.domain.responses import MessageStatus, ResponseKind, join_parts
from bot.domain.slack_text import to_plain_text
from bot.settings import Settings
from storage.models import ResponseDraft

DEFAULT_KIND = {ResponseKind.RECS: ItemKind.RECOMMENDATION, ResponseKind.AFIS: ItemKind.AFI}


def collects_items(kind: ResponseKind) -> bool:
    return kind in DEFAULT_KIND


def proposed_items(draft: ResponseDraft, settings: Settings) -> list[ProposedItem]:
    """The same draft (the same version) always gives the same items, in the same order."""
    kind = ResponseKind(draft.kind)
    kept = [m.raw_text for m in draft.messages if m.status == MessageStatus.KEPT]
    text = join_parts(to_plain_text(part) for part in kept)
    return split_items(text, force_name=settings.force, default_kind=DEFAULT_KIND[kind])
