"""Recommendations, causes of concern and areas for improvement as items, read from a report's
own words: a pasted section, or a whole report's text (from a file: see bot.documents.extract).

``read_items`` reads line by line, once (linear in the text: issue 24), never relying on blank
lines, since text taken from a PDF has none where the report had them:

* a label starts an item wherever it stands: "Recommendation 4:", "Area for improvement 2",
  "AFI 3", "Cause of concern 1", "Action for Further Improvement (AFI) 7 - …",
  "Recommendation • The force should…", "12. Recommendation 3: …" (a paragraph-numbered
  document, whose other numbered paragraphs, such as "13. Government response: …", end it);
* a heading ("Recommendations", "Areas for Improvement (8)", "Causes of concern") opens a list:
  its "1." lines, or its bullets, or its paragraphs that say who should act, are the items; a
  singular heading ("Recommendation", "Cause of concern") is followed by one item. A register's
  "1" alone on its line, then its status ("Completed"), starts item 1;
* an item ends at the next label or heading, a section heading, page furniture after a
  finished sentence, a status log ("Update 03/2016: …") or meeting and response boilerplate
  ("RESOLVED, that…", "Supporting documents:", "Chief Constable's response");
* a lead-in ending in a colon keeps the bullets under it: one item;
* recommendations after a cause of concern are *under* it until the next cause, the areas for
  improvement or a section heading; innovative and promising practice is read past, and noted;
* text with no heading or label at all is one list of ``default_kind`` (recommendations when
  not given), and so is the start of any text when ``default_kind`` is given.

An item quoted again (a response quoting "Recommendation 4") is the first one. What the reader
was unsure of comes back as doubts, for the receipt to say in words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from bot.domain import item_lines as lines_
from bot.domain.item_joining import Joiner
from bot.domain.item_lines import ItemKind
from bot.domain.item_words import DirectedAt, direction_of, parse_due, propose_directed_at
from bot.domain.report_text import Line, report_lines
from bot.domain.sections import Section

__all__ = [
    "ITEM_KIND_OF",
    "SECTION_OF",
    "DirectedAt",
    "Doubt",
    "DoubtKind",
    "ItemKind",
    "ItemsRead",
    "ProposedItem",
    "parse_due",
    "propose_directed_at",
    "read_items",
    "split_items",
]

# The kind of item a section's draft holds when its words do not say.
ITEM_KIND_OF: dict[Section, ItemKind] = {
    Section.RECOMMENDATIONS: ItemKind.RECOMMENDATION,
    Section.AREAS_FOR_IMPROVEMENT: ItemKind.AFI,
}
# The section each kind is recorded in: a cause of concern with its recommendations.
SECTION_OF: dict[ItemKind, Section] = {
    ItemKind.CAUSE_OF_CONCERN: Section.RECOMMENDATIONS,
    ItemKind.RECOMMENDATION: Section.RECOMMENDATIONS,
    ItemKind.AFI: Section.AREAS_FOR_IMPROVEMENT,
}
LONG_ITEM_CHARS = 2000
# Items read in full (words, whom for, due date). Past this a paste is far more than one review
# can take (bot.items.reviewing): the rest are only counted, so that a hostile paste of 20,000
# numbered lines costs no more than a long report.
READ_LIMIT = 1000
FURNITURE_LOOKAHEAD = 6  # a page's footer and the next page's header: a few lines at most


@dataclass(frozen=True)
class ProposedItem:
    """One item as the report words it, with a proposal a person confirms or corrects.
    ``under``: the number of the cause of concern a recommendation answers."""

    kind: ItemKind
    number: str
    text: str
    due: date | None
    directed_at: DirectedAt
    addressees: tuple[str, ...]
    under: str | None = None


class DoubtKind(StrEnum):
    LOOKS_LIKE_AN_ITEM = "looks like an item"  # a line that says who should act, in no list
    NUMBER_MISSING = "number missing"  # 1, 2, 4: where is 3?
    ADDRESSEE_UNCLEAR = "addressee unclear"  # proposed this force, to be safe
    LONG_ITEM = "long item"  # may have run on into what follows
    PRACTICE_LEFT_OUT = "practice left out"  # innovative or promising practice: no answer


@dataclass(frozen=True)
class Doubt:
    """Something a person should check, with how often it happened and the first example."""

    kind: DoubtKind
    count: int
    example: str


@dataclass(frozen=True)
class ItemsRead:
    items: list[ProposedItem]
    doubts: list[Doubt]
    beyond: int = 0  # items past READ_LIMIT, counted and not read

    @property
    def count(self) -> int:
        return len(self.items) + self.beyond


def split_items(
    text: str, *, force_name: str | None, default_kind: ItemKind | None = None
) -> list[ProposedItem]:
    """The items in ``text``, in order; [] when none is recognisable."""
    return read_items(text, force_name=force_name, default_kind=default_kind).items


def read_items(
    text: str, *, force_name: str | None, default_kind: ItemKind | None = None
) -> ItemsRead:
    """The items in ``text``, in order, and what the reading was unsure of."""
    lines = report_lines(text, is_label=lines_.never_furniture)
    words = [line.text for line in lines if not line.furniture]
    reader = _Reader(
        force_name=force_name,
        joiner=Joiner.of(words),
        paragraph_numbered=any(_is_paragraph_label(x) for x in words),
    )
    if default_kind is not None or not any(_names_a_kind(x) for x in words):
        reader.open_list(default_kind or ItemKind.RECOMMENDATION)
    before: str | None = None
    for index, line in enumerate(lines):
        reader.read(line, before, _next_words(lines, index))
        before = before if line.furniture else line.text
    reader.close()
    return ItemsRead(reader.items, reader.doubts(), reader.beyond)


def _next_words(lines: list[Line], index: int) -> str | None:
    """The next line that is the report's words (past a page's furniture, within a page)."""
    for line in lines[index + 1 : index + 1 + FURNITURE_LOOKAHEAD]:
        if not line.furniture:
            return line.text
    return None


def _is_paragraph_label(line: str) -> bool:
    label = lines_.LABEL.match(line)
    return bool(label and label["para"])


def _names_a_kind(line: str) -> bool:
    return bool(
        lines_.HEADING.match(line) or lines_.label_of(line) or lines_.BARE_NUMBER.match(line)
    )


@dataclass
class _Open:
    kind: ItemKind
    number: str | None  # None: the next number of its kind, given when it closes
    under: str | None
    lines: list[str] = field(default_factory=list)
    lead_in: bool = False  # a line ended in a colon: the bullets that follow are its own

    def add(self, line: str) -> None:
        self.lines.append(line)
        self.lead_in = self.lead_in or line.endswith(":")


@dataclass
class _Seen:
    """What doubts the reading raised: how often, and the first example of each."""

    counts: dict[DoubtKind, int] = field(default_factory=dict)
    examples: dict[DoubtKind, str] = field(default_factory=dict)

    def note(self, kind: DoubtKind, example: str) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        self.examples.setdefault(kind, example)


@dataclass
class _Reader:
    """Where the reading is: in a list of ``kind`` (or outside any), and the item being read."""

    force_name: str | None
    joiner: Joiner
    paragraph_numbered: bool
    kind: ItemKind | None = None
    single: bool = False  # under "Recommendation": one unnumbered item
    style: str | None = None  # what starts an item here: "number", "bare", a bullet, "para"…
    skipping: bool = False  # in a status log, a practice box, after boilerplate
    concern: str | None = None  # the cause of concern recommendations are now under
    last: str | None = None  # the number of the list's last numbered item
    practice: set[str] = field(default_factory=set)  # practice boxes' titles read past
    beyond: int = 0  # items past READ_LIMIT
    current: _Open | None = None
    items: list[ProposedItem] = field(default_factory=list)
    seen: _Seen = field(default_factory=_Seen)
    _numbers: dict[ItemKind, set[str]] = field(default_factory=dict)
    _last: dict[ItemKind, int] = field(default_factory=dict)
    _openings: dict[tuple[ItemKind, str], str] = field(default_factory=dict)
    _texts: dict[tuple[ItemKind, str], str] = field(default_factory=dict)

    # --- lists and items ------------------------------------------------------------------
    def open_list(self, kind: ItemKind | None, *, single: bool = False) -> None:
        self.close()
        self.kind, self.single, self.style, self.skipping = kind, single, None, False
        if kind is None or kind is ItemKind.AFI:
            self.concern = None

    def start(self, kind: ItemKind, number: str | None, first: str, style: str) -> None:
        self.close()
        self.kind, self.style, self.skipping = kind, style, False
        if kind is ItemKind.CAUSE_OF_CONCERN:
            number = number or self._next_number(kind)
            self.concern = number
        elif kind is ItemKind.AFI:
            self.concern = None
        under = self.concern if kind is ItemKind.RECOMMENDATION else None
        self.current = _Open(kind, number, under)
        if first:
            self.current.add(first)

    def add(self, line: str) -> None:
        if self.current is not None:
            self.current.add(line)

    def close(self) -> None:
        item, self.current = self.current, None
        if item is None or not item.lines:
            return
        if len(self.items) >= READ_LIMIT:
            self.beyond += 1
            return
        text = self.joiner.join(item.lines)
        opening, whole = _opening(text), _words(text)
        if item.number is None and (item.kind, whole) in self._texts:
            return  # a summary's item set out again in the body, unnumbered both times
        number = item.number or self._next_number(item.kind)
        if self._openings.get((item.kind, number)) == opening:
            if item.kind is ItemKind.CAUSE_OF_CONCERN:
                self.concern = number
            return  # the item quoted again later, e.g. in the chief constable's response
        self._take(item.kind, number, opening, whole)
        direction = direction_of(text, force_name=self.force_name)
        if not direction.sure and item.kind is not ItemKind.CAUSE_OF_CONCERN:
            self.seen.note(DoubtKind.ADDRESSEE_UNCLEAR, _label(item.kind, number))
        if len(text) > LONG_ITEM_CHARS:
            self.seen.note(DoubtKind.LONG_ITEM, _label(item.kind, number))
        self.items.append(
            ProposedItem(
                item.kind,
                number,
                text,
                parse_due(text),
                direction.directed_at,
                direction.addressees,
                item.under,
            )
        )

    def _take(self, kind: ItemKind, number: str, opening: str, whole: str) -> None:
        self._numbers.setdefault(kind, set()).add(number)
        self._openings[(kind, number)] = opening
        self._texts.setdefault((kind, whole), number)
        if number.isdigit():
            self._last[kind] = max(self._last.get(kind, 0), int(number))

    def _next_number(self, kind: ItemKind) -> str:
        taken = self._numbers.setdefault(kind, set())
        number = self._last.get(kind, 0) + 1
        while str(number) in taken:
            number += 1
        self._last[kind] = number
        taken.add(str(number))
        return str(number)

    def doubts(self) -> list[Doubt]:
        for kind in ItemKind:
            numbers = sorted(
                int(i.number) for i in self.items if i.kind is kind and i.number.isdigit()
            )
            gaps = set(range(numbers[0], numbers[-1] + 1)) - set(numbers) if numbers else set()
            for number in sorted(gaps):
                self.seen.note(DoubtKind.NUMBER_MISSING, _label(kind, str(number)))
        return [
            Doubt(kind, self.seen.counts[kind], self.seen.examples[kind])
            for kind in DoubtKind
            if kind in self.seen.counts
        ]

    # --- one line -------------------------------------------------------------------------
    def read(self, line: Line, before: str | None, after: str | None) -> None:
        text = line.text
        if line.furniture:
            return self._at_page_furniture()
        if lines_.BOILERPLATE.match(text):
            self.close()  # the list may go on after a response: "2." after "1." and its reply
            self.skipping = True
            return None
        if lines_.PRACTICE.match(text):
            self.open_list(None)
            self.skipping = True
            if text.casefold() not in self.practice:  # not its line in the contents again
                self.practice.add(text.casefold())
                self.seen.note(DoubtKind.PRACTICE_LEFT_OUT, text)
            return None
        if label := lines_.label_of(text):
            return self.start(label.kind, label.number, label.rest, "label")
        if (heading := lines_.HEADING.match(text)) and text[0].isupper():
            kind = lines_.kind_of(heading["kind"])
            return self.open_list(kind, single=lines_.is_singular(heading["kind"]))
        if self._read_register(text, after):
            return None
        numbered = lines_.NUMBERED.match(text)
        if self.skipping and not (numbered and self._list_resumes(numbered["num"])):
            return None
        if numbered:
            return self._read_numbered(text, numbered["num"].lower(), numbered["rest"])
        if bullet := lines_.BULLET.match(text):
            return self._read_bullet(bullet["mark"], bullet["rest"])
        return self._read_words(text, before, after)

    def _at_page_furniture(self) -> None:
        """A running header, footer or page number: an item that had finished ends here; one
        cut mid-sentence by the page break goes on after it."""
        current = self.current
        if current is not None and current.lines and lines_.ENDS_ITEM.search(current.lines[-1]):
            self.close()

    def _read_register(self, text: str, after: str | None) -> bool:
        """A register's entry: "1" alone on its line, its status, then its words; the status
        log after the words is not the item."""
        current = self.current
        if lines_.STATUS.match(text):
            if current is not None and current.lines:
                self.close()
                self.skipping = True
            return True
        is_log = lines_.LOG_WORDS.match(text) and lines_.LOG.match(text.lower())
        if is_log and (current is not None or self.kind is not None):
            self.close()
            self.skipping = True
            return True
        bare = lines_.BARE_NUMBER.match(text)
        if bare is None:
            return False
        status_next = bool(after and lines_.STATUS.match(after))
        voice_next = bool(after and lines_.subject_of(after)) and self.style == "bare"
        if status_next or voice_next:
            self.start(self.kind or ItemKind.RECOMMENDATION, bare["num"], "", "bare")
        else:
            self._at_page_furniture()  # a page number
        return True

    def _list_resumes(self, number: str) -> bool:
        return self.kind is not None and self.style == "number" and number == _next(self.last)

    def _read_numbered(self, text: str, number: str, rest: str) -> None:
        if self.paragraph_numbered:  # "13. Government response: …" ends the item before it
            return self.open_list(None)
        if _is_title(rest):  # "2. Vetting": a chapter's number and title
            return self.open_list(None)
        # Under a singular heading, a numbered line starts a list all the same.
        first_of_single = self.single and self.current is None
        if (
            self.kind is not None
            and self.style in (None, "number")
            and (not self.single or first_of_single)
        ):
            self.single, self.last = False, number
            return self.start(self.kind, number, rest, "number")
        return self.add(text)

    def _read_bullet(self, mark: str, rest: str) -> None:
        current = self.current
        if current is not None and current.lead_in:
            return self.add("• " + rest)  # a lead-in ending in a colon keeps its bullets
        kind = self.kind
        in_list = kind is not None and not self.single and self.style in (None, mark)
        if kind is not None and in_list and (current is None or self.style == mark):
            return self.start(kind, None, rest, mark)
        if current is not None and current.lines and lines_.ENDS_SENTENCE.search(current.lines[-1]):
            return self.close()  # a comment on the item, not its words ("· In response to…")
        return self.add("• " + rest)

    def _read_words(self, text: str, before: str | None, after: str | None) -> None:
        current, kind = self.current, self.kind
        if current is None and self.single and kind is not None:
            return self.start(kind, None, text, "single")
        if current is not None and not current.lines:
            return self.add(text)  # "AFI 7" alone on its line: this is its text, however short
        new_paragraph = _starts_paragraph(before) and bool(lines_.STARTS_PARAGRAPH.match(text))
        # Who should act may be named on the next line: "HMIC recommends that within six
        # months the force" / "should put in place…" (a PDF's line ends are the typesetter's).
        sentence = text if lines_.ENDS_SENTENCE.search(text) or not after else f"{text} {after}"
        says_who = new_paragraph and lines_.subject_of(sentence) is not None
        heading = not says_who and _is_section_heading(text, before, after)
        if heading and not self._list_goes_on(after):
            return self.open_list(None)
        if kind is not None and says_who and self.style in (None, "para") and not self.single:
            return self.start(kind, None, text, "para")  # paragraphs that each say who acts
        if current is not None and new_paragraph and self._ends_at_a_paragraph(current):
            return self.close()  # prose after a bulleted item, or after a lead-in's bullets
        if current is not None:
            return self.add(text)
        if says_who and kind is None and not self.skipping:
            direction = direction_of(text, force_name=self.force_name)
            if direction.sure and direction.directed_at.needs_answer:
                self.seen.note(DoubtKind.LOOKS_LIKE_AN_ITEM, text)
        return None

    def _ends_at_a_paragraph(self, current: _Open) -> bool:
        return (self.style or "") in lines_.BULLET_MARKS or current.lines[-1].startswith("• ")

    def _list_goes_on(self, after: str | None) -> bool:
        """The line after a heading-like line is the list's next item ("3." after "2.", or the
        same bullet): the line was the last of an item, not a heading."""
        current, numbered = self.current, lines_.NUMBERED.match(after or "")
        if current is not None and numbered and self.style == "number":
            return numbered["num"] == _next(current.number)
        bullet = lines_.BULLET.match(after or "")
        return bool(bullet and self.style == bullet["mark"])


def _next(number: str | None) -> str:
    return str(int(number) + 1) if number and number.isdigit() else ""


def _label(kind: ItemKind, number: str) -> str:
    return f"{kind.label} {number}"


_NOT_A_WORD = re.compile(r"[^\w\s]+")


def _words(text: str) -> str:
    """The item's words, whatever their punctuation, case and spacing: to compare quotations."""
    return " ".join(_NOT_A_WORD.sub("", text.casefold()).split())


def _opening(text: str, words: int = 8) -> str:
    return " ".join(_NOT_A_WORD.sub("", text[:400].casefold()).split()[:words])


def _starts_paragraph(before: str | None) -> bool:
    return before is None or bool(
        lines_.ENDS_SENTENCE.search(before) or lines_.HEADING.match(before)
    )


_HEADING_WORDS = 12
_TITLE_WORDS = 6


def _is_title(words: str) -> bool:
    """ "Introduction", "Counter-corruption", "Protecting vulnerable people": a chapter's."""
    return (
        len(words.split()) <= _TITLE_WORDS
        and not lines_.ENDS_SENTENCE.search(words)
        and lines_.subject_of(words) is None
        and words[:1].isupper()
    )


def _is_section_heading(line: str, before: str | None, after: str | None) -> bool:
    """An ALL-CAPS line, or a short title after a finished sentence that does not run on."""
    if line.isupper() and len(line) >= 4:  # every letter a capital ("KEY FINDINGS")
        return True
    return (
        line[0].isupper()
        and len(line.split()) <= _HEADING_WORDS
        and not lines_.ENDS_SENTENCE.search(line)
        and not line.endswith(",")
        and (before is None or bool(_starts_paragraph(before)))
        and (after is None or not after[0].islower())
    )
