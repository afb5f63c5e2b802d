"""A recommendations or AFIs draft read as its messages come, each message's text read once: the
reading is kept with the draft's tally (bot.responses.receipts), and the next message is read
on from it, so that the receipt under the 200th message costs what the first one's did.

``read_items`` reads a text line by line, but first learns a few things of the whole text:
which short lines come back often enough to be page furniture, whether its line ends are a
typesetter's (and a typeset line's width), whether it numbers paragraphs, is a register's page
or has lines longer than a typeset one, and, to mend a word a line end broke, the words it
uses. A reading kept from an earlier text goes on only while none of that would change what it
read; otherwise (None) the caller reads the whole text again. Each of those is checked against
the new text alone:

* furniture: how often each short line came is kept (Repeats); a line of the text so far that
  now comes back often enough, or whose neighbour is now a page number, reads differently;
* the width: the widths of the lines that wrap are kept, and the reading keeps the widths it
  would have read the same with (``_Reader.width_lo``, ``width_hi``);
* the three flags: a new line that sets one the text so far had not set;
* the words: the joins made so far keep the words they looked for and did not find; a new
  line with one of them. A join that needs the report's words while reading on (a word broken
  by a line end) cannot be made here at all.

The reading stops short of the text's last line of words, which the next line (its ``after``)
may change, and keeps the lines from there (``tail``) to read again with what follows. The
items past the first ``listed`` are kept only as far as the reading looks at them again (their
kind, number, whom for and cause of concern); two 16-byte digests per item let it know an item
it has read before. What a receipt shows (ItemsShown) is always what ``read_items`` gives for
the whole text (tests/bot/domain/test_items_so_far.py: every split of the fixtures).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from bot.domain import item_lines as lines_
from bot.domain.item_joining import Joiner, WordsUnknown, report_words
from bot.domain.items import (
    TYPESET_LINE,
    WRAPPED_LINES,
    ItemKind,
    ItemsShown,
    _is_paragraph_label,
    _next_words,
    _Reader,
)
from bot.domain.recall import Recall, Unsure
from bot.domain.report_text import (
    NEAR,
    Line,
    Repeats,
    is_page_number,
    near_a_page,
    text_lines,
)

FORMAT = 1  # of the JSON kept: a reading kept in another is read again from the start
EDGE = 2 * NEAR  # the text's last lines whose page numbers its next lines' neighbours are


@dataclass(frozen=True)
class Context:
    """What the reading learnt of the whole text before reading it line by line."""

    width: int
    paragraph_numbered: bool
    register: bool
    paragraphs: bool


@dataclass(frozen=True)
class ItemsSoFar:
    """A text's items as read so far, to read on from when the next part of it comes."""

    force_name: str | None
    default_kind: ItemKind
    listed: int
    context: Context
    widths: Counter[int]  # how long each line that wraps is (its width: their median)
    repeats: Repeats  # of the short lines that are not labels: labels are never furniture…
    labels: Recall  # …so only that a label came is kept, of a line that came only as one
    edge: tuple[tuple[bool, bool], ...]  # (a page number, near one) of the last EDGE lines
    tail: tuple[Line, ...]  # from the text's last line of words on: read again with the next
    reader: dict[str, Any]  # the reading of every line before the tail (_Reader.state)
    unseen: frozenset[str]  # words the joins looked for and did not find

    @classmethod
    def reading(
        cls, parts: Sequence[str], *, force_name: str | None, default_kind: ItemKind, listed: int
    ) -> tuple[ItemsSoFar, ItemsShown]:
        """Read the parts (a draft's kept messages, in order, as plain text) from the start."""
        found = text_lines("\n\n".join(parts))
        pages = [is_page_number(line) for line in found]
        near = near_a_page(pages)
        repeats = Repeats()
        repeats.add(found, near, lines_.never_furniture)
        lines = _marked(found, pages, near, repeats)
        labels = Recall()
        words = [line.text for line in lines if not line.furniture]
        widths = _wrapping([], words)
        width = _median(widths)
        context = Context(
            width=width,
            paragraph_numbered=any(_is_paragraph_label(x) for x in words),
            register=any(lines_.LOG_MARKUP.match(x) for x in words),
            paragraphs=any(len(x) > TYPESET_LINE for x in words),
        )
        joiner = Joiner.of(words, typeset=bool(width))
        reader = _reader(force_name, default_kind, context, joiner)
        reader.open_default()
        start = _last_words(lines)
        for index in range(start):
            reader.read(lines[index], _next_words(lines, index))
        so_far = cls(
            force_name=force_name,
            default_kind=default_kind,
            listed=listed,
            context=context,
            widths=widths,
            repeats=_split(repeats, labels),
            labels=labels,
            edge=tuple(zip(pages[-EDGE:], near[-EDGE:], strict=True)),
            tail=tuple(lines[start:]),
            reader=reader.state(listed),
            unseen=frozenset(joiner.unseen),
        )
        # The tail is read on by this same reading, which knows every item and word.
        for index in range(start, len(lines)):
            reader.read(lines[index], _next_words(lines, index))
        reader.close()
        return so_far, reader.shown(listed)

    def adding(
        self, parts: Sequence[str], *, force_name: str | None, default_kind: ItemKind, listed: int
    ) -> tuple[ItemsSoFar, ItemsShown] | None:
        """Read on with the parts that follow the text read so far; None if they change how
        the text so far reads (read it all again: ``reading``)."""
        if (force_name, default_kind, listed) != (self.force_name, self.default_kind, self.listed):
            return None
        found = text_lines("\n\n".join(part for part in parts if part.strip()))
        if not found:
            shown = self.shown()
            return None if shown is None else (self, shown)
        pages = [is_page_number(line) for line in found]
        before = [page for page, _near in self.edge]
        near = near_a_page(pages, before)
        # The last lines read so far, beside a page number now?
        recent = near_a_page(before + pages)[: len(before)]
        if any(now and not then for now, (_page, then) in zip(recent, self.edge, strict=True)):
            return None
        more = Repeats()
        more.add(found, near, lines_.never_furniture)
        if self.repeats.come_back(more) or any(
            key in more.exposed and key not in self.repeats.exposed
            for key in _keys(more)
            if not self.labels.certainly_not(key)  # came as a label: how often is not kept
        ):
            return None
        labels = Recall(bytearray(self.labels.bits))
        repeats = _split(self.repeats.plus(more), labels)
        new = _marked(found, pages, near, repeats)
        words = [line.text for line in new if not line.furniture]
        context = Context(
            width=self.context.width,
            paragraph_numbered=self.context.paragraph_numbered
            or any(_is_paragraph_label(x) for x in words),
            register=self.context.register or any(lines_.LOG_MARKUP.match(x) for x in words),
            paragraphs=self.context.paragraphs or any(len(x) > TYPESET_LINE for x in words),
        )
        if context != self.context:
            return None
        last = self.tail[0].text if self.tail and not self.tail[0].furniture else None
        widths = self.widths + _wrapping([last] if last is not None else [], words)
        width = _median(widths)
        high = self.reader["width_hi"]
        if width < self.reader["width_lo"] or (high is not None and width > high):
            return None
        whole, hyphenated = report_words(words)
        if self.unseen & (whole | hyphenated):
            return None
        context = Context(width, context.paragraph_numbered, context.register, context.paragraphs)
        lines = [*self.tail, *new]
        start = _last_words(lines)
        joiner = Joiner(None, typeset=bool(width))  # the words of the text so far: not kept
        reader = _reader(force_name, default_kind, context, joiner, self.reader)
        try:
            for index in range(start):
                reader.read(lines[index], _next_words(lines, index))
        except (WordsUnknown, Unsure):
            return None
        so_far = ItemsSoFar(
            force_name=force_name,
            default_kind=default_kind,
            listed=listed,
            context=context,
            widths=widths,
            repeats=repeats,
            labels=labels,
            edge=(*self.edge, *zip(pages, near, strict=True))[-EDGE:],
            tail=tuple(lines[start:]),
            reader=reader.state(listed),
            unseen=self.unseen,
        )
        shown = so_far.shown()
        return None if shown is None else (so_far, shown)

    def shown(self) -> ItemsShown | None:
        """What the receipt shows of the text read so far; None if the tail needs the whole
        text's words (a word broken by a line end in the last item)."""
        return self._finished(Joiner(None, typeset=bool(self.context.width)))

    def _finished(self, joiner: Joiner) -> ItemsShown | None:
        reader = _reader(self.force_name, self.default_kind, self.context, joiner, self.reader)
        lines = list(self.tail)
        try:
            for index, line in enumerate(lines):
                reader.read(line, _next_words(lines, index))
            reader.close()
        except (WordsUnknown, Unsure):
            return None
        return reader.shown(self.listed)

    # --- kept as JSON, with the draft's tally ----------------------------------------------
    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "force_name": self.force_name,
            "default_kind": self.default_kind.value,
            "listed": self.listed,
            "context": [
                self.context.width,
                self.context.paragraph_numbered,
                self.context.register,
                self.context.paragraphs,
            ],
            "widths": [[width, n] for width, n in sorted(self.widths.items())],
            "repeats": [
                dict(self.repeats.same),
                dict(self.repeats.shapes),
                dict(self.repeats.by_pages),
                sorted(self.repeats.exposed),
            ],
            "labels": self.labels.kept(),
            "edge": [[page, near] for page, near in self.edge],
            "tail": [[line.text, line.furniture] for line in self.tail],
            "reader": self.reader,
            "unseen": sorted(self.unseen),
        }

    @classmethod
    def from_json(cls, stored: dict[str, Any]) -> ItemsSoFar | None:
        """None for a reading kept in another format (read the text again)."""
        if stored.get("format") != FORMAT:
            return None
        same, shapes, by_pages, exposed = stored["repeats"]
        return cls(
            force_name=stored["force_name"],
            default_kind=ItemKind(stored["default_kind"]),
            listed=stored["listed"],
            context=Context(*stored["context"]),
            widths=Counter({width: n for width, n in stored["widths"]}),
            repeats=Repeats(Counter(same), Counter(shapes), Counter(by_pages), set(exposed)),
            labels=Recall.of(stored["labels"]),
            edge=tuple((page, near) for page, near in stored["edge"]),
            tail=tuple(Line(text, furniture) for text, furniture in stored["tail"]),
            reader=stored["reader"],
            unseen=frozenset(stored["unseen"]),
        )


def _reader(
    force_name: str | None,
    default_kind: ItemKind,
    context: Context,
    joiner: Joiner,
    state: dict[str, Any] | None = None,
) -> _Reader:
    settings: dict[str, Any] = {
        "force_name": force_name,
        "joiner": joiner,
        "paragraph_numbered": context.paragraph_numbered,
        "default": default_kind,
        "register": context.register,
        "width": context.width,
        "paragraphs": context.paragraphs,
    }
    return _Reader(**settings) if state is None else _Reader.resumed(state, **settings)


def _keys(repeats: Repeats) -> list[str]:
    """Each count's key as Repeats.exposed names it."""
    return [
        f"{name} {key}"
        for name, counts in (
            ("same", repeats.same),
            ("shape", repeats.shapes),
            ("page", repeats.by_pages),
        )
        for key in counts
    ]


def _split(repeats: Repeats, labels: Recall) -> Repeats:
    """The counts of the lines that are not labels (exposed); the others' keys go into
    ``labels``."""
    kept = Repeats(exposed=set(repeats.exposed))
    for name, counts, into in (
        ("same", repeats.same, kept.same),
        ("shape", repeats.shapes, kept.shapes),
        ("page", repeats.by_pages, kept.by_pages),
    ):
        for key, count in counts.items():
            if f"{name} {key}" in repeats.exposed:
                into[key] = count
            else:
                labels.add(f"{name} {key}")
    return kept


def _marked(
    lines: Sequence[str], pages: Sequence[bool], near: Sequence[bool], repeats: Repeats
) -> list[Line]:
    """The lines with their furniture marked as report_lines marks it, given the counts of the
    whole text (``repeats``)."""
    return [
        Line(
            line,
            furniture=repeats.furniture(line, pages[n], near[n])
            and not lines_.never_furniture(line),
        )
        for n, line in enumerate(lines)
    ]


def _wrapping(before: list[str], words: Sequence[str]) -> Counter[int]:
    """How long each line is that stops mid-sentence and goes on in lower case on the next
    (items._line_width), of ``words`` and the line of words before them."""
    return Counter(
        len(line)
        for line, following in pairwise([*before, *words])
        if following[:1].islower() and not lines_.ENDS_SENTENCE.search(line)
    )


def _median(widths: Counter[int]) -> int:
    """items._line_width of these widths: the median, or 0 with fewer than WRAPPED_LINES."""
    total = sum(widths.values())
    if total < WRAPPED_LINES:
        return 0
    rank = total // 2
    for width in sorted(widths):
        if rank < widths[width]:
            return width
        rank -= widths[width]
    raise AssertionError("unreachable: the rank is within the total")


def _last_words(lines: Sequence[Line]) -> int:
    """Where the text's last line of words is (0 if it has none): the reading stops before it,
    since the line after it (its ``after``) is still to come."""
    for index in range(len(lines) - 1, -1, -1):
        if not lines[index].furniture:
            return index
    return 0
