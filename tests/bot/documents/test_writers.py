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
