"""Markdown, standalone HTML and Word (.docx) from the document model."""

from __future__ import annotations

import html
import io
import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from bot.documents.clean import clean_document
from bot.documents.model import Block, BulletList, Document, Run

# python-docx (30 ms to import) only when a Word file is written (to_docx): Markdown and HTML,
# and every process that imports this module to name the formats, do without it.
if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph as WordParagraph

FORMATS = ("md", "html", "docx")
SAFE_SCHEMES = ("http", "https", "mailto")


def safe_url(url: str | None) -> str | None:
    """Only web and mail links are made live; anything else (javascript:, data:) stays text."""
    return url if url and urlsplit(url).scheme.lower() in SAFE_SCHEMES else None


# --- Markdown -----------------------------------------------------------------------------------
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")  # anywhere in a line
# Only where a line starts: headings, list markers, quotes ("1." becomes "1\." as CommonMark wants).
_MD_LINE_START = re.compile(r"^(\s*)([#+\->]|\d+(?=[.)]))", re.MULTILINE)


def to_markdown(document: Document) -> str:
    document = clean_document(document)
    lines = [f"# {_md(document.title)}", "", _md(document.preamble), ""]
    for field in document.fields:
        lines += [f"**{_md(field.label)}:** {_md_runs(field.value)}", ""]
    for section in document.sections:
        lines += [f"## {_md(section.heading)}", ""]
        for block in section.blocks:
            lines += [*_md_block(block), ""]
    return "\n".join(lines).rstrip() + "\n"


def _md(text: str) -> str:
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(
        lambda m: (
            m.group(1) + (m.group(2) + "\\" if m.group(2)[0].isdigit() else "\\" + m.group(2))
        ),
        escaped,
    )


def _md_runs(runs: tuple[Run, ...]) -> str:
    out = []
    for run in runs:
        text = _md(run.text).replace("\n", "  \n")
        if run.bold:
            text = f"**{text}**"
        if run.italic:
            text = f"*{text}*"
        url = safe_url(run.url)
        # Links arrive percent-encoded (no <, > or spaces); parentheses are encoded as well.
        url = url and url.replace("(", "%28").replace(")", "%29")
        out.append(f"[{text}](<{url}>)" if url else text)
    return "".join(out)


def _md_block(block: Block) -> list[str]:
    if isinstance(block, BulletList):
        return [f"- {_md_runs(item)}" for item in block.items]
    return [_md_runs(block.runs)]


# --- HTML ---------------------------------------------------------------------------------------
_CSS = (
    "body{font-family:Arial,Helvetica,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.5;color:#1b1b1b}h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;"
    "border-bottom:1px solid #ccc}dt{font-weight:bold;margin-top:.5rem}dd{margin-left:0}"
    "@media print{body{margin:0;max-width:none}a{color:inherit}}"
)


def to_html(document: Document) -> str:
    """A standalone, printable page: every user string escaped, no external assets."""
    document = clean_document(document)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(document.title)}</title>",
        *(
            [f'<meta name="author" content="{html.escape(document.author)}">']
            if document.author
            else []
        ),
        f"<style>{_CSS}</style></head>",
        "<body><main>",
        f"<h1>{html.escape(document.title)}</h1>",
        f"<p>{html.escape(document.preamble)}</p>",
        "<dl>",
    ]
    for field in document.fields:
        parts.append(f"<dt>{html.escape(field.label)}</dt><dd>{_html_runs(field.value)}</dd>")
    parts.append("</dl>")
    for section in document.sections:
        parts.append(f"<section><h2>{html.escape(section.heading)}</h2>")
        parts += [_html_block(block) for block in section.blocks]
        parts.append("</section>")
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


def _html_runs(runs: tuple[Run, ...]) -> str:
    out = []
    for run in runs:
        text = html.escape(run.text).replace("\n", "<br>")
        if run.bold:
            text = f"<strong>{text}</strong>"
        if run.italic:
            text = f"<em>{text}</em>"
        url = safe_url(run.url)
        out.append(f'<a href="{html.escape(url, quote=True)}">{text}</a>' if url else text)
    return "".join(out)


def _html_block(block: Block) -> str:
    if isinstance(block, BulletList):
        items = "".join(f"<li>{_html_runs(item)}</li>" for item in block.items)
        return f"<ul>{items}</ul>"
    return f"<p>{_html_runs(block.runs)}</p>"


# --- Word ---------------------------------------------------------------------------------------
def to_docx(document: Document) -> bytes:
    """Real headings and list styles, so the file converts to an accessible PDF; on A4 in the
    office's own styles (bot.documents.word_style)."""
    from bot.documents.word_style import office_document

    document = clean_document(document)  # what XML 1.0 cannot hold would make Word refuse it
    word = office_document()
    properties = word.core_properties
    properties.title = document.title
    properties.author = properties.last_modified_by = document.author
    word.add_heading(document.title, level=1)
    word.add_paragraph(document.preamble)
    for field in document.fields:
        paragraph = word.add_paragraph()
        paragraph.add_run(f"{field.label}: ").bold = True
        _word_runs(paragraph, field.value)
    for section in document.sections:
        word.add_heading(section.heading, level=2)
        for block in section.blocks:
            if isinstance(block, BulletList):
                for item in block.items:
                    _word_runs(word.add_paragraph(style="List Bullet"), item)
            else:
                _word_runs(word.add_paragraph(), block.runs)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _word_runs(paragraph: WordParagraph, runs: tuple[Run, ...]) -> None:
    for run in runs:
        url, text = safe_url(run.url), run.text
        if url:
            _hyperlink(paragraph, text, url)
            continue
        added = paragraph.add_run(text)
        added.bold, added.italic = run.bold or None, run.italic or None


def _hyperlink(paragraph: WordParagraph, text: str, url: str) -> None:
    """python-docx has no public hyperlink API; this is the documented oxml pattern."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    properties.append(style)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.append(underline)
    run.append(properties)
    text_element = OxmlElement("w:t")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def render(document: Document, fmt: str) -> bytes:
    if fmt == "md":
        return to_markdown(document).encode()
    if fmt == "html":
        return to_html(document).encode()
    return to_docx(document)
