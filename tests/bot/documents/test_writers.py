"""The writers on their own: escaping, link schemes, and text Word cannot hold."""

from __future__ import annotations

import dataclasses
import html
import io

import docx
import pytest

from bot import copy
from bot.documents.model import (
    BulletList,
    Document,
    Field,
    Paragraph,
    Run,
    Section,
    blocks_from_slack,
)
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


def test_bullets_straight_after_a_lead_in_line_become_a_real_list_in_every_format() -> None:
    pasted = "We will:\n• vet every officer\n◦ again each year\n▪ and report\nSigned, the PCC"
    [lead, bullets, after] = blocks_from_slack(pasted)
    assert lead == Paragraph((Run("We will:"),))
    assert [run.text for item in bullets.items for run in item] == [
        "vet every officer",
        "again each year",
        "and report",
    ]
    assert after == Paragraph((Run("Signed, the PCC"),))
    doc = Document(title="T", preamble="P", fields=(), sections=(Section("PCC", (lead, bullets)),))
    assert "<p>We will:</p>\n<ul><li>vet every officer</li>" in to_html(doc)
    assert "We will:\n\n- vet every officer\n- again each year" in to_markdown(doc)
    word = docx.Document(io.BytesIO(to_docx(doc)))
    assert [(p.style.name, p.text) for p in word.paragraphs][-4:] == [
        ("Normal", "We will:"),
        ("List Bullet", "vet every officer"),
        ("List Bullet", "again each year"),
        ("List Bullet", "and report"),
    ]
    assert "•" not in to_html(doc) + "".join(p.text for p in word.paragraphs)


@pytest.mark.parametrize("marker", ["-", "*", "1.", "2)"])
def test_typed_markers_after_a_lead_in_make_a_list_too(marker: str) -> None:
    [lead, bullets] = blocks_from_slack(f"Actions:\n{marker} one\n{marker} two")
    assert isinstance(lead, Paragraph) and isinstance(bullets, BulletList)
    assert [item[0].text for item in bullets.items] == ["one", "two"]


def test_a_single_line_that_only_looks_like_a_list_stays_in_its_paragraph() -> None:
    [paragraph] = blocks_from_slack("We report to the panel in\n2024. It meets quarterly.")
    assert paragraph == Paragraph((Run("We report to the panel in\n2024. It meets quarterly."),))


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


@pytest.mark.parametrize(
    ("area", "office"),
    [
        ("Norfolk", "Norfolk's Office of the Police and Crime Commissioner"),
        (None, "Office of the Police and Crime Commissioner"),
    ],
)
def test_the_word_files_author_is_the_office_not_the_library(area: str | None, office: str) -> None:
    doc = dataclasses.replace(document(Run("x")), author=copy.document_author(area))
    properties = docx.Document(io.BytesIO(to_docx(doc))).core_properties
    assert (properties.author, properties.last_modified_by, properties.title) == (
        office,
        office,
        "T",
    )
    assert f'<meta name="author" content="{html.escape(office)}">' in to_html(doc)
