"""Recommendations, causes of concern and areas for improvement as items, read from a report's
own words: a pasted section, a whole report's text (from a file: see bot.documents.extract), or
a web page as a browser copies it (a register entry, a tracker's listing, a press release).

``read_items`` reads line by line, once (linear in the text: docs/rules.md#r24), never relying on
blank lines, since text taken from a PDF has none where the report had them:

* a label starts an item wherever it stands: "Recommendation 4:", "Area for improvement 2",
  "AFI 3", "Cause of concern 1", "Action for Further Improvement (AFI) 7 - …",
  "Recommendation • The force should…", "12. Recommendation 3: …" (a paragraph-numbered
  document, whose other numbered paragraphs, such as "13. Government response: …", end it);
  a contents line ("Recommendations 19") is never one;
* a heading ("Recommendations", "Areas for Improvement (8)", "Causes of concern") opens a list:
  its "1." (or "1.By") lines, or its bullets, or its paragraphs that say who should act, are
  the items; a singular heading ("Recommendation", "Cause of concern") is followed by one
  item, and bullets straight under a cause of concern are the recommendations that answer it.
  A register's "1" alone on its line, then its status ("Completed"), starts item 1;
* "…is concerned that… To address this cause of concern we recommend that:" makes the finding
  before it a cause of concern with no heading, and the numbered recommendations after it are
  under it;
* an item ends at the next label or heading, a section heading, page furniture after a
  finished sentence, a status log ("Update 03/2016: …", a register's "[on]5th May 2016
  [status]…"), a register's verdict ("This recommendation is complete"), a tracker's line
  naming the force it applies to, or meeting and response boilerplate ("RESOLVED, that…",
  "Supporting documents:", a "Chief Constable's response:" heading);
* a lead-in ending in a colon keeps the bullets under it: one item ("HMICFRS has recommended
  that…:", "We recommend that chief constables:"); the bullets after a lead-in that says what
  was found ("Inspectors found that:") are findings, not items;
* recommendations after a cause of concern are *under* it until the next cause, the areas for
  improvement or a section heading; innovative and promising practice is read past, and noted;
* text with no heading or label at all is one list of ``default_kind`` (recommendations when
  not given), and so is the start of any text when ``default_kind`` is given: its paragraphs
  that say who should act ("should", "must"…) are the items. On a register's page (its log
  markup is in the text) an entry's paragraphs are all one recommendation, and each entry's
  title with its id in brackets ("Core Business… (4822)") starts the next;
* an item set out as a title line with no full stop and a paragraph explaining it (a tracker's
  or a web page's layout) is the title line; where the line ends are a typesetter's (a PDF) a
  line with no stop may run on, so the paragraph stays, and an item written as sentences runs
  on to the next item or heading.

An item quoted again (a response quoting "Recommendation 4") is the first one; an item quoted
inside a paragraph is not read as one. What the reader was unsure of comes back as doubts, for
the receipt to say in words: each item taken from its words alone (no label, number or
heading), one that may be two or may carry on the one before, one that runs over a line like a
log's, a quoted item, a line that looks like an item in no list.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from itertools import pairwise
from typing import Any

from bot.domain import item_lines as lines_
from bot.domain.item_joining import Joiner
from bot.domain.item_lines import ItemKind
from bot.domain.item_words import DirectedAt, direction_of, parse_due, propose_directed_at
from bot.domain.recall import Recall
from bot.domain.report_text import Line, report_lines
from bot.domain.sections import Section

__all__ = [
    "ITEM_KIND_OF",
    "SECTION_OF",
    "TO_ADD",
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
LONG_ITEM_CHARS = 1200  # longer than most items: check that it did not run on
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
    """What a person should check before recording, one sentence each (bot.copy.items_doubt).
    The example of MAY_BE_TWO, RUNS_OVER_LOG and TITLE_ONLY is "<item label>|<the line>"."""

    LOOKS_LIKE_AN_ITEM = "looks like an item"  # a line that says who should act, in no list
    QUOTED = "quoted item"  # an item quoted inside a paragraph: not read as one
    UNLABELLED = "unlabelled"  # no label, number or heading: taken from its words
    MAY_CONTINUE = "may continue"  # an unnumbered paragraph read as an item of its own
    MAY_BE_TWO = "may be two"  # a register entry whose later paragraph names another actor
    RUNS_OVER_LOG = "runs over a log"  # a line in it looks like a status log's
    TITLE_ONLY = "title only"  # a title line read as the item, its explanation left out
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


# Doubts that point at words a person may add as an item by hand.
TO_ADD = frozenset((DoubtKind.LOOKS_LIKE_AN_ITEM, DoubtKind.QUOTED))


class _Reading:
    """What a reading of items says of itself, whether it holds them all (ItemsRead) or what a
    receipt shows of them (ItemsShown): each has ``count`` and ``doubts``."""

    doubts: Sequence[Doubt]

    @property
    def count(self) -> int:
        raise NotImplementedError

    @property
    def sure(self) -> bool:
        """Every item labelled, numbered or under its heading, and nothing else doubted."""
        return not any(d.kind is not DoubtKind.PRACTICE_LEFT_OUT for d in self.doubts)

    @property
    def reviewable(self) -> bool:
        """Items to review, or none but words that may be one, to add by hand."""
        return self.count > 0 or any(d.kind in TO_ADD for d in self.doubts)


@dataclass(frozen=True)
class ItemsRead(_Reading):
    items: list[ProposedItem]
    doubts: list[Doubt]
    beyond: int = 0  # items past READ_LIMIT, counted and not read

    @property
    def count(self) -> int:
        return len(self.items) + self.beyond

    def shown(self, listed: int) -> ItemsShown:
        """What a receipt shows of these: the first ``listed`` items, how many of each kind."""
        return ItemsShown(
            listed=tuple(self.items[:listed]),
            taken=len(self.items),
            counts=tuple((kind, sum(i.kind is kind for i in self.items)) for kind in ItemKind),
            doubts=tuple(self.doubts),
            beyond=self.beyond,
        )


@dataclass(frozen=True)
class ItemsShown(_Reading):
    """What a draft's receipt shows of the items its text holds (ItemsRead.shown): the first
    items in full, how many were read (``taken``) and of each kind, the doubts, and how many
    were past READ_LIMIT. A receipt keeps no more than this of a long text's reading
    (bot.domain.items_so_far)."""

    listed: tuple[ProposedItem, ...]
    taken: int
    counts: tuple[tuple[ItemKind, int], ...]
    doubts: tuple[Doubt, ...]
    beyond: int = 0

    @property
    def count(self) -> int:
        return self.taken + self.beyond

    def of(self, kind: ItemKind) -> int:
        return dict(self.counts)[kind]


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
    width = _line_width(words)
    reader = _Reader(
        force_name=force_name,
        joiner=Joiner.of(words, typeset=bool(width)),
        paragraph_numbered=any(_is_paragraph_label(x) for x in words),
        default=default_kind or ItemKind.RECOMMENDATION,
        register=any(lines_.LOG_MARKUP.match(x) for x in words),
        width=width,
        paragraphs=any(len(x) > TYPESET_LINE for x in words),
    )
    if default_kind is not None or not any(_names_a_kind(x) for x in words):
        reader.open_default()
    for index, line in enumerate(lines):
        reader.read(line, _next_words(lines, index))
    reader.close()
    return ItemsRead(reader.finished(), reader.doubts(), reader.beyond)


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


WRAPPED_LINES = 2  # lines that run on into a lower-case next line: a typesetter's line ends


def _line_width(words: list[str]) -> int:
    """How long a typeset line of the text is (the median of the lines that stop mid-sentence
    and go on in lower case on the next), or 0 when its line ends are each paragraph's (a web
    page, a Word document) rather than a typesetter's (a PDF, an email)."""
    widths = sorted(
        len(line)
        for line, following in pairwise(words)
        if following[:1].islower() and not lines_.ENDS_SENTENCE.search(line)
    )
    return widths[len(widths) // 2] if len(widths) >= WRAPPED_LINES else 0


@dataclass
class _Open:
    """The item being read. ``labelled``: a label, a number, or a heading of its kind said it
    is one; otherwise it was taken from its words alone (the receipt says so)."""

    kind: ItemKind
    number: str | None  # None: the next number of its kind, given when it closes
    under: str | None
    style: str
    labelled: bool
    lines: list[str] = field(default_factory=list)
    lead_in: bool = False  # a line ended in a colon: the bullets that follow are its own
    bulleted: bool = False  # it has bullets: a new paragraph after them is not its words
    subject: str | None = None  # who its first sentence says should act
    another: str | None = None  # a later paragraph of it that names someone else who acts
    log_like: str | None = None  # a line of it that looks like a status log's
    titled: str | None = None  # the paragraph after its title line, left out

    def add(self, line: str) -> None:
        self.lines.append(line)
        self.lead_in = self.lead_in or line.endswith(":")
        self.bulleted = self.bulleted or line.startswith("\u2022 ")


@dataclass
class _Seen:
    """What doubts the reading raised: how often, and the first example of each."""

    counts: dict[DoubtKind, int] = field(default_factory=dict)
    examples: dict[DoubtKind, str] = field(default_factory=dict)

    def note(self, kind: DoubtKind, example: str) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        self.examples.setdefault(kind, example)


PROSE_PARAGRAPHS = 3  # kept to find a cause of concern with no heading: it is just above
TYPESET_LINE = 150  # longer than any line a PDF sets: a paragraph of its own
SUBJECT_WORDS = 4  # enough of a subject to tell two apart ("chief officers in each")
QUOTED_SUBJECT_WORDS = 8
_OPEN_ENDED = re.compile(
    r"\b(?:the|a|an|of|to|and|or|with|in|on|for|by|its|their|that|which|from|at|as|into)$", re.I
)
# A quotation opening with a capital after a space or a colon and closing before a stop or a
# space (so that a straight quote opening another quotation is not taken for this one's close).
_QUOTED = re.compile(
    r"(?:^|(?<=[\s:(;,\u2013\u2014]))[\u201c\"](?=[A-Z])"
    r"([^\u201c\u201d\"]{25,600})[\u201d\"](?![A-Za-z])"
)
_QUOTES = "\u201c\u2018\"'"
_ONE_SENTENCE_END = re.compile(r"[.!?][\u201d\"\u2019')\]]*\s+[A-Z]")


@dataclass
class _Reader:
    """Where the reading is: in a list of ``kind`` (or outside any), and the item being read."""

    force_name: str | None
    joiner: Joiner
    paragraph_numbered: bool
    default: ItemKind = ItemKind.RECOMMENDATION  # what a list with no heading holds
    register: bool = False  # a register's page: its log markup is in the text
    width: int = 0  # a typeset line's length, when the line ends are a typesetter's
    paragraphs: bool = False  # some line is longer than a typeset one: a line is a paragraph
    # The widths the reading so far would have read the same with (None: no upper bound): a
    # text read on from here (bot.domain.items_so_far) whose width moved out of them is read
    # again from its start.
    width_lo: int = 0
    width_hi: int | None = None
    kind: ItemKind | None = None
    single: bool = False  # under "Recommendation": one unnumbered item
    by_default: bool = False  # the list has no heading: the text is items, or a register's
    style: str | None = None  # what starts an item here: "number", "bare", a bullet, "para"…
    skipping: bool = False  # in a status log, a practice box, after boilerplate
    findings: bool = False  # after "Inspectors found that:": its bullets are findings
    contents: bool = False  # in a contents list: a line with a page number is an entry
    concern: str | None = None  # the cause of concern recommendations are now under
    last: str | None = None  # the number of the list's last numbered item
    before: str | None = None  # the line before, of the report's words (None: a break)
    practice: set[str] = field(default_factory=set)  # practice boxes' titles read past
    beyond: int = 0  # items past READ_LIMIT
    current: _Open | None = None
    previous: _Open | None = None  # the item read last, while the next one may continue it
    items: list[ProposedItem] = field(default_factory=list)
    seen: _Seen = field(default_factory=_Seen)
    prose: list[list[str]] = field(default_factory=list)  # the last paragraphs not taken
    _numbers: dict[ItemKind, set[str]] = field(default_factory=dict)
    _last: dict[ItemKind, int] = field(default_factory=dict)
    _openings: dict[tuple[ItemKind, str], str] = field(default_factory=dict)
    _texts: dict[tuple[ItemKind, str], str] = field(default_factory=dict)
    _skip_next: bool = False  # the next line is the end of a sentence already read
    _break: bool = False  # the line just read ended a paragraph (a heading)
    _sure: list[bool] = field(default_factory=list)  # each item's words said whom it is for
    # A reading resumed from its state: the items read before it past those it lists, only
    # as far as the rest of the reading looks at them, and the openings and words of every
    # item read before it as a filter (what is in _openings and _texts came since).
    elided: _Elided = field(default_factory=lambda: _Elided())
    recall: Recall | None = None

    def __post_init__(self) -> None:
        # Whether the text is typeset at all decides much (how lines join, what a title is).
        if self.width:
            self.width_lo = max(self.width_lo, 1)
        else:
            self.width_hi = 0

    def _fills_a_line(self, length: int) -> bool:
        """Whether a line of ``length`` fills most of a typeset line (never, untypeset); the
        widths that would answer the same are kept (width_lo, width_hi)."""
        if not self.width:
            return False
        fills = length >= HEADING_SHARE * self.width
        widest = int(length / HEADING_SHARE)  # the widest width it fills, near enough…
        while length >= HEADING_SHARE * (widest + 1):
            widest += 1
        while widest >= 0 and length < HEADING_SHARE * widest:
            widest -= 1  # …made exact, in the same floating point as the question
        if fills:
            self.width_hi = widest if self.width_hi is None else min(self.width_hi, widest)
        else:
            self.width_lo = max(self.width_lo, widest + 1)
        return fills

    # --- the reading kept between messages (bot.domain.items_so_far) --------------------------
    def state(self, listed: int) -> dict[str, Any]:
        """Where the reading is, as JSON of a size that does not grow with the items read: the
        first ``listed`` items whole, the others only as far as the rest of the reading looks
        at them (_Elided), their openings and words as a filter (Recall)."""
        elided = self.elided.plus(self.items[listed:], self._sure[listed:])
        recall = Recall(bytearray(self.recall.bits)) if self.recall is not None else Recall()
        for (kind, number), opening in self._openings.items():
            recall.add(_opening_key(kind, number, opening))
        for kind, whole in self._texts:
            recall.add(_text_key(kind, whole))
        return {
            "kind": _value(self.kind),
            "single": self.single,
            "by_default": self.by_default,
            "style": self.style,
            "skipping": self.skipping,
            "findings": self.findings,
            "contents": self.contents,
            "concern": self.concern,
            "last": self.last,
            "before": self.before,
            "practice": sorted(self.practice),
            "beyond": self.beyond,
            "current": _open_state(self.current),
            "previous": _open_state(self.previous),
            "items": [_item_state(item) for item in self.items[:listed]],
            "sure": "".join("1" if sure else "0" for sure in self._sure[:listed]),
            "elided": elided.state(),
            "seen": [
                [k.value, self.seen.counts[k], self.seen.examples[k]] for k in self.seen.counts
            ],
            "prose": [list(paragraph) for paragraph in self.prose],
            "numbers": {k.value: _runs(v) for k, v in self._numbers.items()},
            "last_numbers": {k.value: v for k, v in self._last.items()},
            "recall": recall.kept(),
            "skip_next": self._skip_next,
            "break": self._break,
            "width_lo": self.width_lo,
            "width_hi": self.width_hi,
        }

    @classmethod
    def resumed(cls, state: dict[str, Any], **context: Any) -> _Reader:
        """The reading ``state`` describes, going on in ``context`` (force_name, joiner,
        paragraph_numbered, default, register, width, paragraphs)."""
        seen = _Seen()
        for kind, count, example in state["seen"]:
            seen.counts[DoubtKind(kind)] = count
            seen.examples[DoubtKind(kind)] = example
        return cls(
            **context,
            width_lo=state["width_lo"],
            width_hi=state["width_hi"],
            kind=ItemKind(state["kind"]) if state["kind"] else None,
            single=state["single"],
            by_default=state["by_default"],
            style=state["style"],
            skipping=state["skipping"],
            findings=state["findings"],
            contents=state["contents"],
            concern=state["concern"],
            last=state["last"],
            before=state["before"],
            practice=set(state["practice"]),
            beyond=state["beyond"],
            current=_open_of(state["current"]),
            previous=_open_of(state["previous"]),
            items=[_item_of(item) for item in state["items"]],
            _sure=[c == "1" for c in state["sure"]],
            elided=_Elided.of(state["elided"]),
            seen=seen,
            prose=[list(paragraph) for paragraph in state["prose"]],
            _numbers={
                ItemKind(k): {str(n) if isinstance(n, int) else n for n in _unrun(v)}
                for k, v in state["numbers"].items()
            },
            _last={ItemKind(k): v for k, v in state["last_numbers"].items()},
            recall=Recall.of(state["recall"]),
            _skip_next=state["skip_next"],
            _break=state["break"],
        )

    # --- lists and items ------------------------------------------------------------------
    def open_list(self, kind: ItemKind | None, *, single: bool = False) -> None:
        self.close()
        self.kind, self.single, self.style, self.skipping = kind, single, None, False
        self.by_default = self.findings = False
        self.prose.clear()
        if kind is None or kind is ItemKind.AFI:
            self.concern = None

    def open_default(self) -> None:
        """The list a text with no heading is: its items, or a register entry's."""
        self.open_list(self.default)
        self.by_default = True

    def start(self, kind: ItemKind, number: str | None, first: str, style: str) -> None:
        self.close()
        self.kind, self.style, self.skipping, self.findings = kind, style, False, False
        self.prose.clear()
        if kind is ItemKind.CAUSE_OF_CONCERN:
            number = number or self._next_number(kind)
            self.concern = number
        elif kind is ItemKind.AFI:
            self.concern = None
        under = self.concern if kind is ItemKind.RECOMMENDATION else None
        labelled = style in ("label", "number", "bare") or not self.by_default
        self.current = _Open(kind, number, under, style, labelled)
        if first:
            self.current.add(first)

    def add(self, line: str) -> None:
        current = self.current
        if current is None:
            return
        new_paragraph = _starts_paragraph(self.before)
        if current.log_like is None and new_paragraph and lines_.LOG_HINT.match(line):
            current.log_like = line
        current.add(line)

    def close(self) -> None:
        item, self.current = self.current, None
        if item is None or not item.lines:
            return
        self.previous = item
        if len(self.items) + self.elided.taken >= READ_LIMIT:
            self.beyond += 1
            return
        text = self.joiner.join(item.lines)
        opening, whole = _opening(text), _words(text)
        if item.number is None and self._read_before(item.kind, whole):
            return  # a summary's item set out again in the body, unnumbered both times
        number = item.number or self._next_number(item.kind)
        if self._quoted_again(item.kind, number, opening):
            if item.kind is ItemKind.CAUSE_OF_CONCERN:
                self.concern = number
            return  # the item quoted again later, e.g. in the chief constable's response
        self._take(item.kind, number, opening, whole)
        direction = direction_of(text, force_name=self.force_name)
        self._note_doubts(item, number, text, sure=direction.sure)
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
        self._sure.append(direction.sure)

    def _note_doubts(self, item: _Open, number: str, text: str, *, sure: bool) -> None:
        label = _label(item.kind, number)
        if not sure and item.kind is not ItemKind.CAUSE_OF_CONCERN:
            self.seen.note(DoubtKind.ADDRESSEE_UNCLEAR, label)
        if len(text) > LONG_ITEM_CHARS:
            self.seen.note(DoubtKind.LONG_ITEM, label)
        if not item.labelled:
            self.seen.note(DoubtKind.UNLABELLED, label)
        if item.another is not None:
            self.seen.note(DoubtKind.MAY_BE_TWO, f"{label}|{item.another}")
        if item.log_like is not None:
            self.seen.note(DoubtKind.RUNS_OVER_LOG, f"{label}|{item.log_like}")
        if item.titled is not None:
            self.seen.note(DoubtKind.TITLE_ONLY, f"{label}|{item.titled}")

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

    def finished(self) -> list[ProposedItem]:
        """The items; a cause of concern whose words do not say whom it is for is for whom
        the recommendations under it are (it is answered with them)."""
        items = self.items
        for index, item in enumerate(items):
            if item.kind is not ItemKind.CAUSE_OF_CONCERN or self._sure[index]:
                continue
            under = {
                r.directed_at
                for n, r in enumerate(items)
                if r.kind is ItemKind.RECOMMENDATION and r.under == item.number and self._sure[n]
            } | self.elided.under.get(item.number, set())
            if len(under) == 1 and (directed := under.pop()).needs_answer:
                items[index] = replace(item, directed_at=directed)
        return items

    def doubts(self) -> list[Doubt]:
        for kind in ItemKind:
            numbers = sorted(
                {int(i.number) for i in self.items if i.kind is kind and i.number.isdigit()}
                | self.elided.numbers.get(kind, set())
            )
            gaps = set(range(numbers[0], numbers[-1] + 1)) - set(numbers) if numbers else set()
            for number in sorted(gaps):
                self.seen.note(DoubtKind.NUMBER_MISSING, _label(kind, str(number)))
        return [
            Doubt(kind, self.seen.counts[kind], self.seen.examples[kind])
            for kind in DoubtKind
            if kind in self.seen.counts
        ]

    def shown(self, listed: int) -> ItemsShown:
        """What a receipt shows of the items once the reading is closed (ItemsRead.shown)."""
        items = self.finished()
        doubts = self.doubts()
        return ItemsShown(
            listed=tuple(items[:listed]),
            taken=len(items) + self.elided.taken,
            counts=tuple(
                (kind, sum(i.kind is kind for i in items) + self.elided.counts.get(kind, 0))
                for kind in ItemKind
            ),
            doubts=tuple(doubts),
            beyond=self.beyond,
        )

    def _quoted_again(self, kind: ItemKind, number: str, opening: str) -> bool:
        """Whether the item numbered ``number`` read last opens the same way: this one is
        that item quoted again (Unsure: it was read before the reading was resumed, and the
        filter cannot tell)."""
        if (kind, number) in self._openings or self.recall is None:
            return self._openings.get((kind, number)) == opening
        return self.recall.has(_opening_key(kind, number, opening))

    def _read_before(self, kind: ItemKind, whole: str) -> bool:
        """Whether an item of the same words was read (Unsure, as _quoted_again)."""
        if (kind, whole) in self._texts or self.recall is None:
            return (kind, whole) in self._texts
        return self.recall.has(_text_key(kind, whole))

    # --- one line -------------------------------------------------------------------------
    def read(self, line: Line, after: str | None) -> None:
        if line.furniture:
            return self._at_page_furniture()
        if self._skip_next:  # "…To address this cause" / "of concern we recommend that:"
            self._skip_next = False
            self.before = line.text
            return None
        text = line.text
        broke = self._read(text, after) or self._break
        self.before, self._break = (None if broke else text), False
        return None

    def _read(self, text: str, after: str | None) -> bool:
        """Read one line; True when it ends a paragraph whatever its words (a register's title,
        its log, a tracker's "applies to" line)."""
        if lines_.LOG_MARKUP.match(text):
            self._to_the_log()
            return True
        if self.contents:
            if lines_.CONTENTS_ENTRY.match(text):
                return False  # "Recommendations 19": a title and its page
            self.contents = False
        if self.current is None and ("\u201c" in text or '"' in text):
            self._quoted_item(text)
        if lines_.BOILERPLATE.match(text):
            self.close()  # the list may go on after a response: "2." after "1." and its reply
            self.skipping, self.findings = True, False
            self.contents = bool(lines_.CONTENTS.match(text))
            return False
        if lines_.is_assessment(text):  # "I am satisfied that this recommendation is…"
            self._to_the_log()
            return True
        if lines_.PRACTICE.match(text):
            self.open_list(None)
            self.skipping = True
            if text.casefold() not in self.practice:  # not its line in the contents again
                self.practice.add(text.casefold())
                self.seen.note(DoubtKind.PRACTICE_LEFT_OUT, text)
            return False
        if self._is_register_title(text):
            self.open_default()
            return True
        if lines_.is_applies_to(text) and not self._runs_on_into(text):
            self.close()  # "Cleveland Police" after an item: whom it applies to
            return True
        if label := lines_.label_of(text):
            self.start(label.kind, label.number, label.rest, "label")
            return False
        if (heading := lines_.HEADING.match(text)) and text[0].isupper():
            kind = lines_.kind_of(heading["kind"])
            self.open_list(kind, single=lines_.is_singular(heading["kind"]))
            return False
        if self._read_register(text, after):
            return False
        numbered = lines_.NUMBERED.match(text)
        if self.skipping and not (numbered and self._list_resumes(numbered["num"])):
            return False
        if self._concern_recommends(text, after):
            return False
        bullet = lines_.BULLET.match(text)
        if self.findings and self._in_findings(text, bullet):
            return False
        if numbered:
            self._read_numbered(text, numbered["num"].lower(), numbered["rest"])
        elif bullet:
            self._read_bullet(bullet["mark"], bullet["rest"])
        else:
            self._read_words(text, after)
        return False

    def _to_the_log(self) -> None:
        """A register's log or its verdict on the item: the item ended before it."""
        self.close()
        self.skipping, self.findings = True, False

    def _is_register_title(self, text: str) -> bool:
        """ "Core Business: an inspection into… (4822)": a register listing's next entry, on a
        register's page only (elsewhere a number in brackets is a count, a year, a table's)."""
        if not (self.register and text.endswith(")")) or lines_.HEADING.match(text):
            return False
        return bool(lines_.REGISTER_TITLE.match(text)) and lines_.subject_of(text) is None

    def _runs_on_into(self, text: str) -> bool:
        """Whether the item's last line stops short, so ``text`` ends its sentence ("…agree
        arrangements with" / "Warwickshire Police")."""
        current = self.current
        return (
            current is not None
            and bool(current.lines)
            and bool(_OPEN_ENDED.search(current.lines[-1]))
        )

    def _quoted_item(self, text: str, *, named: bool = False) -> None:
        """An item quoted in a paragraph ("…one for chief constables: “If forces have not
        yet…, they should…”"), or a paragraph that is a quotation (``named``): not read as
        one, but said, for a person to check."""
        if not named and not lines_.NAMES_ITEMS.search(text):
            return
        quotations = [text.lstrip(_QUOTES)] if named else [q[1] for q in _QUOTED.finditer(text)]
        for quoted in quotations:
            subject = lines_.subject_of(quoted, strong=True)
            if subject is not None and len(subject.split()) <= QUOTED_SUBJECT_WORDS:
                direction = direction_of(quoted, force_name=self.force_name)
                if direction.directed_at.needs_answer:
                    self.seen.note(DoubtKind.QUOTED, quoted)
                    return

    def _in_findings(self, text: str, bullet: re.Match[str] | None) -> bool:
        """Whether ``text`` is one of the findings a lead-in such as "Inspectors found that:"
        introduced: its bullets, and their lines, until a paragraph or a bullet that says who
        should act."""
        if bullet is not None:
            if lines_.subject_of(bullet["rest"], strong=True) is None:
                return True
        elif not (_starts_paragraph(self.before) and lines_.STARTS_PARAGRAPH.match(text)):
            return True
        self.findings = False
        return False

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

    def _concern_recommends(self, text: str, after: str | None) -> bool:
        """ "We are concerned that… To address this cause of concern we recommend that:": the
        finding before these words is a cause of concern, and the recommendations after them
        are under it."""
        if "concern" not in text.casefold():
            return False
        sentence = f"{text} {after}" if _runs_on(text, after) else text
        found = lines_.CONCERN_RECOMMENDS.search(sentence)
        if found is None:
            return False
        self.close()  # no item's words: it says what follows
        finding = [*self._concern_paragraphs(), sentence[: found.start()].strip()]
        self._skip_next = found.end() > len(text)
        lines = [line for line in finding if line]
        if lines:
            self.start(ItemKind.CAUSE_OF_CONCERN, None, lines[0], "concern")
            for line in lines[1:]:
                self.add(line)
            if self.current is not None:
                self.current.labelled = False
        self.close()
        self.kind, self.single, self.style = ItemKind.RECOMMENDATION, False, None
        self.by_default = False
        return True

    def _concern_paragraphs(self) -> list[str]:
        """The finding above "To address this cause of concern": from the paragraph that says a
        concern ("HMICFRS is concerned that…"), or the last paragraph."""
        paragraphs = self.prose
        start = len(paragraphs) - 1
        for index in range(len(paragraphs) - 1, -1, -1):
            if lines_.CONCERNED.search(" ".join(paragraphs[index])):
                start = index
                break
        return [line for paragraph in paragraphs[max(start, 0) :] for line in paragraph]

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
            return self.add("\u2022 " + rest)  # a lead-in ending in a colon keeps its bullets
        if self._concern_has_bullets():
            # Bullets straight under a cause of concern are the recommendations that answer it.
            self.open_list(ItemKind.RECOMMENDATION)
            return self.start(ItemKind.RECOMMENDATION, None, rest, mark)
        kind = self.kind
        in_list = kind is not None and not self.single and self.style in (None, mark)
        if kind is not None and in_list and (current is None or self.style == mark):
            return self.start(kind, None, rest, mark)
        if current is not None and current.lines and lines_.ENDS_SENTENCE.search(current.lines[-1]):
            return self.close()  # a comment on the item, not its words ("· In response to…")
        return self.add("\u2022 " + rest)

    def _concern_has_bullets(self) -> bool:
        current = self.current
        if current is not None:
            return current.kind is ItemKind.CAUSE_OF_CONCERN and bool(current.lines)
        return self.kind is ItemKind.CAUSE_OF_CONCERN and self.concern is not None

    def _read_words(self, text: str, after: str | None) -> None:
        current, kind = self.current, self.kind
        if current is not None and self._is_title_line(current, text):
            # The item is its title line; this paragraph explains it (after a bullet, it is
            # only the list's end: nothing to say).
            if current.style not in lines_.BULLET_MARKS:
                current.titled = text
            self.close()
            return None
        if current is None and self.single and kind is not None:
            return self.start(kind, None, text, "single")
        if current is not None and not current.lines:
            return self.add(text)  # "AFI 7" alone on its line: this is its text, however short
        new_paragraph = _starts_paragraph(self.before) and bool(lines_.STARTS_PARAGRAPH.match(text))
        # Who should act may be named on the next line: "HMIC recommends that within six
        # months the force" / "should put in place…" (a PDF's line ends are the typesetter's).
        sentence = f"{text} {after}" if _runs_on(text, after) else text
        subject = lines_.subject_of(sentence, strong=self._strict(text)) if new_paragraph else None
        if subject is not None and self.by_default and text[:1] in _QUOTES:
            self._quoted_item(sentence, named=True)  # someone's words quoted, not the list's
            subject = None
        says_who = subject is not None
        if new_paragraph and self._recommends_lead(text, sentence, after, says_who):
            return None
        heading = not says_who and _is_section_heading(text, self.before, after, self._fills_a_line)
        if heading and not self._list_goes_on(after):
            self._break = True  # what follows a heading starts a paragraph
            if self.by_default and self.register:
                return self.close()  # a register's page: a title above its entry
            return self.open_list(None)
        if kind is not None and says_who and self.style in (None, "para") and not self.single:
            if current is not None and self._one_entry(current):
                # A register entry is one recommendation, however many paragraphs it takes;
                # one that names someone else who should act may be a second: said.
                if current.another is None and self._another_actor(current, sentence, subject):
                    current.another = text
                return self.add(text)
            return self._start_paragraph(kind, text, subject)
        if current is not None and new_paragraph and self._ends_at_a_paragraph(current):
            self.close()  # prose after a bulleted item, or after a lead-in's bullets
            return self._prose(text, new_paragraph)
        if current is not None:
            return self.add(text)
        loose = says_who or (
            self.by_default and new_paragraph and bool(lines_.subject_of(sentence))
        )
        if loose and (kind is None or not says_who) and not self.skipping:
            # Who should act is said, but outside any list ("The force should…" under
            # "Summary"), or only as a finding says it ("The force needs to…. It…").
            direction = direction_of(text, force_name=self.force_name)
            if direction.sure and direction.directed_at.needs_answer:
                self.seen.note(DoubtKind.LOOKS_LIKE_AN_ITEM, text)
        if sentence.endswith(":") and not says_who and not lines_.NAMES_ITEMS.search(sentence):
            self.findings = True  # "Inspectors found that:": its points are not items
        return self._prose(text, new_paragraph)

    def _strict(self, text: str) -> bool:
        """In a text with no heading, "needs to" makes an item only in a paragraph of one
        sentence ("The force needs to improve X"); a finding says more ("The force needs to
        improve X. It doesn't…"), and in a typeset text a line is not a paragraph."""
        return self.by_default and (bool(self.width) or bool(_ONE_SENTENCE_END.search(text)))

    def _start_paragraph(self, kind: ItemKind, text: str, subject: str | None) -> None:
        previous = self.current or self.previous
        follows = (
            self.by_default
            and previous is not None
            and previous.style == "para"
            and self.style == "para"
            and _first_words(previous.subject) != _first_words(subject)
        )
        if self.by_default and lines_.RECOMMENDS.match(text):
            kind = ItemKind.RECOMMENDATION  # "HMICFRS has recommended that…" says what it is
        self.start(kind, None, text, "para")
        if self.current is not None:
            self.current.subject = subject
            if follows:
                self.seen.note(DoubtKind.MAY_CONTINUE, text)
        return None

    def _recommends_lead(self, text: str, sentence: str, after: str | None, says_who: bool) -> bool:
        """ "We recommend that the force:" and its bullets are one recommendation (the lead-in
        names them as one), even outside a list; before a numbered list it only opens one."""
        if not (sentence.endswith(":") and lines_.RECOMMENDS_LEAD.match(sentence)):
            return False
        next_is_bullet = bool(after and lines_.BULLET.match(after))
        if says_who and self.kind is not None and self.style in (None, "para") and not self.single:
            return False  # a paragraph that says who acts, in a list: read as one
        if says_who or next_is_bullet:
            self.close()
            kind = ItemKind.RECOMMENDATION if self.by_default or self.kind is None else self.kind
            self.start(kind, None, text, "para")
            return True
        if self.current is None and self.kind is None:
            self.open_list(ItemKind.RECOMMENDATION)
            return True
        return False

    def _prose(self, text: str, new_paragraph: bool) -> None:
        """A line that is no item's: kept a while, in case "To address this cause of concern"
        follows and makes it one."""
        if new_paragraph or not self.prose:
            self.prose.append([])
            del self.prose[:-PROSE_PARAGRAPHS]
        if len(self.prose[-1]) < LONG_ITEM_CHARS // 20:
            self.prose[-1].append(text)

    def _is_title_line(self, current: _Open, text: str) -> bool:
        """An item set out as a title line and a paragraph explaining it (a tracker's page, a
        web page): the title, with no full stop, is the item. Only where each line is a
        paragraph of its own: in a PDF's text a line without a stop may run on."""
        if self.width or len(current.lines) != 1 or current.lead_in:
            return False
        first = current.lines[0]
        return (
            (self.paragraphs or len(text) > TYPESET_LINE)
            and text[:1].isupper()
            and not lines_.ENDS_SENTENCE.search(first)
            and not first.endswith((",", "-", "\u2013"))
            and not _OPEN_ENDED.search(first)
            and lines_.subject_of(first) is not None
        )

    def _another_actor(self, current: _Open, sentence: str, subject: str | None) -> bool:
        """Whether ``sentence`` says plainly that someone other than the item's subject should
        act ("Chief officers in each force should…" after "Every force should…")."""
        if _first_words(subject) == _first_words(current.subject):
            return False
        return direction_of(sentence, force_name=self.force_name).sure

    def _one_entry(self, current: _Open) -> bool:
        """On a register's page, the lone unlabelled item of an entry: all its paragraphs are
        its words (under a heading, paragraphs that say who acts are items of their own)."""
        return self.register and self.by_default and current.style == "para"

    def _ends_at_a_paragraph(self, current: _Open) -> bool:
        if self._one_entry(current):
            return False  # a register entry's paragraphs are all its recommendation's
        return (self.style or "") in lines_.BULLET_MARKS or current.bulleted

    def _list_goes_on(self, after: str | None) -> bool:
        """The line after a heading-like line is the list's next item ("3." after "2.", or the
        same bullet): the line was the last of an item, not a heading."""
        current, numbered = self.current, lines_.NUMBERED.match(after or "")
        if current is not None and numbered and self.style == "number":
            return numbered["num"] == _next(current.number)
        bullet = lines_.BULLET.match(after or "")
        return bool(bullet and self.style == bullet["mark"])


def _runs_on(text: str, after: str | None) -> bool:
    """Whether ``text``'s sentence goes on in the next line ("…the force" / "should…")."""
    return after is not None and after[:1].islower() and not lines_.ENDS_SENTENCE.search(text)


def _first_words(subject: str | None) -> str:
    return " ".join((subject or "").casefold().split()[:SUBJECT_WORDS])


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


HEADING_SHARE = 0.8  # a typeset line this full is a sentence's, not a heading


def _is_section_heading(
    line: str, before: str | None, after: str | None, fills_a_line: Callable[[int], bool]
) -> bool:
    """An ALL-CAPS line, or a short title after a finished sentence that does not run on (in
    a typeset text, one shorter than its lines: "Her Majesty's Inspectorate of Constabulary
    and Fire & Rescue" filling a line goes on in the next)."""
    if line.isupper() and len(line) >= 4:  # every letter a capital ("KEY FINDINGS")
        return True
    if fills_a_line(len(line)):
        return False
    return (
        line[0].isupper()
        and len(line.split()) <= _HEADING_WORDS
        and not lines_.ENDS_SENTENCE.search(line)
        and not line.endswith(",")
        and (before is None or bool(_starts_paragraph(before)))
        and (after is None or not after[0].islower())
    )


# --- a reading as JSON (_Reader.state) --------------------------------------------------------


@dataclass
class _Elided:
    """Items read before a reading was resumed, past those it lists: how many of each kind,
    the numbers of each kind (for NUMBER_MISSING), and whom the recommendations under each
    cause of concern are for, where their words say (for ``finished``)."""

    counts: dict[ItemKind, int] = field(default_factory=dict)
    numbers: dict[ItemKind, set[int]] = field(default_factory=dict)
    under: dict[str, set[DirectedAt]] = field(default_factory=dict)

    @property
    def taken(self) -> int:
        return sum(self.counts.values())

    def plus(self, items: Sequence[ProposedItem], sure: Sequence[bool]) -> _Elided:
        counts, under = dict(self.counts), {k: set(v) for k, v in self.under.items()}
        numbers = {k: set(v) for k, v in self.numbers.items()}
        for item, said in zip(items, sure, strict=True):
            counts[item.kind] = counts.get(item.kind, 0) + 1
            if item.number.isdigit():
                numbers.setdefault(item.kind, set()).add(int(item.number))
            if item.kind is ItemKind.RECOMMENDATION and item.under is not None and said:
                under.setdefault(item.under, set()).add(item.directed_at)
        return _Elided(counts, numbers, under)

    def state(self) -> dict[str, Any]:
        return {
            "counts": {k.value: n for k, n in self.counts.items()},
            "numbers": {k.value: _runs({str(n) for n in v}) for k, v in self.numbers.items()},
            "under": {k: sorted(d.value for d in v) for k, v in self.under.items()},
        }

    @classmethod
    def of(cls, state: dict[str, Any]) -> _Elided:
        return cls(
            {ItemKind(k): n for k, n in state["counts"].items()},
            {ItemKind(k): {int(n) for n in _unrun(v)} for k, v in state["numbers"].items()},
            {k: {DirectedAt(d) for d in v} for k, v in state["under"].items()},
        )


def _opening_key(kind: ItemKind, number: str, opening: str) -> str:
    return f"opening {kind.value} {number} {opening}"


def _text_key(kind: ItemKind, whole: str) -> str:
    return f"words {kind.value} {whole}"


def _value(kind: ItemKind | None) -> str | None:
    return kind.value if kind is not None else None


def _open_state(item: _Open | None) -> dict[str, Any] | None:
    if item is None:
        return None
    return {**dataclasses.asdict(item), "kind": item.kind.value}


def _open_of(state: dict[str, Any] | None) -> _Open | None:
    if state is None:
        return None
    return _Open(**{**state, "kind": ItemKind(state["kind"]), "lines": list(state["lines"])})


def _item_state(item: ProposedItem) -> list[Any]:
    due = item.due.isoformat() if item.due else None
    return [
        item.kind.value,
        item.number,
        item.text,
        due,
        item.directed_at.value,
        list(item.addressees),
        item.under,
    ]


def _item_of(state: list[Any]) -> ProposedItem:
    kind, number, text, due, directed_at, addressees, under = state
    return ProposedItem(
        ItemKind(kind),
        number,
        text,
        date.fromisoformat(due) if due else None,
        DirectedAt(directed_at),
        tuple(addressees),
        under,
    )


def _runs(numbers: set[str]) -> list[Any]:
    """Numbers as runs [first, last] of plain whole numbers ("4", never "04") and the others
    as they are: a list of 120 recommendations is [[1, 120]]."""
    plain = sorted(int(n) for n in numbers if n.isdigit() and str(int(n)) == n)
    runs: list[Any] = []
    for number in plain:
        if runs and runs[-1][1] == number - 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return runs + sorted(n for n in numbers if not (n.isdigit() and str(int(n)) == n))


def _unrun(state: list[Any]) -> list[int | str]:
    numbers: list[int | str] = []
    for entry in state:
        if isinstance(entry, list):
            numbers.extend(range(entry[0], entry[1] + 1))
        else:
            numbers.append(entry)
    return numbers
