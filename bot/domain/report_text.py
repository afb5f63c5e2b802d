"""A report's text as the item reader sees it: its lines, each cleaned of what a PDF, a web page
or a word processor adds to the words, and the page furniture marked.

Every step is one pass over the text (or over its lines), so that reading stays linear in the
size of the paste or the file (docs/rules.md#r24: 20,000 lines in well under a second):

* invisible characters go: bidi embeddings, overrides and isolates (U+202A to U+202E,
  U+2066 to U+2069, LRM, RLM, ALM), zero-width spaces and joiners, word joiners, the byte-order mark
  and soft hyphens. An item's words and number are what a person reads, never what a reversed
  run or a hidden space makes them (``1.\\u200b The force…`` is item 1);
* ligatures come apart (``ﬁ`` → ``fi``), and the odd code points PDF readers give for bullets
  (U+007F, the Symbol and Wingdings private-use glyphs, ``▪``, ``●``, ``◦``…) become ``•``;
* running headers and footers, page numbers ("12", "Page 12 of 40", "12 | Report title", a
  document site's "Page 4: <title>") are marked as furniture: a line that comes back page after
  page, short, and not an item's label; so is what a web page puts around its words ("Skip to
  content", "404 Page not found", a bare web address);
* a line that holds several bullets ("• one; • two", as web pages and registers give them when
  copied) becomes one line per bullet, and a register's log markup (``[on]5th May 2016
  [status]…``) starts a line of its own, wherever the copy put it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

# Bidi controls, zero-width characters, word joiner, BOM, soft hyphen (a PDF's or Word's
# optional break: the word is whole without it).
_INVISIBLE = re.compile("[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_LIGATURES = str.maketrans(
    {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
     "\ufb05": "st", "\ufb06": "st",
     # A bullet wherever it stands ("Recommendation • The force…"): what PDF readers give for
     # the Symbol and Wingdings bullets, and U+007F for a bullet drawn from a standard font.
     "\u007f": "\u2022", "\uf0b7": "\u2022", "\uf0a7": "\u2022", "\uf076": "\u2022",
     "\uf0d8": "\u2022", "\uf0fc": "\u2022"}
)  # fmt: skip
# What starts a line as a bullet in text taken from PDFs and web pages: U+007F (DEL) and the
# private-use glyphs of the Symbol and Wingdings fonts among them.
_BULLET_GLYPHS = "\u007f\u2022\u25cf\u25aa\u25a0\u25e6\u2023\u2043\u2219\u00b7\u25cb\u27a2"
_ODD_BULLET = re.compile(rf"^[{_BULLET_GLYPHS}\ue000-\uf8ff]+\s*(?=\S)")
# Other control characters: never part of a report's words.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff]")
_LINE_BREAKS = re.compile("\r\n|[\r\n\f\v\u0085\u2028\u2029]")

# A page number on its own, or with the report's title beside it (a document site's transcript
# heads each page "Page 4: <the document's title>").
_PAGE_NUMBER = re.compile(
    r"^(?:page\s+\d{1,4}(?:\s+of\s+\d{1,4})?|page\s+\d{1,4}\s*:\s.{0,300}|[-\u2013\u2014]\s*\d{1,4}\s*[-\u2013\u2014]|\d{1,4}\s*/\s*\d{1,4}"
    r"|\d{1,4}\s*\|.{1,120}|.{1,120}\|\s*\d{1,4}|x{0,3}(?:ix|iv|v?i{1,3}|v))$",
    re.I,
)
# What a web page puts around the words it serves: never a report's words.
_WEB_FURNITURE = re.compile(
    r"^(?:(?:error\s+)?404(?:\s*[:\-\u2013]?\s*(?:error|page not found|not found))?|page not found"
    r"|skip to (?:main )?content|(?:open|close|main) menu|text size\s*:.{0,20}"
    r"|accept (?:all )?cookies"
    r"|(?:https?://|www\.)\S+)$",
    re.I,
)
# Several bullets on one line: split before each bullet after the first (one mark per line).
_INLINE_BULLET = re.compile(r"\s+(?=\u2022)")
# A register's log entry starts where its markup does, even mid-line.
_LOG_MARKUP = re.compile(r"(?<=\S)\s*(?=\[on\])", re.I)
FURNITURE_REPEATS = 3  # a line seen this often is a running header or footer…
FURNITURE_NUMBERED_REPEATS = 2  # …or this often when only its page number changes
FURNITURE_WORDS = 16
NEAR = 2  # a running title sits this close to its page's number
_DIGITS = re.compile(r"\d+")
_EDGE_NUMBER = re.compile(r"^\d{1,4}\s|\s\d{1,4}$")


@dataclass(frozen=True)
class Line:
    """One non-blank line, cleaned, and whether it is page furniture (not the report's words)."""

    text: str
    furniture: bool = False


def clean(text: str) -> str:
    """``text`` without invisible characters, with ligatures apart and bullets as ``•``."""
    return _INVISIBLE.sub("", text).translate(_LIGATURES)


def report_lines(text: str, *, is_label: Callable[[str], bool] | None = None) -> list[Line]:
    """The non-blank lines of ``text``, cleaned, runs of spaces made one, furniture marked.

    ``is_label`` (a predicate on a line) names the lines that are never furniture however often
    they come back: "Areas for improvement" heads every chapter's box."""
    lines = text_lines(text)
    pages = [is_page_number(line) for line in lines]
    near = near_a_page(pages)
    repeats = Repeats()
    repeats.add(lines, near)
    keep = is_label or (lambda _line: False)
    return [
        Line(line, furniture=repeats.furniture(line, pages[n], near[n]) and not keep(line))
        for n, line in enumerate(lines)
    ]


def text_lines(text: str) -> list[str]:
    """The non-blank lines of ``text``, cleaned, runs of spaces made one. Each line is cleaned
    by itself, so the lines of two texts joined by a blank line are the lines of each."""
    cleaned = clean(text)
    if "[" in cleaned:  # a register's log markup: most texts have none
        cleaned = _LOG_MARKUP.sub("\n", cleaned)
    controls = _CONTROL.search(cleaned) is not None  # most texts have none: skip the pass
    return [
        piece
        for raw in _LINE_BREAKS.split(cleaned)
        if (line := _one_line(raw, controls))
        for piece in _bullets_apart(line)
    ]


def is_page_number(line: str) -> bool:
    return bool(_PAGE_NUMBER.match(line))


def near_a_page(pages: Sequence[bool], before: Sequence[bool] = ()) -> list[bool]:
    """Whether each line is within NEAR lines of a page number; ``before``: whether each of
    the lines just before these is one (the text they follow)."""
    every = [*before, *pages]
    start = len(before)
    return [any(every[max(0, n - NEAR) : n + NEAR + 1]) for n in range(start, len(every))]


@dataclass
class Repeats:
    """How often each short line (a running header or footer may be one) comes back in a text,
    word for word, with only its numbers changed, and beside a page number: what makes a line
    page furniture beyond its own words. Only lines of FURNITURE_WORDS or fewer, not bullets,
    are counted: no other line is ever furniture for coming back. ``exposed``: the counts'
    keys ("same", "shape" or "page", then the line) of lines that are not labels (``keep``),
    whose marks another line's coming back could change."""

    same: Counter[str] = field(default_factory=Counter)
    shapes: Counter[str] = field(default_factory=Counter)
    by_pages: Counter[str] = field(default_factory=Counter)
    exposed: set[str] = field(default_factory=set)

    def add(
        self,
        lines: Sequence[str],
        near: Sequence[bool],
        keep: Callable[[str], bool] | None = None,
    ) -> None:
        for line, close in zip(lines, near, strict=True):
            if not _short(line):
                continue
            folded = line.casefold()
            shape = _DIGITS.sub("#", folded)
            self.same[folded] += 1
            self.shapes[shape] += 1
            if close:  # a running title sits by its page's number page after page
                self.by_pages[folded] += 1
            if keep is not None and not keep(line):
                self.exposed.update((f"same {folded}", f"shape {shape}"))
                if close:
                    self.exposed.add(f"page {folded}")

    def furniture(self, line: str, page_number: bool, near: bool) -> bool:
        """Whether ``line`` (a page number at ``page_number``, ``near`` one) is furniture in the
        text these counts are of (``is_label`` aside)."""
        folded = line.casefold()
        by_a_page_number = near and self.by_pages[folded] >= FURNITURE_NUMBERED_REPEATS
        return _is_furniture(
            line, page_number, self.same[folded], self.shapes[_DIGITS.sub("#", folded)]
        ) or (_short(line) and by_a_page_number)

    def come_back(self, more: Repeats) -> bool:
        """Whether adding ``more`` makes a line counted here (not a label) come back often
        enough to be furniture, which it was not: the text so far would read differently."""
        return any(
            mine[key] < threshold <= mine[key] + theirs[key] and f"{name} {key}" in self.exposed
            for name, mine, theirs, threshold in (
                ("same", self.same, more.same, FURNITURE_REPEATS),
                ("shape", self.shapes, more.shapes, FURNITURE_NUMBERED_REPEATS),
                ("page", self.by_pages, more.by_pages, FURNITURE_NUMBERED_REPEATS),
            )
            for key in theirs
        )

    def plus(self, more: Repeats) -> Repeats:
        return Repeats(
            self.same + more.same,
            self.shapes + more.shapes,
            self.by_pages + more.by_pages,
            self.exposed | more.exposed,
        )


def _bullets_apart(line: str) -> list[str]:
    """ "• one; • two; and • three" as three lines; a line that does not start with a bullet
    keeps any it holds ("Recommendation • The force should…" is a label)."""
    if not line.startswith("\u2022 ") or "\u2022" not in line[2:]:
        return [line]
    return [_one_line(piece, False) for piece in _INLINE_BULLET.split(line) if piece.strip()]


def _short(line: str) -> bool:
    return not line.startswith("• ") and len(line.split()) <= FURNITURE_WORDS


def _one_line(line: str, controls: bool) -> str:
    line = line.strip()
    if not line:
        return ""
    if line[0] in _BULLET_GLYPHS or "\ue000" <= line[0] <= "\uf8ff":
        line = _ODD_BULLET.sub("\u2022 ", line)
    if controls:
        line = _CONTROL.sub(" ", line)
    return " ".join(line.split())


def _is_furniture(line: str, page_number: bool, seen: int, shaped: int) -> bool:
    """A page number; a line that comes back word for word; a title whose page number (at its
    start or end) is all that changes. Never a bullet or a long sentence."""
    if page_number and not line.isdigit():
        return True  # a bare number may be an item's (a register's "1"): the reader decides
    if _WEB_FURNITURE.match(line):
        return True
    if line.startswith("• ") or len(line.split()) > FURNITURE_WORDS:
        return False
    if seen >= FURNITURE_REPEATS:
        return True
    return (
        shaped >= FURNITURE_NUMBERED_REPEATS
        and bool(_EDGE_NUMBER.search(line))
        and not line.isdigit()
        and not line.endswith((".", ";", ":", ","))
    )


def is_bare_number(line: str) -> bool:
    return len(line) <= 4 and line.rstrip(".").isdigit()
