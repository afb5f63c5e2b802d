"""The text of a Word (.docx) file: paragraphs and tables in order, list numbers put back.

python-docx gives a paragraph's text without its list number, since Word computes the number
when it shows the page. A report's "1. Chief constables should…" would lose its "1.", so a
numbered paragraph (its own numbering, or its style's, as "List Number" has) is given the
number Word shows, counted here: "1. ", "2. "…, restarting where the list definition says.
Bulleted paragraphs get "• ", lettered and roman ones "(a) " / "(i) ". What counts is good
enough for split_items; a person confirms every item anyway.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from docx import Document
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.table import Table
from docx.text.paragraph import Paragraph

_STYLE_DEPTH = 10
_ROMAN = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def text_of_docx(data: bytes) -> str:
    """Each paragraph (a table cell's too) on its own line."""
    document = Document(io.BytesIO(data))
    numbers = _Numbering(document)
    return "\n".join(
        numbers.prefix(paragraph) + paragraph.text for paragraph in _paragraphs(document)
    )


def _paragraphs(document: WordDocument) -> Iterator[Paragraph]:
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            yield item
        else:
            yield from _table_paragraphs(item)


def _table_paragraphs(table: Table) -> Iterator[Paragraph]:
    # The cells themselves, not their id(): the set keeps each alive, so lxml gives the same
    # object for it again rather than a new one that may reuse a freed one's id.
    seen: set[BaseOxmlElement] = set()
    for row in table.rows:
        for cell in row.cells:
            if cell._tc in seen:  # a merged cell is given once per grid column it spans
                continue
            seen.add(cell._tc)
            for item in cell.iter_inner_content():
                if isinstance(item, Paragraph):
                    yield item
                else:
                    yield from _table_paragraphs(item)


class _Numbering:
    """Word's list counters: one per list and level; a level's use restarts the deeper ones."""

    def __init__(self, document: WordDocument) -> None:
        try:
            self._root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):  # a document with no lists at all
            self._root = None
        self._counters: dict[tuple[str, int], int] = {}

    def prefix(self, paragraph: Paragraph) -> str:
        found = _num_pr(paragraph)
        if found is None or self._root is None:
            return ""
        num_id, level = found
        fmt, start = self._format(num_id, level)
        if fmt in (None, "none"):
            return ""
        if fmt == "bullet":
            return "• "
        count = self._counters.get((num_id, level), start - 1) + 1
        self._counters[(num_id, level)] = count
        for key in [key for key in self._counters if key[0] == num_id and key[1] > level]:
            del self._counters[key]
        return _shown(fmt, count)

    def _format(self, num_id: str, level: int) -> tuple[str | None, int]:
        num = _child_with(self._root, "w:num", "w:numId", num_id)
        if num is None:
            return None, 1
        abstract_id = _val(num.find(qn("w:abstractNumId")))
        abstract = _child_with(self._root, "w:abstractNum", "w:abstractNumId", abstract_id)
        lvl = _child_with(abstract, "w:lvl", "w:ilvl", str(level))
        if lvl is None:
            return "decimal", 1
        start = _val(lvl.find(qn("w:start"))) or "1"
        override = _child_with(num, "w:lvlOverride", "w:ilvl", str(level))
        if override is not None and (restart := _val(override.find(qn("w:startOverride")))):
            start = restart
        return _val(lvl.find(qn("w:numFmt"))) or "decimal", int(start)


def _num_pr(paragraph: Paragraph) -> tuple[str, int] | None:
    """The paragraph's (list, level): its own, else its style's or the style it is based on."""
    elements = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None and len(elements) <= _STYLE_DEPTH:  # a damaged file may loop
        elements.append(style.element.pPr)
        style = style.base_style
    for pPr in elements:
        num_pr = pPr.find(qn("w:numPr")) if pPr is not None else None
        if num_pr is not None:
            num_id = _val(num_pr.find(qn("w:numId")))
            level = _val(num_pr.find(qn("w:ilvl"))) or "0"
            return (num_id, int(level)) if num_id and num_id != "0" else None
    return None


def _shown(fmt: str, count: int) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (count - 1) % 26)
        return f"({letter.upper() if fmt == 'upperLetter' else letter}) "
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(count)
        return f"({roman.upper() if fmt == 'upperRoman' else roman}) "
    return f"{count}. "


def _roman(number: int) -> str:
    text = ""
    for value, letters in _ROMAN:
        while number >= value:
            text, number = text + letters, number - value
    return text or str(number)


def _child_with(
    parent: BaseOxmlElement | None, tag: str, attribute: str, value: str | None
) -> BaseOxmlElement | None:
    if parent is None or value is None:
        return None
    for child in parent.iterchildren(qn(tag)):
        if child.get(qn(attribute)) == value:
            return child
    return None


def _val(element: BaseOxmlElement | None) -> str | None:
    return element.get(qn("w:val")) if element is not None else None
