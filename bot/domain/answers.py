"""The answer to each item (s.55(5B)): what the force and the PCC say about a recommendation or
an area for improvement, and what sign-off waits for."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from bot import copy
from bot.domain.items import DirectedAt, ItemKind

ACTION_MIN_CHARS = 3
OWNER_MAX_CHARS = 200


class ItemResponse(StrEnum):
    ACCEPTED = "accepted"
    PARTIALLY_ACCEPTED = "partially_accepted"
    NOT_ACCEPTED = "not_accepted"
    ALREADY_COMPLIES = "already_complies"

    @property
    def label(self) -> str:
        return copy.ITEM_RESPONSE_LABELS[self.value]

    @property
    def says_action(self) -> bool:
        """The answer says what action has been or will be taken; "not accepted", why none."""
        return self is not ItemResponse.NOT_ACCEPTED

    @property
    def plans_action(self) -> bool:
        """Action still to be taken: someone owns it, by a date."""
        return self in (ItemResponse.ACCEPTED, ItemResponse.PARTIALLY_ACCEPTED)


@dataclass(frozen=True)
class ItemState:
    """An item as the rules see it."""

    kind: ItemKind
    number: str
    directed_at: DirectedAt
    answered: bool

    @property
    def label(self) -> str:
        return item_label(self.kind, self.number)


class StoredItem(Protocol):
    """An item as stored (storage's ReportItem): what the rules read of it."""

    kind: str
    number: str
    directed_at: str

    @property
    def answers(self) -> Sequence[object]: ...


def item_states(items: Iterable[StoredItem]) -> list[ItemState]:
    """The stored items as the rules see them (what sign-off, the card and the digest count)."""
    return [
        ItemState(ItemKind(i.kind), i.number, DirectedAt(i.directed_at), bool(i.answers))
        for i in items
    ]


def item_label(kind: ItemKind, number: str) -> str:
    """ "Recommendation 4", "AFI 2": as the report numbers it, short enough for a list."""
    short = "AFI" if kind is ItemKind.AFI else kind.label
    return f"{short} {number}"


@dataclass(frozen=True)
class Tally:
    kind: ItemKind
    listed: int
    needing: int
    answered: int


def tallies(items: Iterable[ItemState]) -> list[Tally]:
    """Per kind that has items, in the document's order: listed, needing an answer, answered."""
    items = list(items)
    found = []
    for kind in ItemKind:
        mine = [i for i in items if i.kind is kind]
        if mine:
            needing = [i for i in mine if i.directed_at.needs_answer]
            found.append(Tally(kind, len(mine), len(needing), sum(i.answered for i in needing)))
    return found


def unanswered(items: Iterable[ItemState]) -> list[str]:
    """The labels of the items sign-off waits for, in order."""
    return [i.label for i in items if i.directed_at.needs_answer and not i.answered]


def answer_problems(
    response: str | None, action: str, owner: str, target: date | None, *, published: date
) -> dict[str, str]:
    """What is wrong with an answer, field by field (empty when it can be stored)."""
    problems: dict[str, str] = {}
    try:
        chosen = ItemResponse(response or "")
    except ValueError:
        return {"response": copy.ANSWER_NO_RESPONSE}
    if len(action.strip()) < ACTION_MIN_CHARS:
        problems["action"] = (
            copy.ANSWER_NO_ACTION
            if chosen.plans_action or chosen is ItemResponse.ALREADY_COMPLIES
            else copy.ANSWER_NO_REASON
        )
    if len(owner) > OWNER_MAX_CHARS:
        problems["owner"] = copy.answer_owner_too_long(OWNER_MAX_CHARS)
    elif chosen.plans_action and not owner.strip():
        problems["owner"] = copy.ANSWER_NO_OWNER
    if chosen.plans_action and target is None:
        problems["target"] = copy.ANSWER_NO_TARGET
    elif target is not None and target < published:
        problems["target"] = copy.answer_target_too_early(published)
    return problems
