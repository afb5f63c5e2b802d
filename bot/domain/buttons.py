"""What our buttons and menus carry as their ``value``: one typed class per shape, which writes
it (``encode``, for bot.render) and reads it back (``parse``, for handlers). Slack echoes the
value unchanged, but a click can be forged or come from an old message: a value we could not
have written is refused with ForgedValue (copy.BUTTON_NOT_UNDERSTOOD), never crashed on."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar, Protocol, Self

from bot import copy
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
