"""The project's report fixtures uploaded as the files an office is sent give the same items as
pasted: a Word document, and typeset PDFs with running titles, page numbers and words
hyphenated at line ends; one in two columns with ligatures; one set in a narrower column, so
that other words break (the files are made in the test: tests/bot/documents/report_files.py)."""

from __future__ import annotations

import pytest

from bot.documents.extract import text_of
from bot.domain.items import split_items
from tests.bot.documents.report_files import docx_report, pdf_report
from tests.bot.domain.item_formats import FORMATS, fixture, is_right, score, table

# pdf_text is itself what a PDF reader gives: it is checked as text (test_item_formats.py).
AS_FILES = [name for name in FORMATS if name != "pdf_text"]
TITLE = "An inspection report | Wessex Police"


def made(name: str, kind: str) -> str:
    case = fixture(name)
    if kind == "docx":
        return text_of(docx_report(case.text), f"{name}.docx")
    if kind == "pdf":
        return text_of(pdf_report(case.text, title=TITLE), f"{name}.pdf")
    if kind == "pdf narrow":
        return text_of(pdf_report(case.text, title=TITLE, width=0.6), f"{name}.pdf")
    return text_of(pdf_report(case.text, title=TITLE, columns=2, ligatures=True), f"{name}.pdf")


@pytest.mark.parametrize("kind", ["docx", "pdf", "pdf narrow", "pdf two columns"])
@pytest.mark.parametrize("name", AS_FILES)
def test_a_fixture_made_into_a_file_gives_the_same_items(name: str, kind: str) -> None:
    case = fixture(name)

    found = split_items(made(name, kind), force_name=case.force)

    assert [(i.kind.value, i.number) for i in found] == [
        (e.kind.value, e.number) for e in case.items
    ]
    for item, expected in zip(found, case.items, strict=True):
        # The same words, whom for, due date: a PDF's paragraphs are the typesetter's.
        assert is_right(item, expected, exact=False), (item, expected)


def test_the_pdfs_have_the_furniture_and_hyphens_they_are_made_for() -> None:
    text = made("peel_2014_19", "pdf narrow")

    assert text.count(TITLE) >= 2 and "Page 2" in text
    assert any(line.endswith("-") and line[-2].isalpha() for line in text.splitlines())
    assert "\u007f" in text  # ReportLab's bullet comes out of pypdf as U+007F
    assert "\ufb01" in made("peel_2021_22", "pdf two columns")


def test_the_table_of_formats_as_files(capsys: pytest.CaptureFixture[str]) -> None:
    for kind in ("docx", "pdf", "pdf two columns"):
        scores = []
        for name in AS_FILES:
            case = fixture(name)
            found = split_items(made(name, kind), force_name=case.force)
            scores.append(score(name, found, case.items, exact=False))
        with capsys.disabled():
            print(f"\n{kind}:\n{table(scores)}")
        assert all(s.expected == s.found == s.right for s in scores), table(scores)
