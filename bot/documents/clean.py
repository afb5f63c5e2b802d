"""Text and links fit for a published document, whatever was pasted into Slack.

Control characters break Word (XML 1.0 cannot hold them) and bidi overrides such as U+202E can
make a published sentence read differently from what was confirmed; neither is ever meant to be
in the office's document. Tabs, line breaks and every ordinary character (Welsh, accents, CJK,
emoji with their zero-width joiners) are kept.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.documents.model import Block, BulletList, Document, Field, Paragraph, Run, Section
from bot.domain.links import encode_url

# C0 controls but tab and line feed, DEL and C1 controls, Arabic letter mark, LRM/RLM, bidi
# embeddings/overrides and isolates, lone surrogates, and the two noncharacters XML refuses.
_UNWANTED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\ufffe\uffff]"
)


def clean_text(text: str) -> str:
    return _UNWANTED.sub("", text)


def clean_document(document: Document) -> Document:
    """The same document with every text cleaned and every link percent-encoded."""
    return Document(
        title=clean_text(document.title),
        preamble=clean_text(document.preamble),
        fields=tuple(Field(clean_text(f.label), _runs(f.value)) for f in document.fields),
        sections=tuple(
            Section(clean_text(s.heading), tuple(_block(b) for b in s.blocks))
            for s in document.sections
        ),
        author=clean_text(document.author),
    )


def _block(block: Block) -> Block:
    if isinstance(block, BulletList):
        return BulletList(tuple(_runs(item) for item in block.items))
    return Paragraph(_runs(block.runs))


def _runs(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    return tuple(
        replace(run, text=clean_text(run.text), url=encode_url(run.url) if run.url else None)
        for run in runs
    )
