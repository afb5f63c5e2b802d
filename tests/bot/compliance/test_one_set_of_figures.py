"""The Police and Crime Panel report is true to its own data (docs/rules.md#r18): on the fixture
year, a withdrawn inspection is in no table or figure, and every count the summary gives equals the
table's and the chart's, in every format and in the channel; both databases."""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Callable

import docx

from bot.documents.compliance import charts
from bot.documents.compliance.content import content
from bot.documents.compliance.docx import report_docx
from bot.documents.compliance.html import report_html
from bot.documents.compliance.tables import report_csv, report_markdown
from bot.domain.actions import ActionStatus, Rag
from bot.domain.compliance import ComplianceReport
from bot.domain.compliance_trend import status_bars
from bot.render import as_dicts
from bot.render.compliance import report_message
from tests.bot.compliance import year as fixture

Reports = Callable[[str], ComplianceReport]


def summary_figures(report: ComplianceReport) -> dict[str, int]:
    """What the summary lines say, read back from their words."""
    said = " ".join(content(report).summary)
    on_time = re.search(r"On time: (\d+) of (\d+)", said)
    late = re.search(r"Late: (\d+)", said)
    items = re.search(r"followed up: (\d+) · awaiting an answer: (\d+) · overdue: (\d+)", said)
    assert on_time and late and items, said
    not_counted = dict(
        (reason, int(n))
        for n, reason in re.findall(r"(\d+) (not yet due|no response required)", said)
    )
    return {
        "on time": int(on_time.group(1)),
        "counted": int(on_time.group(2)),
        "late": int(late.group(1)),
        "not yet due": not_counted.get("not yet due", 0),
        "no response required": not_counted.get("no response required", 0),
        "followed": int(items.group(1)),
        "awaiting": int(items.group(2)),
        "overdue": int(items.group(3)),
    }


def table_figures(report: ComplianceReport) -> dict[str, int]:
    said = content(report)
    results = Counter(row[-1] for row in said.inspections.rows)
    by_status = {row[0]: int(row[1]) for row in said.by_status.rows}
    return {
        "on time": results["On time"],
        "counted": results["On time"] + results["Late"],
        "late": results["Late"],
        "not yet due": results["Not yet due"],
        "no response required": results["No response required"],
        "followed": sum(by_status.values()),
        "followed by RAG": sum(int(row[1]) for row in said.by_rag.rows),
        "each action": len(said.actions.rows),
        "overdue": len(said.overdue.rows),
    }


def chart_figures(report: ComplianceReport) -> dict[str, object]:
    """What the two charts show: the references each places on time, late or not yet due (its
    words, which are the SVG's title and the picture's alt text), and the status chart's last
    bar, read from its words too."""
    publication = charts.publication_alt(report)
    named = {
        key: re.findall(r"S55-\d+", part)
        for key, part in re.findall(r"(On time|Late|Open, not yet due): ([^.]*)\.", publication)
    }
    status = charts.status_alt(report)
    last = re.search(r"(?:On|At) [^:]*: (.*)\.$", status)
    assert last, status
    bar = {label: int(n) for label, n in re.findall(r"([a-z —]+?) (\d+)(?:, |$)", last.group(1))}
    return {
        "on time": len(named.get("On time", [])),
        "late": len(named.get("Late", [])),
        "not yet due": len(named.get("Open, not yet due", [])),
        "last bar": bar,
    }


def test_every_count_in_the_summary_is_the_tables_and_the_charts(report_of: Reports) -> None:
    report = report_of("2024")
    summary, tables, drawn = summary_figures(report), table_figures(report), chart_figures(report)
    assert summary == {
        "on time": fixture.ON_TIME,
        "counted": fixture.COUNTED,
        "late": len(fixture.LATE),
        "not yet due": 1,
        "no response required": 1,
        "followed": sum(fixture.STATUS_COUNTS.values()),
        "awaiting": fixture.AWAITING_ANSWER,
        "overdue": len(fixture.OVERDUE),
    }
    for key in ("on time", "counted", "late", "not yet due", "no response required", "overdue"):
        assert summary[key] == tables[key], key
    assert summary["followed"] == tables["followed"] == tables["followed by RAG"]
    assert summary["followed"] == tables["each action"]
    for key in ("on time", "late", "not yet due"):
        assert summary[key] == drawn[key], key
    by_status = {row[0].lower(): int(row[1]) for row in content(report).by_status.rows}
    assert drawn["last bar"] == by_status  # the report's day: what the table counts
    assert sum(by_status.values()) == summary["followed"]


def test_the_channels_summary_says_the_same_figures(report_of: Reports) -> None:
    report = report_of("2024")
    _, blocks = report_message(report, actor="U0OFFICER1")
    shown = str(as_dicts(blocks)).replace("\\n", "\n")
    assert f"*On time:* {fixture.ON_TIME} of {fixture.COUNTED}" in shown
    for status, count in report.status_counts().items():
        assert f"{status.label}: {count}" in shown
    for rating, count in report.rag_counts().items():
        assert f"{rating.label}: {count}" in shown
    assert f"*Overdue actions ({len(fixture.OVERDUE)})*" in shown


def test_a_withdrawn_inspection_is_in_no_table_or_figure(report_of: Reports) -> None:
    report = report_of("2024")
    word = docx.Document(io.BytesIO(report_docx(report)))
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    said = {
        "lines": " ".join(i.reference for i in report.inspections),
        "csv": report_csv(report),
        "markdown": report_markdown(report),
        "page": report_html(report),
        "word": " ".join([*(p.text for p in word.paragraphs), *cells]),
        "publication chart": charts.publication_chart(report, "svg").decode(),
        "status chart": charts.status_chart(report, "svg").decode(),
        "channel": str(as_dicts(report_message(report, actor="U0OFFICER1")[1])),
    }
    for where, text in said.items():
        assert not re.search(rf"{fixture.WITHDRAWN}\b", text), where
        assert "withdrawn" not in text.lower(), where
    assert "activism and impartiality" not in said["page"]  # nor by its title


def test_a_period_read_after_it_ended_ends_its_status_chart_on_the_report_day(
    report_of: Reports,
) -> None:
    """The first quarter's items moved on after March: the tables count them as they stand on
    the report's day, and so does the chart's last bar (not March's end)."""
    quarter = report_of("1 Jan 2024 to 31 Mar 2024")
    bars = status_bars(quarter)
    assert [day for day, _ in bars][-1] == fixture.AS_OF
    assert bars[-1][1] == quarter.status_counts()
    march = dict(bars)[bars[-2][0]]
    assert march != bars[-1][1]  # S55-2's items moved on after the quarter
    assert "On the report's day, 31 Jan 2025: " in charts.status_alt(quarter)


def test_every_status_and_rating_is_counted_once(report_of: Reports) -> None:
    report = report_of("2024")
    assert set(report.status_counts()) == set(ActionStatus)
    assert set(report.rag_counts()) == set(Rag)
    assert sum(report.status_counts().values()) == sum(report.rag_counts().values())
