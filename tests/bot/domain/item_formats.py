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

Round 2 (``PAGE_FORMATS``): texts as a browser gives them when a web page is copied, in the
layouts an independent evaluation on real public texts found the reader failing on (its
failure patterns F1-F15, R1, R2). The public pages each layout follows (read, not copied):

* ``register_listing`` - the HMICFRS recommendation register's theme listings
  (justiceinspectorates.gov.uk/hmicfrs/?recommendation-theme=plan, …=harm, …=procurement):
  each entry the report's title with the entry's id in brackets, one recommendation (some
  over several paragraphs, a lead-in and bullets), then the log as the page's markup writes
  it ("[on]27th March 2014 [status]awaiting-review[/status][/on][on]… [comment]"), comments,
  a closing sentence and a signature.
* ``register_entry`` - a register entry's own page (…/hmicfrs/recommendation/cleveland/7476/):
  "404 Page not found" and the address above the entry, one unlabelled recommendation, its
  log, the inspector's closing and name.
* ``register_concern`` - a register entry of a PEEL 2016 cause of concern
  (…/recommendation/hampshire/8787/): "Cause of concern", the finding, its recommendations as
  "•" bullets run together on one line with no "Recommendations" heading, a progress note,
  "This recommendation is complete".
* ``register_concern_headed`` - the same with "Recommendations" and a lead-in ending "ensure
  that:" before the run-together bullets, a finding opening "The force's response to…"
  (…/recommendation/west-midlands/8796/).
* ``register_concern_national`` - a national cause of concern in the register
  (…/?recommendation-theme=stop-search, PEEL: police legitimacy 2017): no heading, "HMICFRS is
  concerned that…", "To address this cause of concern HMICFRS recommends that:", "1.By July
  2018, …" with no space after the stop, sub-bullets run together as "•the reasons…; •the
  extent…".
* ``tracker_listing`` - a third-party tracker's page of a PEEL 2023-25 report
  (inquirytracker.uk/sources/hmicfrs/report/peel-2023-25-cleveland/): counters, "Applicable
  Forces", "Areas for Improvement (8)", each item a title line, a paragraph explaining it and
  the force's name on a line of its own.
* ``press_release`` - an HMICFRS press release as a news aggregator carries it, hard-wrapped
  (parliamenttoday.com, "the police response to burglary, robbery and theft", 2022): findings
  after "Inspectors found that:" as "- " bullets, "HMICFRS has recommended that by March 2023,
  all police forces should ensure that:" and its bullets.
* ``transcript_contents`` - a document-sharing site's transcript of an HMIC PDF
  (fdocuments.us, "Police Integrity and Corruption - Durham Constabulary", 2014): "Page N:
  <title>" above each page, running title, page numbers, a contents list ending
  "Recommendations 19".
* ``pcc_letter_quote`` - PCC s.55 response pages that quote rather than set out items (Surrey
  PCC's response to "The Hard Yards: police-to-police collaboration"; Warwickshire PCC's
  response to its vetting and counter-corruption inspection): the one area for improvement
  quoted inside the chief constable's quoted reply, a grade's definition quoted in a sentence.
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
# Web pages as copied (their line ends are the page's paragraphs): checked as text only.
PAGE_FORMATS = [
    "register_listing",
    "register_entry",
    "register_concern",
    "register_concern_headed",
    "register_concern_national",
    "tracker_listing",
    "press_release",
    "transcript_contents",
    "pcc_letter_quote",
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
        for entry in key["items"] or []
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
