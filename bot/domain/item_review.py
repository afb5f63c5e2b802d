"""The review of a draft's items before they are recorded: the items as the reader proposed them,
then as the person corrects them: whom each is for (or "not an item"), its words, number and
kind edited, two joined, one split in two, one added by hand. Pure values; bot.items.reviewing
keeps them between the form's pages and records them.

Each item has a ``uid`` that never changes while the review lasts, so that a button pressed on
a form that is a moment old acts on the item it showed, or on nothing if that item is gone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any

from bot import copy
from bot.domain.item_lines import ItemKind
from bot.domain.item_words import DirectedAt, parse_due, propose_directed_at
from bot.domain.items import Doubt, ProposedItem

LEAVE_OUT = "leave_out"
ITEMS_PER_PAGE = 20  # two blocks each: 40 of a modal's 100, with room for the form's own
REVIEW_MAX = 300  # items one review takes (a long national report has about 150)
MAX_NUMBER_CHARS = 20
MAX_TEXT_CHARS = 3000  # what one Slack text input holds


class Origin(StrEnum):
    READ = "read"  # as the reader found it
    EDITED = "edited"
    JOINED = "joined"
    SPLIT = "split"
    ADDED = "added"  # typed by the person


@dataclass(frozen=True)
class ReviewedItem:
    uid: int
    kind: ItemKind
    number: str
    text: str
    due: date | None
    directed_at: DirectedAt
    addressees: tuple[str, ...]
    under: str | None = None
    left_out: bool = False
    origin: Origin = Origin.READ

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(
            kind=self.kind.value,
            due=self.due.isoformat() if self.due else None,
            directed_at=self.directed_at.value,
            addressees=list(self.addressees),
            origin=self.origin.value,
        )
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReviewedItem:
        return cls(
            uid=int(data["uid"]),
            kind=ItemKind(data["kind"]),
            number=str(data["number"]),
            text=str(data["text"]),
            due=date.fromisoformat(data["due"]) if data.get("due") else None,
            directed_at=DirectedAt(data["directed_at"]),
            addressees=tuple(data.get("addressees") or ()),
            under=data.get("under"),
            left_out=bool(data.get("left_out")),
            origin=Origin(data.get("origin") or Origin.READ),
        )


@dataclass(frozen=True)
class ItemWords:
    """What the person typed for an item (edited, split off or added by hand)."""

    kind: ItemKind
    number: str
    text: str
    directed_at: DirectedAt | None = None  # None: propose it from the words
    due: date | None = None


@dataclass(frozen=True)
class ReviewPage:
    """What the form shows: one page of the review's items, and where it is in the whole."""

    review_id: int
    reference: str
    items: list[ReviewedItem]  # this page's
    total: int
    page: int
    pages: int
    doubts: list[Doubt]
    last_uid: int  # the review's last item: it cannot be joined with a next one
    # The kinds whose list the form asks about ("are these all the report makes?": one per
    # section, bot.items.extent), and those the record already says are complete.
    kinds: tuple[ItemKind, ...] = ()
    ticked: frozenset[ItemKind] = frozenset()

    @property
    def first_position(self) -> int:
        return self.page * ITEMS_PER_PAGE


def from_proposal(items: Sequence[ProposedItem]) -> list[ReviewedItem]:
    return [
        ReviewedItem(
            uid=n,
            kind=i.kind,
            number=i.number,
            text=i.text,
            due=i.due,
            directed_at=i.directed_at,
            addressees=i.addressees,
            under=i.under,
        )
        for n, i in enumerate(items, start=1)
    ]


def choose(items: Sequence[ReviewedItem], chosen: dict[int, str]) -> list[ReviewedItem]:
    """Whom each item is for, as picked on the form (``chosen``: uid → a DirectedAt value, or
    LEAVE_OUT); items not on the page keep what they had."""
    out = []
    for item in items:
        pick = chosen.get(item.uid) or ""
        if pick == LEAVE_OUT:
            item = replace(item, left_out=True)
        elif pick in DirectedAt._value2member_map_:
            item = replace(item, directed_at=DirectedAt(pick), left_out=False)
        out.append(item)
    return out


def edit(
    items: Sequence[ReviewedItem], uid: int, words: ItemWords, *, force_name: str | None
) -> list[ReviewedItem]:
    return [
        _worded(item, words, force_name, Origin.EDITED) if item.uid == uid else item
        for item in items
    ]


def add(
    items: Sequence[ReviewedItem], words: ItemWords, *, force_name: str | None
) -> list[ReviewedItem]:
    """A new item typed by the person, after the last of its kind."""
    blank = ReviewedItem(
        uid=_next_uid(items),
        kind=words.kind,
        number=words.number,
        text="",
        due=None,
        directed_at=DirectedAt.FORCE,
        addressees=(),
    )
    new = _worded(blank, words, force_name, Origin.ADDED)
    last_of_kind = max((n for n, i in enumerate(items) if i.kind == words.kind), default=None)
    at = len(items) if last_of_kind is None else last_of_kind + 1
    return [*items[:at], new, *items[at:]]


def join_with_next(items: Sequence[ReviewedItem], uid: int) -> list[ReviewedItem]:
    """The item and the one after it as one: the first's number and kind, both their words."""
    at = next((n for n, i in enumerate(items) if i.uid == uid), None)
    if at is None or at + 1 >= len(items):
        return list(items)
    first, second = items[at], items[at + 1]
    text = f"{first.text}\n\n{second.text}"
    joined = replace(
        first,
        text=text,
        due=first.due or second.due,
        addressees=tuple(dict.fromkeys((*first.addressees, *second.addressees))),
        left_out=first.left_out and second.left_out,
        origin=Origin.JOINED,
    )
    if first.directed_at.needs_answer or second.directed_at.needs_answer:
        # Safe when joined: an answer is asked for if either part needed one.
        joined = replace(
            joined,
            directed_at=first.directed_at if first.directed_at.needs_answer else second.directed_at,
        )
    return [*items[:at], joined, *items[at + 2 :]]


def split(
    items: Sequence[ReviewedItem],
    uid: int,
    first: str,
    second: ItemWords,
    *,
    force_name: str | None,
) -> list[ReviewedItem]:
    """The item in two: its own number with ``first``, and ``second`` after it."""
    at = next((n for n, i in enumerate(items) if i.uid == uid), None)
    if at is None:
        return list(items)
    item = items[at]
    kept = _worded(
        item,
        ItemWords(item.kind, item.number, first, item.directed_at),
        force_name,
        Origin.SPLIT,
    )
    blank = replace(item, uid=_next_uid(items), text="", left_out=False)
    other = _worded(blank, second, force_name, Origin.SPLIT)
    return [*items[:at], kept, other, *items[at + 1 :]]


def first_part(text: str) -> tuple[str, str]:
    """Where a split most likely goes: at the first paragraph break, else the first line
    break, else after the first sentence; ("", "") when there is nothing to cut."""
    for mark in ("\n\n", "\n"):
        head, found, tail = text.partition(mark)
        if found and head.strip() and tail.strip():
            return head.strip(), tail.strip()
    head, found, tail = text.partition(". ")
    if found and tail.strip():
        return head.strip() + ".", tail.strip()
    return text.strip(), ""


def kept(items: Sequence[ReviewedItem]) -> list[ReviewedItem]:
    return [item for item in items if not item.left_out and item.text.strip()]


def _worded(
    item: ReviewedItem, words: ItemWords, force_name: str | None, origin: Origin
) -> ReviewedItem:
    """``item`` with the person's words: whom it is for and its due date proposed again from
    them unless the person said."""
    text = words.text.strip()
    proposed, addressees = propose_directed_at(text, force_name=force_name)
    return replace(
        item,
        kind=words.kind,
        number=words.number.strip()[:MAX_NUMBER_CHARS],
        text=text,
        due=words.due or parse_due(text),
        directed_at=words.directed_at or proposed,
        addressees=addressees,
        under=item.under if words.kind is ItemKind.RECOMMENDATION else None,
        origin=origin if item.origin is not Origin.ADDED else Origin.ADDED,
    )


def _next_uid(items: Sequence[ReviewedItem]) -> int:
    return max((i.uid for i in items), default=0) + 1


def word_problems(words: ItemWords) -> dict[str, str]:
    """What is wrong with typed words, by field ("number", "text"); empty when fine."""
    problems = {}
    if not words.number.strip():
        problems["number"] = copy.ITEM_NO_NUMBER
    elif len(words.number.strip()) > MAX_NUMBER_CHARS:
        problems["number"] = copy.ITEM_NUMBER_TOO_LONG
    if not words.text.strip():
        problems["text"] = copy.ITEM_NO_TEXT
    elif len(words.text) > MAX_TEXT_CHARS:
        problems["text"] = copy.ITEM_TEXT_TOO_LONG
    return problems
