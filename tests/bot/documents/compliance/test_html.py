"""The compliance report's page: what it says, from the report's own figures, with every typed
value escaped and no value nobody recorded shown as "None"."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

from bot.documents.compliance.html import report_html
from bot.domain.compliance import Period
from bot.domain.deadlines import DeadlineRule
from tests.bot.documents.compliance.sample import INSPECTIONS, TRICKY_TITLE, line, sample_report


class Text(HTMLParser):
    """The page's visible text by element, as a reader (or a screen reader) meets it."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if data.strip() and self.stack and self.stack[-1] not in ("style", "path"):
            self.found.append((self.stack[-1], " ".join(data.split())))


def text_of(page: str) -> list[tuple[str, str]]:
    parser = Text()
    parser.feed(page)
    return parser.found


def rows_of(page: str, table: str) -> list[list[str]]:
    body = re.search(rf'<table class="{table}">.*?<tbody>(.*?)</tbody>', page, re.S)
    assert body, f"no {table} table"
    return [
        [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td>(.*?)</td>", row)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S)
    ]


def test_the_page_names_the_report_its_period_and_the_rule_it_judges_by() -> None:
    page = text_of(report_html(sample_report()))
    assert ("title", "Section 55 compliance report: Norfolk, 2024") in page
    assert ("h1", "Section 55 compliance report: Norfolk, 2024") in page
    assert (
        "p",
        "Inspections whose HMICFRS report was published from 1 January 2024 to 31 December "
        "2024; deadlines and target dates judged on 20 November 2024.",
    ) in page
    rule = next(text for tag, text in page if text.startswith("On time means"))
    assert "statutory deadline" in rule and "publication date + 56 days" in rule


def test_the_summary_gives_the_reports_own_figures_and_names_the_late_ones() -> None:
    listed = [text for tag, text in text_of(report_html(sample_report())) if tag == "li"][:7]
    assert listed == [
        "On time: 8 of 10 (80%)",
        "Median days to publish: 49",
        "Late: 2 (named below)",
        "Not counted: 1 not yet due, 1 no response required",
        "Recommendations and AFIs followed up: 9 · awaiting an answer: 2 · overdue: 2",
        "S55-3 Race and policing — published 4 days after the deadline",
        "S55-10 Custody services — not published; the deadline was 25 September 2024",
    ]


def test_each_inspection_has_a_row_with_its_days_and_result() -> None:
    rows = rows_of(report_html(sample_report()), "inspections")
    assert len(rows) == 12  # S55-5, withdrawn, is in no report
    assert rows[0] == [
        "S55-1",
        "PEEL 2023\u201325: Norfolk Constabulary",
        "16 Jan 2024",
        "11 Mar 2024",
        "1 Mar 2024",
        "10 days early",
        "Complete",
        "On time",
    ]
    assert rows[1][5] == "On the day" and rows[2][5:] == ["4 days late", "Complete", "Late"]
    assert "S55-5" not in [row[0] for row in rows]  # withdrawn: in no report
    assert rows[8][4:] == ["—", "—", "Awaiting PCC response", "Late"]
    assert rows[10][7] == "Not yet due"


def test_items_are_counted_by_status_and_rag_and_the_overdue_ones_named() -> None:
    page = report_html(sample_report())
    assert rows_of(page, "by-status") == [
        ["Not started", "3"],
        ["In progress", "3"],
        ["Complete", "2"],
        ["Closed — no further action", "1"],
    ]
    assert rows_of(page, "by-rag") == [["Red", "2"], ["Amber", "2"], ["Green", "5"]]
    overdue = rows_of(page, "overdue")
    assert [row[:2] + row[3:] for row in overdue] == [
        ["S55-1", "AFI 1", "Chief Inspector &lt;Jo&gt; Bloggs", "30 Sep 2024", "In progress"],
        ["S55-9", "Recommendation 3", "Director of Intelligence", "31 Oct 2024", "Not started"],
    ]
    assert len(rows_of(page, "each-action")) == 9


def test_both_charts_are_inline_svg_named_for_a_screen_reader() -> None:
    page = report_html(sample_report())
    assert page.count('<svg role="img"') == 2
    assert "<?xml" not in page and "<!DOCTYPE svg" not in page
    assert "<title>Each response's publication against its statutory deadline." in page
    assert "<title>Recommendations and AFIs by status, at each month's end," in page


def test_a_late_ones_title_reads_as_typed_with_no_markdowns_escapes() -> None:
    piped = line(3, date(2024, 2, 20), date(2024, 4, 19), "complete", r"Race | policing \ 2024")
    inspections = tuple(piped if i.reference == "S55-3" else i for i in INSPECTIONS)
    listed = [text for tag, text in text_of(report_html(sample_report(inspections=inspections)))]
    assert r"S55-3 Race | policing \ 2024 — published 4 days after the deadline" in listed


def test_what_people_typed_is_escaped() -> None:
    page = report_html(sample_report())
    assert "Stop &amp; search: &lt;b&gt;disproportionality&lt;/b&gt; in 2024" in page
    assert TRICKY_TITLE not in page and "<Jo>" not in page


def test_nothing_unrecorded_is_printed_as_none_or_nan() -> None:
    bare = sample_report(area=None, notes=("Figures read on the day of the panel.",))
    for report in (sample_report(), bare):
        page = report_html(report)
        assert not re.search(r"\b(None|nan|NaN|null)\b", page)
    assert "<h1>Section 55 compliance report, 2024</h1>" in report_html(bare)
    assert "Figures read on the day of the panel." in report_html(bare)


def test_an_empty_period_says_so_in_each_section() -> None:
    empty = sample_report(
        inspections=(),
        actions=(),
        awaiting_answer=0,
        period=Period(date(2023, 1, 1), date(2023, 12, 31), "2023"),
        as_of=date(2024, 1, 5),
        office_rule=DeadlineRule.STATUTORY,
    )
    page = report_html(empty)
    for said in (
        "No response was due yet.",
        "Median days to publish: no response published yet",
        "No inspection report was published in this period.",
        "No response was late.",
        "No action is past its target date.",
        "No recommendation or AFI of these inspections has been answered yet.",
        "The office&#39;s own countdown uses the same deadline.",
    ):
        assert said in page
    assert not re.search(r"\b(None|nan)\b", page)


def test_the_same_report_gives_the_same_page() -> None:
    assert report_html(sample_report()) == report_html(sample_report())
