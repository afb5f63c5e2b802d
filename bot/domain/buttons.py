"""What our buttons and menus carry as their ``value``: one typed class per shape, which writes
it (``encode``, for bot.render) and reads it back (``parse``, for handlers), and one table
(``VALUES``) from each action ID to the class its value is. Slack echoes the value unchanged,
but a click can be forged or come from an old message: a value we could not have written is
refused with ForgedValue (copy.BUTTON_NOT_UNDERSTOOD), never crashed on."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar, Protocol, Self

from bot import copy, ids
from bot.domain.errors import S55Error
from bot.domain.items import ItemKind

ID = re.compile(r"[0-9]{1,9}")  # database IDs; longer would overflow an INTEGER column


class ForgedValue(S55Error):
    """A button value we did not write."""

    def __init__(self) -> None:
        super().__init__(copy.BUTTON_NOT_UNDERSTOOD)


def whole_number(text: str) -> int:
    if not ID.fullmatch(text):
        raise ForgedValue
    return int(text)


class ButtonValue(Protocol):
    def encode(self) -> str: ...

    @classmethod
    def parse(cls, value: str) -> Self: ...


@dataclass(frozen=True)
class DraftVersion:
    """``<draft>:<version>``: a click on a receipt older than the draft is refused."""

    draft: int
    version: int

    def encode(self) -> str:
        return f"{self.draft}:{self.version}"

    @classmethod
    def parse(cls, value: str) -> DraftVersion:
        first, _, second = value.partition(":")
        return cls(whole_number(first), whole_number(second))


@dataclass(frozen=True)
class InspectionKind:
    """``<inspection>:<kind>``: a response or section of an inspection (the kind is checked
    by the listener, which knows which kinds it takes)."""

    inspection: int
    kind: str

    def encode(self) -> str:
        return f"{self.inspection}:{self.kind}"

    @classmethod
    def parse(cls, value: str) -> InspectionKind:
        first, _, second = value.partition(":")
        return cls(whole_number(first), second)


@dataclass(frozen=True)
class InspectionStep:
    """``<inspection>|<step>``: an office-use step (its name may hold a colon)."""

    inspection: int
    step: str

    def encode(self) -> str:
        return f"{self.inspection}|{self.step}"

    @classmethod
    def parse(cls, value: str) -> InspectionStep:
        first, _, step = value.partition("|")
        return cls(whole_number(first), step)


@dataclass(frozen=True)
class ListExtent:
    """``<inspection>:<kind>:complete|partial``: /s55 recs's list line button."""

    EXTENTS: ClassVar[dict[str, bool]] = {"complete": True, "partial": False}

    inspection: int
    kind: ItemKind
    complete: bool

    def encode(self) -> str:
        return f"{self.inspection}:{self.kind.value}:{'complete' if self.complete else 'partial'}"

    @classmethod
    def parse(cls, value: str) -> ListExtent:
        parts = value.split(":")
        if len(parts) != 3:
            raise ForgedValue
        inspection, kind, extent = parts
        if kind not in ItemKind._value2member_map_ or extent not in cls.EXTENTS:
            raise ForgedValue
        return cls(whole_number(inspection), ItemKind(kind), cls.EXTENTS[extent])


@dataclass(frozen=True)
class CardMenuChoice:
    """The card's overflow menu: ``<choice>:<inspection>``, or ``<choice>:<kind>:<inspection>``
    for asking for a section (the choices are bot.ids.MENU_*; the listener checks them)."""

    choice: str
    inspection: int
    kind: str = ""

    def encode(self) -> str:
        middle = f"{self.kind}:" if self.kind else ""
        return f"{self.choice}:{middle}{self.inspection}"

    @classmethod
    def parse(cls, value: str) -> CardMenuChoice:
        choice, _, rest = value.partition(":")
        kind, _, inspection = rest.rpartition(":")
        return cls(choice, whole_number(inspection), kind)


@dataclass(frozen=True)
class Number:
    """``<n>``: a button about one thing (an inspection, an item, an item in a review), a page
    to turn to, or days to snooze for."""

    number: int

    def encode(self) -> str:
        return str(self.number)

    @classmethod
    def parse(cls, value: str) -> Number:
        return cls(whole_number(value))


@dataclass(frozen=True)
class Year:
    """``<yyyy>``: the Home tab's "Post the 2026 report" (whether the year has begun is the
    listener's to check: it knows today)."""

    year: int

    def encode(self) -> str:
        return f"{self.year:04d}"

    @classmethod
    def parse(cls, value: str) -> Year:
        if not re.fullmatch(r"[0-9]{4}", value):
            raise ForgedValue
        return cls(int(value))


# Every action whose value we write, and what its value is: a listener reads a value through
# this table (handlers.values.pressed), so a button and its listener cannot disagree, and a
# new button without a row here fails tests/bot/domain/test_buttons.py.
VALUES: Mapping[str, type[ButtonValue]] = {
    ids.USE_DRAFT: DraftVersion,
    ids.START_AGAIN: DraftVersion,
    ids.REVIEW_DRAFT: DraftVersion,
    ids.REVIEW_ITEMS: DraftVersion,
    ids.REPLACE_RESPONSE: InspectionKind,
    ids.SECTION_NONE: InspectionKind,
    ids.CONFIRM_STEP: InspectionStep,
    ids.UNDO_STEP: InspectionStep,
    ids.LIST_EXTENT_BUTTON: ListExtent,
    ids.CARD_MENU: CardMenuChoice,
    ids.NOT_REQUIRED: Number,
    ids.ANSWER_ITEM: Number,
    ids.ASK_FOR_ITEMS: Number,
    ids.UPDATE_PROGRESS: Number,
    ids.RESUME_NUDGES: Number,
    ids.RESUME_ITEM_NUDGES: Number,
    ids.SNOOZE_CHOICE: Number,
    ids.REVIEW_EDIT: Number,
    ids.REVIEW_SPLIT: Number,
    ids.REVIEW_JOIN: Number,
    ids.REVIEW_ADD: Number,
    ids.REVIEW_PAGE_PREVIOUS: Number,
    ids.REVIEW_PAGE_NEXT: Number,
    ids.POST_REPORT: Year,
}
