"""The text of a Word (.docx) file: paragraphs and tables in order, list numbers put back.

Read straight from the XML as it is inflated, one paragraph at a time. python-docx is made for
writing and editing a document, and reading a hostile one with it costs too much: it inflates
every part the document references (a 1 GB picture included) and looks each paragraph's
style up among all the styles (100,000 paragraphs: 73 s). Here only the parts that hold the
text are read (the document, its styles and its lists), each part's declared size checked
before it is inflated and its actual size while it is (parts.py), and the styles and lists are
read once into tables.

A paragraph's text is its runs' as python-docx gives it (tabs, line breaks, no-break hyphens;
deleted text left out; inserted text and hyperlinks kept). Word computes a list's numbers when
it shows the page, so a report's "1. Chief constables should…" would lose its "1.": a numbered
paragraph (its own numbering, or its style's, as "List Number" has) is given the number Word
shows, counted here: "1. ", "2. "…, restarting where the list definition says. Bulleted
paragraphs get "• ", lettered and roman ones "(a) " / "(i) ". What counts is good enough for
split_items; a person confirms every item anyway.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from lxml import etree

from bot.documents.parts import Parts, safe_parser
from bot.domain.files import FileProblem, ReaderLimits, unreadable

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_STYLE_DEPTH = 10  # "based on" links followed; a damaged file may loop
_LEVELS = 9  # Word's list levels, 0 to 8
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)
_BIGGEST_ROMAN = 3999  # beyond it Word shows the number in digits
_BIGGEST_START = 10**9  # a list's start beyond this is damage, not a list
# Inside these, paragraphs are not the document's text: a text box drawn in a paragraph (given
# in its place by Word, and again in the fallback for older readers), or deleted text.
_NOT_TEXT = {W + "txbxContent", MC_FALLBACK, W + "del", W + "moveFrom"}
_RUN_TEXT = {W + "tab": "\t", W + "ptab": "\t", W + "cr": "\n", W + "noBreakHyphen": "-"}


def text_of_docx(data: bytes, filename: str, limits: ReaderLimits) -> str:
    """Each paragraph (a table cell's too) on its own line. UnreadableFile when it is not a
    Word document, or too large once unpacked."""
    with Parts(data, filename, limits) as parts:
        main = parts.main_document()
        related = parts.related(main)
        styles = _Styles(parts.read(related["styles"]) if "styles" in related else None)
        numbering = _Numbering(parts.read(related["numbering"]) if "numbering" in related else None)
        with parts.open(main) as body:
            return "\n".join(_lines(body, styles, numbering, filename))


def _lines(
    source: io.RawIOBase, styles: _Styles, numbering: _Numbering, filename: str
) -> Iterator[str]:
    counters = _Counters()
    skipping = 0  # how deep inside a text box, a fallback or deleted text
    merged: list[bool] = []  # per table cell open: whether it continues the one above
    events = etree.iterparse(
        source,
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
    )
    for event, element in events:
        tag = element.tag
        if event == "start":
            if element.getparent() is None and tag != W + "document":
                raise unreadable(FileProblem.NOT_A_KIND_WE_READ, filename)
            if tag == W + "document" or tag == W + "body":
                continue
            if tag in _NOT_TEXT:
                skipping += 1
            elif tag == W + "tc":
                merged.append(False)
            continue
        if tag in _NOT_TEXT:
            skipping -= 1
        elif tag == W + "vMerge" and merged and element.get(W + "val") != "restart":
            merged[-1] = True  # a continuation cell: its text is the cell above's
        elif tag == W + "tc" and merged:
            merged.pop()
        elif tag == W + "p" and not skipping:
            if not any(merged):
                yield numbering.prefix(_num_pr(element, styles), counters) + _text(element)
            _let_go(element)
        elif tag == W + "tbl" and not skipping:
            _let_go(element)


def _let_go(element: etree._Element) -> None:
    """Free what was read: this element's content and the siblings before it."""
    element.clear()
    parent = element.getparent()
    if parent is not None and parent.tag in (W + "body", W + "tc"):
        while element.getprevious() is not None:
            del parent[0]


def _text(paragraph: etree._Element) -> str:
    parts: list[str] = []
    _collect(paragraph, parts)
    return "".join(parts)


def _collect(element: etree._Element, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == W + "r":
            for piece in child:
                kind = piece.tag
                if kind == W + "t":
                    parts.append(piece.text or "")
                elif kind == W + "br":
                    if piece.get(W + "type", "textWrapping") == "textWrapping":
                        parts.append("\n")
                elif kind in _RUN_TEXT:
                    parts.append(_RUN_TEXT[kind])
        elif tag not in _NOT_TEXT and tag != W + "pPr" and isinstance(tag, str):
            _collect(child, parts)  # hyperlinks, insertions, fields, content controls


# ---- lists ---------------------------------------------------------------------------------


def _num_pr(paragraph: etree._Element, styles: _Styles) -> tuple[str, int] | None:
    """The paragraph's (list, level): its own, else its style's (or the style it is based on,
    or the default paragraph style)."""
    properties = paragraph.find(W + "pPr")
    style_id = None
    if properties is not None:
        own = properties.find(W + "numPr")
        if own is not None:
            return _list_and_level(own)
        style = properties.find(W + "pStyle")
        style_id = style.get(W + "val") if style is not None else None
    return styles.numbering_of(style_id)


def _list_and_level(num_pr: etree._Element) -> tuple[str, int] | None:
    num_id = _val(num_pr.find(W + "numId"))
    level = _whole(_val(num_pr.find(W + "ilvl")), 0)
    if not num_id or num_id == "0" or not 0 <= level < _LEVELS:
        return None
    return num_id, level


class _Styles:
    """Each paragraph style's list and level, with the styles it is based on, read once."""

    def __init__(self, xml: bytes | None) -> None:
        self._own: dict[str, tuple[str, int] | None] = {}
        self._based_on: dict[str, str] = {}
        self._default: str | None = None
        self._resolved: dict[str | None, tuple[str, int] | None] = {}
        if xml is None:
            return
        for style in etree.fromstring(xml, safe_parser()).iter(W + "style"):
            if style.get(W + "type", "paragraph") != "paragraph":
                continue
            style_id = style.get(W + "styleId") or ""
            if style.get(W + "default") in ("1", "true", "on") and self._default is None:
                self._default = style_id
            parent = style.find(W + "basedOn")
            if parent is not None and parent.get(W + "val"):
                self._based_on[style_id] = parent.get(W + "val") or ""
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if num_pr is not None:
                self._own[style_id] = _list_and_level(num_pr)

    def numbering_of(self, style_id: str | None) -> tuple[str, int] | None:
        if style_id not in self._resolved:
            self._resolved[style_id] = self._resolve(style_id or self._default)
        return self._resolved[style_id]

    def _resolve(self, style_id: str | None) -> tuple[str, int] | None:
        for _ in range(_STYLE_DEPTH):
            if style_id is None:
                return None
            if style_id in self._own:
                return self._own[style_id]
            style_id = self._based_on.get(style_id)
        return None


class _Counters:
    """Word's list counters: for each list, one per level; a level's use restarts deeper ones."""

    def __init__(self) -> None:
        self._counts: dict[str, list[int | None]] = {}

    def next(self, num_id: str, level: int, start: int) -> int:
        counts = self._counts.setdefault(num_id, [None] * _LEVELS)
        previous = counts[level]
        count = (start - 1 if previous is None else previous) + 1
        counts[level] = count
        for deeper in range(level + 1, _LEVELS):
            counts[deeper] = None
        return count


class _Numbering:
    """The list definitions, read once: each list's format and start at each level."""

    def __init__(self, xml: bytes | None) -> None:
        self._abstract: dict[str, dict[int, tuple[str, int]]] = {}
        self._lists: dict[str, tuple[str | None, dict[int, int]]] = {}
        if xml is None:
            return
        root = etree.fromstring(xml, safe_parser())
        for abstract in root.iter(W + "abstractNum"):
            levels = self._abstract.setdefault(abstract.get(W + "abstractNumId") or "", {})
            for lvl in abstract.iter(W + "lvl"):
                level = _whole(lvl.get(W + "ilvl"), -1)
                if 0 <= level < _LEVELS and level not in levels:
                    fmt = _val(lvl.find(W + "numFmt")) or "decimal"
                    levels[level] = (fmt, _whole(_val(lvl.find(W + "start")), 1))
        for num in root.iter(W + "num"):
            restarts = {
                _whole(override.get(W + "ilvl"), -1): _whole(
                    _val(override.find(W + "startOverride")), 0
                )
                for override in num.iter(W + "lvlOverride")
                if override.find(W + "startOverride") is not None
            }
            num_id = num.get(W + "numId") or ""
            self._lists.setdefault(num_id, (_val(num.find(W + "abstractNumId")), restarts))

    def prefix(self, found: tuple[str, int] | None, counters: _Counters) -> str:
        if found is None or found[0] not in self._lists:
            return ""
        num_id, level = found
        abstract_id, restarts = self._lists[num_id]
        fmt, start = self._abstract.get(abstract_id or "", {}).get(level, ("decimal", 1))
        start = restarts.get(level) or start
        if fmt == "none":
            return ""
        if fmt == "bullet":
            return "• "
        return _shown(fmt, counters.next(num_id, level, start))


def _shown(fmt: str, count: int) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (count - 1) % 26)
        return f"({letter.upper() if fmt == 'upperLetter' else letter}) "
    if fmt in ("lowerRoman", "upperRoman") and 0 < count <= _BIGGEST_ROMAN:
        roman = _roman(count)
        return f"({roman.upper() if fmt == 'upperRoman' else roman}) "
    return f"{count}. "


def _roman(number: int) -> str:
    """1 to 3999 in lower-case roman numerals, in steps bounded by the table's length."""
    letters = []
    for value, symbol in _ROMAN:
        times, number = divmod(number, value)
        letters.append(symbol * times)
    return "".join(letters)


def _whole(text: str | None, default: int) -> int:
    """A number the file gives (a list's start, a level), or ``default`` for anything else:
    a huge one would only cost time."""
    if text is None or not text.isdigit() or len(text) > 10:
        return default
    value = int(text)
    return value if value <= _BIGGEST_START else default


def _val(element: etree._Element | None) -> str | None:
    return element.get(W + "val") if element is not None else None
