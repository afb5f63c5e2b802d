"""Recommendations and areas for improvement as items, split from a report's own words.

``split_items`` reads a pasted section or a whole report's text (from a file: see
bot.documents.extract) line by line. It never relies on blank lines, because text taken from a
PDF has none where the report had them and the seeds have one after every wrapped line:

* "Recommendation 4:", "Area for improvement 2", "AFI 3", "Recommendation 1 (a)" start an item
  wherever they begin a line; "12. Recommendation 3: …" too (a paragraph-numbered document,
  whose other numbered paragraphs, such as "13. Government response: …", end the item);
* a heading "Recommendations" / "Areas for improvement" opens a list: its "1." / "1)" lines,
  or else its bullets, are the items; prose before the first one is an introduction, and other
  bullets inside an item are part of it. A singular heading ("Recommendation") is followed by
  one unnumbered item;
* a section heading (an ALL-CAPS line, or a short line without final punctuation that follows a
  finished sentence and is not followed by the rest of one) ends the list;
* text with no such heading or label at all is one list of ``default_kind`` (recommendations
  when not given), and so is the start of any text when ``default_kind`` is given.

An item number that appears twice (a response quoting "Recommendation 4" again) is the first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from bot import copy
from bot.domain.item_words import DirectedAt, parse_due, propose_directed_at
from bot.domain.sections import Section

__all__ = [
    "ITEM_KIND_OF",
    "SECTION_OF",
    "DirectedAt",
    "ItemKind",
    "ProposedItem",
    "parse_due",
    "propose_directed_at",
    "split_items",
]


class ItemKind(StrEnum):
    RECOMMENDATION = "recommendation"
    AFI = "afi"

    @property
    def label(self) -> str:
        return copy.ITEM_KIND_LABELS[self.value]


# The report's sections that are items, and the kind of item each holds.
ITEM_KIND_OF: dict[Section, ItemKind] = {
    Section.RECOMMENDATIONS: ItemKind.RECOMMENDATION,
    Section.AREAS_FOR_IMPROVEMENT: ItemKind.AFI,
}
SECTION_OF: dict[ItemKind, Section] = {kind: section for section, kind in ITEM_KIND_OF.items()}


@dataclass(frozen=True)
class ProposedItem:
    """One item as the report words it, with a proposal a person confirms or corrects."""

    kind: ItemKind
    number: str
    text: str
    due: date | None
    directed_at: DirectedAt
    addressees: tuple[str, ...]


_KIND = r"(?P<kind>recommendations?|areas? for improvement|afis?)"
_LABEL = re.compile(
    rf"^(?P<para>\d{{1,3}}[.)]\s+)?{_KIND}\s+(?P<num>\d{{1,3}}[a-z]?)(?:\s*\((?P<sub>[a-z])\))?"
    r"(?![\d/,])\s*[:.\-\u2013\u2014]?\s*(?P<rest>.*)$",
    re.I,
)
_HEADING = re.compile(rf"^{_KIND}(?:\s*\([A-Za-z]+\))?\s*:?$", re.I)
_NUMBERED = re.compile(r"^\(?(?P<num>\d{1,3}[a-z]?)[.)]\s+(?P<rest>\S.*)$")
# Word's bullets come out of a PDF as U+F0B7 (Symbol font) or U+F0A7 (Wingdings) too.
_BULLET = re.compile(r"^(?P<mark>[•●▪■◦‣∙·*\-\u2013\u2014o\uf0b7\uf0a7])\s+(?P<rest>\S.*)$")
# A finished sentence: its stop, then any closing quotes or brackets. A line ending in a bare
# right quote is not one: "National Police Chiefs\u2019" runs on to "Council".
_ENDS_SENTENCE = re.compile(r"[.!?:;][\u201d\"\u2019')\]]*$")
# What begins a sentence: a capital, a figure or an opening quote; "(Paragraph 50…)" after a
# quotation runs on.
_STARTS_PARAGRAPH = re.compile("[A-Z0-9\u201c\u2018\"']")
_HEADING_WORDS = 12
_OPENING_WORDS = 8


def _kind_of(word: str) -> ItemKind:
    return ItemKind.RECOMMENDATION if word.lower().startswith("rec") else ItemKind.AFI


@dataclass
class _Open:
    kind: ItemKind
    number: str
    lines: list[str] = field(default_factory=list)


@dataclass
class _Reader:
    """Where the reading is: in a list of ``kind`` (or outside any), and the item being read."""

    force_name: str | None
    paragraph_numbered: bool
    kind: ItemKind | None = None
    single: bool = False  # under "Recommendation": one unnumbered item
    style: str | None = None  # what starts an item in this list: "number", a bullet, "label"
    current: _Open | None = None
    items: list[ProposedItem] = field(default_factory=list)

    def open_list(self, kind: ItemKind | None, *, single: bool = False) -> None:
        self.close()
        self.kind, self.single, self.style = kind, single, None

    def start(self, kind: ItemKind, number: str | None, first: str, style: str) -> None:
        self.close()
        self.kind, self.style = kind, style
        self.current = _Open(kind, number or self._next_number(kind), [first] if first else [])

    def add(self, line: str) -> None:
        if self.current is not None:
            self.current.lines.append(line)

    def close(self) -> None:
        item, self.current = self.current, None
        if item is None or not item.lines:
            return
        text = _join(item.lines)
        if any(_same_item(old, item.kind, item.number, text) for old in self.items):
            return  # the item quoted again later, e.g. in the chief constable's response
        directed, addressees = propose_directed_at(text, force_name=self.force_name)
        self.items.append(
            ProposedItem(item.kind, item.number, text, parse_due(text), directed, addressees)
        )

    def _next_number(self, kind: ItemKind) -> str:
        taken = {item.number for item in self.items if item.kind == kind}
        number = len(taken) + 1
        while str(number) in taken:
            number += 1
        return str(number)


def _same_item(old: ProposedItem, kind: ItemKind, number: str, text: str) -> bool:
    """The same kind and number, and the same opening words whatever their case: a quotation.
    A list whose numbers start again (a chapter's own "1.") is other items."""
    return (old.kind, old.number) == (kind, number) and _opening(old.text) == _opening(text)


def _opening(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())[:_OPENING_WORDS]


def split_items(
    text: str, *, force_name: str | None, default_kind: ItemKind | None = None
) -> list[ProposedItem]:
    """The recommendations and AFIs in ``text``, in order; [] when none is recognisable."""
    lines = _lines(text)
    reader = _Reader(force_name, paragraph_numbered=any(_is_paragraph_label(x) for x in lines))
    if default_kind is not None or not any(_HEADING.match(x) or _LABEL.match(x) for x in lines):
        reader.open_list(default_kind or ItemKind.RECOMMENDATION)
    for index, line in enumerate(lines):
        before = lines[index - 1] if index else None
        after = lines[index + 1] if index + 1 < len(lines) else None
        _read(reader, line, before, after)
    reader.close()
    return reader.items


def _read(reader: _Reader, line: str, before: str | None, after: str | None) -> None:
    if (label := _LABEL.match(line)) and not line[0].islower():
        number = label["num"].lower() + (label["sub"] or "").lower()
        return reader.start(_kind_of(label["kind"]), number, label["rest"], "label")
    if (heading := _HEADING.match(line)) and line[0].isupper():
        singular = heading["kind"].lower() in ("recommendation", "area for improvement", "afi")
        return reader.open_list(_kind_of(line), single=singular)
    if _NUMBERED.match(line):
        return _read_numbered(reader, line)
    if bullet := _BULLET.match(line):
        return _read_bullet(reader, bullet["mark"], bullet["rest"])
    if reader.current is None and reader.single and reader.kind is not None:
        return reader.start(reader.kind, None, line, "single")
    if reader.current is not None and not reader.current.lines:
        return reader.add(line)  # "AFI 7" alone on its line: this is its text, however short
    if _is_section_heading(line, before, after) and not _list_goes_on(reader, after):
        return reader.open_list(None)
    reader.add(line)


def _list_goes_on(reader: _Reader, after: str | None) -> bool:
    """The line after a heading-like line is the list's next item ("3." after "2.", or the same
    bullet): the line was the last of an item, not a heading."""
    current, numbered = reader.current, _NUMBERED.match(after or "")
    if current is not None and numbered and reader.style == "number":
        return numbered["num"] == _next(current.number)
    bullet = _BULLET.match(after or "")
    return bool(bullet and reader.style == bullet["mark"])


def _next(number: str) -> str:
    return str(int(number) + 1) if number.isdigit() else ""


def _read_numbered(reader: _Reader, line: str) -> None:
    numbered = _NUMBERED.match(line)
    assert numbered is not None
    if reader.paragraph_numbered:  # "13. Government response: …" ends the item before it
        return reader.open_list(None)
    # Under a singular heading, a numbered line starts a list all the same.
    first_of_single = reader.single and reader.current is None
    if (
        reader.kind is not None
        and reader.style in (None, "number")
        and (not reader.single or first_of_single)
    ):
        reader.single = False
        return reader.start(reader.kind, numbered["num"].lower(), numbered["rest"], "number")
    reader.add(line)


def _read_bullet(reader: _Reader, mark: str, rest: str) -> None:
    in_list = reader.kind is not None and not reader.single and reader.style in (None, mark)
    if in_list and (reader.current is None or reader.style == mark):
        return reader.start(reader.kind, None, rest, mark)
    reader.add("• " + rest)


def _is_paragraph_label(line: str) -> bool:
    label = _LABEL.match(line)
    return bool(label and label["para"])


def _is_section_heading(line: str, before: str | None, after: str | None) -> bool:
    """An ALL-CAPS line, or a short title after a finished sentence that does not run on."""
    letters = [c for c in line if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters):
        return True
    return (
        line[0].isupper()
        and len(line.split()) <= _HEADING_WORDS
        and not _ENDS_SENTENCE.search(line)
        and not line.endswith(",")
        and (before is None or bool(_ENDS_SENTENCE.search(before) or _HEADING.match(before)))
        and (after is None or not after[0].islower())
    )


def _lines(text: str) -> list[str]:
    """Non-blank lines, each with its runs of spaces (and non-breaking spaces) made one."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def _join(lines: list[str]) -> str:
    """The item's lines as its text: a wrapped line runs on, a line after a finished sentence
    starts a paragraph ("\\n\\n"), each bullet starts a line."""
    text = lines[0]
    for line in lines[1:]:
        if line.startswith("• "):
            text += "\n" + line
        elif text.endswith("-") and not text.endswith(" -") and line[0].islower():
            text += line  # "re-" + "occurrence"
        elif _ENDS_SENTENCE.search(text) and _STARTS_PARAGRAPH.match(line):
            text += "\n\n" + line
        else:
            text += " " + line
    return text
