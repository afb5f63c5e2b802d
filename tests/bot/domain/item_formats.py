"""The project's own report fixtures (tests/fixtures/items), each written for the project in the
layout of a kind of published HMICFRS text, with its answer key counted by hand.

Whose format each follows (the public documents read to write them; no words copied):

* ``national_thematic`` - HMICFRS national thematic reports as published on its website:
  "An inspection of vetting, misconduct, and misogyny in the police service" (2 November 2022)
  and "Cyber: Keep the light on" (October 2019): a summary of recommendations, each under
  "Recommendation N" on its own line, dated ("By 30 June 2024, chief constables should…") and
  addressed to chief constables or national bodies, then "Area for improvement N", with the
  recommendations set out again in the chapters and "promising practice" boxes.
* ``peel_2021_22`` - PEEL 2021/22 force reports (the HMICFRS "PEEL assessments 2021/22" page;
  its glossary entry "Cause of concern": "always accompanied by one or more recommendations"):
  "Causes of concern", each "Cause of concern" with "Recommendations" beneath it ("Within three
  months, the force should:" and bullets), chapters with "Area for improvement" /
  "Areas for improvement" and "Innovative practice".
* ``peel_2023_25`` - PEEL 2023-2025 force reports (the "PEEL assessments 2023 - 2025" page):
  numbered "Cause of concern 1", "Recommendation 1", "Area for improvement 2", "Notable
  practice".
* ``peel_2014_19`` - PEEL 2014-2019 force reports as PDF, such as "PEEL: Police effectiveness
  2017 - Norfolk Constabulary" (in ../shared/seeds) and the crime data integrity force reports
  of 2014: running titles and page numbers, "Areas for improvement" bullet lists in the summary
  and again in the chapter, "HMIC recommends that within six months the force should put in
  place arrangements to ensure that:" with its bullets.
* ``register`` and ``register_single`` - recommendation registers as forces and police
  authorities publish them (the City of London Police Authority's "HMICFRS inspections and
  performance reporting" updates; the crime data integrity recommendations of 2014 and
  "Crime-recording: making the victim count", 18 November 2014): a number alone on its line,
  its status ("Completed"), the recommendation, then a dated log.
* ``authority_minutes`` - a police authority committee's minute (City of London, "HMICFRS
  Inspection Update", Strategic Planning and Performance Committee, 2019): "Action for Further
  Improvement (AFI) 7 - the Force should…", comments as "·" bullets, "RESOLVED, that the report
  be received.", "Supporting documents:".
* ``pcc_response`` - PCC s.55 responses that quote items (the Warwickshire PCC's response to
  "An inspection of vetting, misconduct, and misogyny in the police service"; the seed
  responses in ../shared/seeds): headings with counts ("Areas for Improvement (3)"), a
  reference cell before a label ("R1 Recommendation • The force should…"), a response after
  each item.
* ``pdf_text`` - what a PDF reader gives of a joint inspection report: running header and
  footer, "Page 2 of 3", words hyphenated at line ends, ligatures, bullets as U+007F and
  U+F0B7, a zero-width space after "1.", a bidi override, two columns in reading order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bot.domain.items import DirectedAt, ItemKind, ProposedItem

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "items"
FORMATS = [
    "national_thematic",
    "peel_2021_22",
    "peel_2023_25",
    "peel_2014_19",
    "register",
    "register_single",
    "authority_minutes",
    "pcc_response",
    "pdf_text",
]


@dataclass(frozen=True)
class Expected:
    kind: ItemKind
    number: str
    text: str
    directed_at: DirectedAt
    due: date | None
    under: str | None


@dataclass(frozen=True)
class Fixture:
    name: str
    text: str
    force: str
    items: list[Expected]


def fixture(name: str) -> Fixture:
    key: dict[str, Any] = yaml.safe_load((FIXTURES / f"{name}.yaml").read_text(encoding="utf-8"))
    items = [
        Expected(
            ItemKind(entry["kind"]),
            str(entry["number"]),
            entry["text"],
            DirectedAt(entry["directed_at"]),
            entry.get("due"),
            entry.get("under"),
        )
        for entry in key["items"]
    ]
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    return Fixture(name, text, key["force"], items)


def words(text: str) -> str:
    """The words of an item, whatever its line breaks (a PDF's are the typesetter's)."""
    return " ".join(text.split())


def is_right(found: ProposedItem, expected: Expected, *, exact: bool = True) -> bool:
    """Kind, number, whole text and nothing after it, whom it is for, its due date, the cause
    of concern it is under. ``exact``: bullets and paragraphs where the report has them."""
    same_text = found.text == expected.text if exact else words(found.text) == words(expected.text)
    return (
        (found.kind, found.number) == (expected.kind, expected.number)
        and same_text
        and found.directed_at is expected.directed_at
        and found.due == expected.due
        and found.under == expected.under
    )


@dataclass(frozen=True)
class Score:
    name: str
    expected: int
    found: int
    right: int


def score(name: str, found: list[ProposedItem], expected: list[Expected], exact: bool) -> Score:
    keyed = {(e.kind, e.number): e for e in expected}
    right = sum(
        1
        for item in found
        if (e := keyed.get((item.kind, item.number))) is not None and is_right(item, e, exact=exact)
    )
    return Score(name, len(expected), len(found), right)


def table(scores: list[Score]) -> str:
    rows = ["| format | expected | found | right |", "| --- | --- | --- | --- |"]
    rows += [f"| {s.name} | {s.expected} | {s.found} | {s.right} |" for s in scores]
    total = Score(
        "all",
        sum(s.expected for s in scores),
        sum(s.found for s in scores),
        sum(s.right for s in scores),
    )
    rows.append(f"| **{total.name}** | {total.expected} | {total.found} | {total.right} |")
    return "\n".join(rows)
