"""The response document as plain data (docs/rules.md#r16), in the layout of the office's template.

Text that came from Slack (mrkdwn) becomes paragraphs, bullet lists, bold/italic runs and links;
nothing here knows HTML, Markdown or Word.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import groupby

from bot.domain.slack_text import to_plain_text


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    url: str | None = None  # a link; writers only make http(s) and mailto links live


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]


@dataclass(frozen=True)
class BulletList:
    items: tuple[tuple[Run, ...], ...]


Block = Paragraph | BulletList


@dataclass(frozen=True)
class Field:
    label: str
    value: tuple[Run, ...]


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Document:
    title: str
    preamble: str
    fields: tuple[Field, ...]
    sections: tuple[Section, ...] = field(default=())
    author: str = ""  # the office that publishes it, named in the file's properties


_BULLET = re.compile(r"^\s*(?:[•◦▪\-*]|\d+[.)])\s+")
_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)(?:\|([^>]*))?>")
_EMPHASIS = re.compile(
    r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])"
)


def blocks_from_slack(raw: str, names: Mapping[str, str] | None = None) -> tuple[Block, ...]:
    """Slack mrkdwn → paragraphs and lists. Blank lines separate paragraphs; lines that start
    with a bullet or a number form a list, also straight after a lead-in line (as Word and Slack
    paste them); other line breaks are kept inside a paragraph."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", raw.strip()):
        lines = [line for line in chunk.splitlines() if line.strip()]
        if lines:
            blocks += _chunk_blocks(lines, names)
    return tuple(blocks)


def _chunk_blocks(lines: list[str], names: Mapping[str, str] | None) -> list[Block]:
    """One chunk between blank lines: its runs of list lines become lists, the lines around
    them paragraphs. Inside a paragraph, one line that merely starts like a list ("2024. The
    panel…", "- Paula") stays text: a list there needs two lines or a real bullet (•, ◦, ▪)."""
    if all(_BULLET.match(line) for line in lines):
        return [_list(lines, names)]
    blocks: list[Block] = []
    text: list[str] = []
    for bulleted, group in groupby(lines, key=lambda line: bool(_BULLET.match(line))):
        run = list(group)
        if bulleted and (len(run) > 1 or run[0].lstrip()[0] in "•◦▪"):
            if text:
                blocks.append(Paragraph(runs_from_slack("\n".join(text), names)))
                text = []
            blocks.append(_list(run, names))
        else:
            text += run
    if text:
        blocks.append(Paragraph(runs_from_slack("\n".join(text), names)))
    return blocks


def _list(lines: list[str], names: Mapping[str, str] | None) -> BulletList:
    return BulletList(tuple(runs_from_slack(_BULLET.sub("", line), names) for line in lines))


def runs_from_slack(raw: str, names: Mapping[str, str] | None = None) -> tuple[Run, ...]:
    """Links stay links; *bold* and _italic_ become emphasis; everything else becomes the
    readable text of bot.domain.slack_text (mentions as names, entities decoded)."""
    runs: list[Run] = []
    position = 0
    for match in _LINK.finditer(raw):
        runs += _emphasis(raw[position : match.start()], names)
        url, label = match.group(1), match.group(2)
        runs.append(Run(to_plain_text(label or url, names), url=to_plain_text(url)))
        position = match.end()
    runs += _emphasis(raw[position:], names)
    return tuple(run for run in runs if run.text)


def _emphasis(raw: str, names: Mapping[str, str] | None) -> list[Run]:
    runs: list[Run] = []
    position = 0
    for match in _EMPHASIS.finditer(raw):
        runs.append(Run(to_plain_text(raw[position : match.start()], names)))
        if match.group(1) is not None:
            runs.append(Run(to_plain_text(match.group(1), names), bold=True))
        else:
            runs.append(Run(to_plain_text(match.group(2), names), italic=True))
        position = match.end()
    runs.append(Run(to_plain_text(raw[position:], names)))
    return runs


def plain(text: str) -> tuple[Block, ...]:
    """Typed text that is not from Slack markup (the modal's fields)."""
    return blocks_from_slack(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
