"""Every rule a comment cites can be opened: each ``docs/rules.md#rN`` in the code, the tests,
the benchmarks and the README names a rule that docs/rules.md holds, under its own anchor."""

from __future__ import annotations

import re
from pathlib import Path

from tests.paths import REPOSITORY

RULES = REPOSITORY / "docs" / "rules.md"
CITATION = re.compile(r"docs/rules\.md#(r\d+)\b")


def anchors() -> set[str]:
    return set(re.findall(r'<a id="(r\d+)"></a>\n## R\d+ ', RULES.read_text(encoding="utf-8")))


def citing_files() -> list[Path]:
    sources = [
        path
        for folder in ("bot", "handlers", "storage", "bench", "tests")
        for path in (REPOSITORY / folder).rglob("*.py")
    ]
    return [*sources, REPOSITORY / "README.md"]


def test_each_rule_has_an_anchor_named_after_its_number() -> None:
    text = RULES.read_text(encoding="utf-8")
    for anchor, number in re.findall(r'<a id="(r\d+)"></a>\n## R(\d+) ', text):
        assert anchor == f"r{number}"
    assert len(anchors()) == len(re.findall(r"^## R\d+ ", text, flags=re.MULTILINE))


def test_every_rule_cited_is_in_docs_rules() -> None:
    known = anchors()
    cited = {
        (path.relative_to(REPOSITORY).as_posix(), anchor)
        for path in citing_files()
        for anchor in CITATION.findall(path.read_text(encoding="utf-8"))
    }
    assert cited, "nothing cites docs/rules.md"
    assert sorted(c for c in cited if c[1] not in known) == []


def test_no_comment_cites_what_a_reader_of_the_repository_cannot_open() -> None:
    # An issue's number or a section of a product page outside the repository leads nowhere;
    # a rule is cited as docs/rules.md#rN, or stated where it is used.
    unreadable = re.compile(r"\b[Ii]ssue \d+\b|PRODUCT\.md")
    this_file = Path(__file__).resolve()
    found = [
        f"{path.relative_to(REPOSITORY).as_posix()}:{number}"
        for path in citing_files()
        if path.resolve() != this_file
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if unreadable.search(line)
    ]
    assert found == []
