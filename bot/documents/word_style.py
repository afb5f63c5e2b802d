"""The office's Word page and styles, defined once: the response document and the compliance
report both start from ``office_document``.

Page: A4 (210 by 297 mm), the seeds' margins of 2.54 cm (one inch) all round. The 2019 response
(seed response-2019-cyber-keep-the-light-on.txt, text taken from its PDF) breaks its lines of
11-point Arial between 461.7 and 472.0 points: the 6.5 inches (468 pt) of a page with one-inch
margins. Font: Arial, 11 point, black, as that response is set; headings bold Arial in black,
14, 12 and 11 point, never python-docx's template headings (Calibri Light in accent blue,
theme fonts). Tables: a plain black grid with a grey header row, never an accent colour.
"""

from __future__ import annotations

from docx import Document as new_document
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm, Pt, RGBColor
from docx.styles.style import BaseStyle, CharacterStyle
from docx.table import _Cell

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN = Cm(2.54)
TEXT_WIDTH = Cm(21.0 - 2 * 2.54)  # 15.92 cm between the margins
FONT = "Arial"
BODY_SIZE = Pt(11)
INK = RGBColor(0x00, 0x00, 0x00)
LINK = RGBColor(0x05, 0x63, 0xC1)  # Word's own hyperlink colour
HEADER_FILL = "E7E6E6"  # a table's header row: light grey
TABLE_STYLE = "Table Grid"
# Heading level → (size, space before, space after), in points.
HEADINGS = {1: (14, 0, 12), 2: (12, 12, 6), 3: (11, 10, 4)}
_THEME_FONTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def office_document() -> Document:
    """A new, empty Word document on the office's page, in the office's styles."""
    word = new_document()
    section = word.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    normal = word.styles["Normal"]
    _font(normal, BODY_SIZE)
    normal.paragraph_format.space_after = Pt(6)
    for level, (size, before, after) in HEADINGS.items():
        for name in (f"Heading {level}", f"Heading {level} Char"):
            if name in word.styles:
                _font(word.styles[name], Pt(size), bold=True)
        heading = word.styles[f"Heading {level}"].paragraph_format
        heading.space_before, heading.space_after = Pt(before), Pt(after)
        heading.keep_with_next = True
    _hyperlink_style(word)
    return word


def header_cell(cell: _Cell) -> None:
    """A table's header cell: shaded light grey (the grid and black words are the style's)."""
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), HEADER_FILL)
    properties.append(shading)


def _font(style: BaseStyle, size: Length, *, bold: bool | None = None) -> None:
    """Arial at ``size`` in black, with the template's theme fonts and theme colour removed
    (Word would otherwise take the theme's over the names set here)."""
    if not isinstance(style, CharacterStyle):  # paragraph styles are character styles too
        raise TypeError(f"style {style.name!r} has no font to set")
    font = style.font
    font.name, font.size, font.bold, font.italic = FONT, size, bold, False
    font.color.rgb = INK
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in _THEME_FONTS:
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:eastAsia"), FONT)
    fonts.set(qn("w:cs"), FONT)
    colour = style.element.rPr.find(qn("w:color"))
    for attribute in ("w:themeColor", "w:themeShade", "w:themeTint"):
        colour.attrib.pop(qn(attribute), None)


def _hyperlink_style(word: Document) -> None:
    """The character style the documents' links name (python-docx's template has none)."""
    if "Hyperlink" in word.styles:
        return
    link = word.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb = LINK
    link.font.underline = True
