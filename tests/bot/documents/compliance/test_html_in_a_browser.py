"""The compliance report's page as a panel member opens it: in a real browser (Debian's
Chromium), with a full-page screenshot kept in test-artifacts/compliance/report.png."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from bot.documents.compliance.html import report_html
from tests.bot.documents.compliance.sample import sample_report
from tests.browser import browser, screenshot_path


@pytest.fixture(scope="module")
def path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    written = tmp_path_factory.mktemp("compliance") / "report.html"
    written.write_text(report_html(sample_report()), encoding="utf-8")
    return written


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with browser() as launched:
        yield launched


@pytest.fixture(scope="module")
def page(chromium: Any, path: Path) -> Iterator[Any]:
    context = chromium.new_context(viewport={"width": 1100, "height": 900}, locale="en-GB")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("request", lambda request: errors.append(f"fetched {request.url}"))
    tab.goto(path.as_uri())
    tab.screenshot(path=screenshot_path("report", under="compliance"), full_page=True)
    yield tab
    assert errors == [f"fetched {path.as_uri()}"], "the page is standalone, without errors"
    context.close()


def test_the_page_opens_with_its_title_figures_and_both_charts(page: Any) -> None:
    assert page.title() == "Section 55 compliance report: Norfolk, 2024"
    summary = page.locator("ul.summary li")
    assert summary.first.inner_text() == "On time: 8 of 10 (80%)"
    charts = page.locator("figure svg[role=img]")
    assert charts.count() == 2
    for index in range(2):
        box = charts.nth(index).bounding_box()
        assert box is not None and box["width"] > 600 and box["height"] > 250


def test_nothing_is_wider_than_the_window(page: Any) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_printed_on_a4_every_column_still_fits_the_page(chromium: Any, path: Path) -> None:
    # A4 less 15 mm margins either side is 180 mm: about 680 CSS pixels.
    with closing(chromium.new_context(viewport={"width": 680, "height": 1000})) as context:
        tab = context.new_page()
        tab.goto(path.as_uri())
        tab.emulate_media(media="print")
        tab.screenshot(path=screenshot_path("report-print", under="compliance"), full_page=True)
        overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
        assert tab.pdf(format="A4")[:5] == b"%PDF-"


def test_the_late_results_stand_out_in_red(page: Any) -> None:
    late = page.locator("table.inspections tr.late td:last-child")
    assert late.all_inner_texts() == ["Late", "Late"]
    colour = late.first.evaluate("cell => getComputedStyle(cell).color")
    assert colour == "rgb(183, 28, 28)"


def test_a_title_someone_typed_shows_as_typed_not_as_markup(page: Any) -> None:
    row = page.locator("table.inspections tr", has_text="S55-6")
    assert "Stop & search: <b>disproportionality</b> in 2024" in row.inner_text()
    assert page.locator("table.inspections b").count() == 0


def test_the_screenshot_is_kept(page: Any) -> None:
    shot = screenshot_path("report", under="compliance")
    assert shot.stat().st_size > 50_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
