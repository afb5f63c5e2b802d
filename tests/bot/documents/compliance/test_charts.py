"""The compliance report's two charts: what they show, said in words, and the same bytes for the
same report, in this process and in another one."""

from __future__ import annotations

import dataclasses
import html
import io
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from unittest.mock import patch

import pytest
from PIL import Image

from bot.documents.compliance import charts
from bot.documents.compliance.charts import (
    FORMATS,
    draw_afresh,
    publication_alt,
    publication_chart,
    publication_rows,
    status_alt,
    status_chart,
)
from tests.bot.documents.compliance.sample import INSPECTIONS, sample_report
from tests.paths import REPOSITORY

CHARTS = {"publication": publication_chart, "status": status_chart}


def test_withdrawn_and_not_required_inspections_are_left_out_of_the_publication_chart() -> None:
    references = [line.reference for line in publication_rows(sample_report())]
    assert "S55-5" not in references and "S55-7" not in references
    assert references == [f"S55-{n}" for n in (1, 2, 3, 4, 6, 8, 9, 10, 11, 12, 13)]


def test_the_publication_chart_says_in_words_which_were_on_time_late_and_not_yet_due() -> None:
    assert publication_alt(sample_report()) == (
        "Each response's publication against its statutory deadline. "
        "On time: S55-1, S55-2, S55-4, S55-6, S55-8, S55-9, S55-11, S55-13. "
        "Late: S55-3, S55-10. Open, not yet due: S55-12."
    )


def test_the_status_chart_says_in_words_where_the_items_stand_at_the_end() -> None:
    assert status_alt(sample_report()) == (
        "Recommendations and AFIs by status, at each month's end, January 2024 to November "
        "2024. At November 2024's end: not started 3, in progress 3, complete 2, "
        "closed — no further action 1."
    )


@pytest.mark.parametrize("name", CHARTS)
def test_the_svg_carries_its_words_as_a_title_and_no_date_or_software(name: str) -> None:
    svg = CHARTS[name](sample_report(), "svg").decode()
    alt = {"publication": publication_alt, "status": status_alt}[name](sample_report())
    assert f"<title>{html.escape(alt, quote=False)}</title>" in svg
    assert "<dc:date>" not in svg and "Matplotlib" not in svg


@pytest.mark.parametrize("name", CHARTS)
def test_the_png_is_a_fixed_size_image_with_its_words_and_no_software(name: str) -> None:
    image = Image.open(io.BytesIO(CHARTS[name](sample_report(), "png")))
    assert image.format == "PNG" and image.size[0] == 1200
    assert image.info["Title"].startswith("Each response's" if name == "publication" else "Rec")
    assert "Software" not in image.info


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", CHARTS)
def test_the_same_report_twice_gives_the_same_bytes(name: str, fmt: str) -> None:
    first = CHARTS[name](sample_report(), fmt)
    draw_afresh()
    assert CHARTS[name](sample_report(), fmt) == first


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", CHARTS)
def test_a_chart_drawn_again_in_the_same_process_is_the_one_kept(name: str, fmt: str) -> None:
    draw_afresh()
    with patch.object(charts, "_save", wraps=charts._save) as saved:
        first = CHARTS[name](sample_report(), fmt)
        again = CHARTS[name](sample_report(), fmt)  # an equal report: a new object, same value
    assert again is first and saved.call_count == 1


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", CHARTS)
def test_a_different_report_gives_a_different_chart(name: str, fmt: str) -> None:
    later = dataclasses.replace(INSPECTIONS[0], responded=date(2024, 3, 9))  # 2 days early
    changed = sample_report(inspections=(later, *INSPECTIONS[1:]), as_of=date(2024, 11, 30))
    assert CHARTS[name](changed, fmt) != CHARTS[name](sample_report(), fmt)


def test_charts_drawn_at_once_by_several_threads_are_the_same_bytes() -> None:
    alone = [chart(sample_report(), fmt) for chart in CHARTS.values() for fmt in FORMATS]
    draw_afresh()
    with ThreadPoolExecutor(max_workers=4) as pool:
        drawn = [
            pool.submit(chart, sample_report(), fmt)
            for _ in range(5)
            for chart in CHARTS.values()
            for fmt in FORMATS
        ]
        assert [future.result() for future in drawn] == alone * 5


def _in_another_process(hash_seed: str) -> dict[str, bytes]:
    script = (
        "import sys\n"
        "from bot.documents.compliance.charts import publication_chart, status_chart\n"
        "from tests.bot.documents.compliance.sample import sample_report\n"
        "for chart in (publication_chart, status_chart):\n"
        "    for fmt in ('svg', 'png'):\n"
        "        data = chart(sample_report(), fmt)\n"
        "        sys.stdout.buffer.write(len(data).to_bytes(8, 'big') + data)\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPOSITORY, env=env, capture_output=True, check=True
    )
    out, charts = done.stdout, {}
    for key in ("publication.svg", "publication.png", "status.svg", "status.png"):
        size = int.from_bytes(out[:8], "big")
        charts[key], out = out[8 : 8 + size], out[8 + size :]
    return charts


def test_two_processes_with_different_hash_seeds_draw_the_same_bytes() -> None:
    first, second = _in_another_process("1"), _in_another_process("4242")
    here = {
        f"{name}.{fmt}": chart(sample_report(), fmt)
        for name, chart in CHARTS.items()
        for fmt in FORMATS
    }
    assert first == second == here


def test_a_period_with_nothing_in_it_still_draws_both_charts_saying_so() -> None:
    empty = sample_report(inspections=(), actions=())
    assert publication_alt(empty) == (
        "Each response's publication against its statutory deadline. On time: none. Late: none."
    )
    for chart in CHARTS.values():
        assert chart(empty, "png")[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_format_not_drawn_is_refused() -> None:
    with pytest.raises(ValueError, match="svg or png"):
        publication_chart(sample_report(), "pdf")
