"""The writers on their own: escaping, link schemes, and text Word cannot hold."""

from __future__ import annotations

import io

import docx

from bot.documents.model import Document, Field, Paragraph, Run, Section, blocks_from_slack
from bot.documents.writers import to_docx, to_html, to_markdown


def document(*runs: Run) -> Document:
    return Document(
        title="T",
        preamble="P",
        fields=(Field("Inspection title", runs),),
        sections=(Section("PCC response", (Paragraph(runs),)),),
    )


def test_characters_xml_cannot_hold_are_dropped_from_word_not_fatal() -> None:
    data = to_docx(document(Run("pasted\x1b from a PDF\x00\ufffe")))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "pasted from a PDF" in text


def test_only_web_and_mail_links_are_live() -> None:
    runs = (
        Run("a", url="javascript:alert(1)"),
        Run("b", url="data:text/html,x"),
        Run("c", url="https://ok.example/"),
    )
    page = to_html(document(*runs))
    assert 'href="javascript' not in page and 'href="data' not in page
    assert '<a href="https://ok.example/">c</a>' in page
    markdown = to_markdown(document(*runs))
    assert "](<https://ok.example/>)" in markdown and "javascript" not in markdown


def test_markdown_escapes_what_would_change_the_layout() -> None:
    text = to_markdown(document(Run("1. not a list, *not bold*, <b>not html</b>")))
    assert "1\\. not a list, \\*not bold\\*, \\<b\\>not html\\</b\\>" in text


def test_slack_bullets_and_numbers_become_lists() -> None:
    [intro, bullets] = blocks_from_slack("Steps:\n\n1. first\n2. second")
    assert [run.text for item in bullets.items for run in item] == ["first", "second"]
    assert intro.runs[0].text == "Steps:"


def test_a_link_with_a_control_character_still_makes_a_word_document() -> None:
    data = to_docx(document(Run("x", url="https://ok.example/a\u000bb\x01c")))
    word = docx.Document(io.BytesIO(data))
    targets = [rel.target_ref for rel in word.part.rels.values() if rel.is_external]
    assert targets == ["https://ok.example/a%0Bb%01c"]  # one relationship, used twice


BIDI_AND_CONTROLS = (
    "\u202e\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u200e\u200f\u061c\x07\x1b\x7f\x85"
)
KEPT = "Ŵyŷ Gymraeg café naïve 👮🏽\u200d♀️ 警察 ✅\tcolumn\nnext line"


def test_bidi_and_control_characters_are_stripped_from_every_format() -> None:
    doc = document(Run(f"before{BIDI_AND_CONTROLS}after {KEPT}"))
    word = docx.Document(io.BytesIO(to_docx(doc)))
    word_text = "\n".join(p.text for p in word.paragraphs)
    for text in (to_markdown(doc), to_html(doc), word_text):
        assert "beforeafter" in text
        assert not any(char in text for char in BIDI_AND_CONTROLS)
        for kept in KEPT.split():
            assert kept in text


def test_bidi_marks_in_the_title_and_headings_are_stripped_too() -> None:
    doc = Document(
        title="T\u202eitle", preamble="P\u2066re", fields=(), sections=(Section("H\u200fead", ()),)
    )
    for text in (to_markdown(doc), to_html(doc)):
        assert "Title" in text and "Pre" in text and "Head" in text


def test_markdown_link_targets_encode_what_would_end_them() -> None:
    markdown = to_markdown(document(Run("r", url="https://ok.example/a<b>c d(e)")))
    assert "](<https://ok.example/a%3Cb%3Ec%20d%28e%29>)" in markdown
