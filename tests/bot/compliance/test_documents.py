"""The stored fixture year written as the panel reads it: the page, the Word file and the two
charts carry the figures counted by hand (tests/bot/compliance/year.py), on both databases."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date

import docx

from bot.documents.compliance import write
from bot.documents.compliance.charts import publication_alt, publication_chart, status_chart
from bot.domain.actions import ActionStatus
from bot.domain.compliance import ComplianceReport
from bot.domain.compliance_trend import status_by_month
from tests.bot.compliance import year as fixture

Reports = Callable[[str], ComplianceReport]


def test_the_page_gives_the_hand_counted_figures(report_of: Reports) -> None:
    page = write(report_of("2024"), "html").decode("utf-8")
    assert "<h1>Section 55 compliance report: Norfolk, 2024</h1>" in page
    rate = round(100 * fixture.ON_TIME / fixture.COUNTED)
    assert f"<li>On time: {fixture.ON_TIME} of {fixture.COUNTED} ({rate}%)</li>" in page
    assert f"<li>Median days to publish: {fixture.MEDIAN_DAYS}</li>" in page
    assert f"<li>Late: {len(fixture.LATE)} (named below)</li>" in page
    late = re.search(r'<ul class="late">(.*?)</ul>', page, re.S)
    assert late and re.findall(r"<li>(S55-\d+) ", late.group(1)) == list(fixture.LATE)
    for status, count in fixture.STATUS_COUNTS.items():
        label = ActionStatus(status).label
        assert f'<tr class="{status.replace("_", "-")}"><td>{label}</td><td>{count}</td>' in page
    for reference, item, owner, target in fixture.OVERDUE:
        row = f"<td>{reference}</td><td>{item}</td>"
        assert row in page and owner in page and f"{target.day} {target:%b %Y}" in page
    assert not re.search(r"\b(None|nan)\b", page)


def test_the_word_file_has_a_row_per_inspection_and_both_charts(report_of: Reports) -> None:
    word = docx.Document(io.BytesIO(write(report_of("2024"), "docx")))
    inspections = word.tables[0]
    references = [row.cells[0].text for row in inspections.rows][1:]
    assert references == list(fixture.REFERENCES_2024)
    assert len(word.inline_shapes) == 2
    overdue = word.tables[3]
    assert [(row.cells[0].text, row.cells[1].text) for row in overdue.rows][1:] == [
        (reference, item) for reference, item, _, _ in fixture.OVERDUE
    ]


def test_the_charts_show_the_late_ones_and_the_status_at_the_years_end(
    report_of: Reports,
) -> None:
    report = report_of("2024")
    assert f"Late: {', '.join(fixture.LATE)}." in publication_alt(report)
    months = status_by_month(report)
    assert months[0][0] == date(2024, 1, 1) and months[-1][0] == date(2024, 12, 1)
    assert {status.value: n for status, n in months[-1][1].items()} == fixture.STATUS_COUNTS
    for chart in (publication_chart, status_chart):
        for fmt in ("svg", "png"):
            assert chart(report, fmt) == chart(report_of("2024"), fmt)
