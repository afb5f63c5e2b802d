"""The items a recommendations or AFIs draft holds, as proposed to the person confirming it."""

from __future__ import annotations

from collections.abc import Iterable

from bot.domain.items import ItemKind, ItemsRead, read_items
from bot.domain.responses import MessageStatus, ResponseKind, join_parts
from bot.domain.slack_text import to_plain_text
from bot.settings import Settings
from storage.models import DraftMessage, ResponseDraft

DEFAULT_KIND = {ResponseKind.RECS: ItemKind.RECOMMENDATION, ResponseKind.AFIS: ItemKind.AFI}


def collects_items(kind: ResponseKind) -> bool:
    return kind in DEFAULT_KIND


def draft_text(draft: ResponseDraft) -> str:
    """The words of the draft's kept parts, as plain text, in order."""
    return messages_text(draft.messages)


def messages_text(messages: Iterable[DraftMessage]) -> str:
    """The words of the kept ones of a draft's messages (in Slack's order), as plain text."""
    return join_parts(kept_parts(messages))


def kept_parts(messages: Iterable[DraftMessage]) -> list[str]:
    """The plain text of each kept message, in order: the parts messages_text joins (a
    receipt reads a draft's items on from the newest of them: bot.domain.items_so_far)."""
    return [to_plain_text(m.raw_text) for m in messages if m.status == MessageStatus.KEPT]


def read_proposal(kind: ResponseKind, text: str, settings: Settings) -> ItemsRead:
    """The same draft (the same version) always gives the same items, in the same order. Call
    it with no database session open: reading a long report is the slow part."""
    return read_items(text, force_name=settings.force, default_kind=DEFAULT_KIND[kind])
