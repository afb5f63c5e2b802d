"""The compliance report's two charts, drawn by matplotlib as SVG (for the page) or PNG (for Word
and Slack): each response's publication against its statutory deadline, and the items by status
at each month's end.

Same report in, same bytes out, in any process: the figure is built with the object API (no
pyplot state), inside an ``rc_context`` that fixes the font (DejaVu Sans, shipped with
matplotlib) and the SVG id salt, and saved without a date or the software's name.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from bot import copy
from bot.domain.actions import ActionStatus
from bot.domain.compliance import ComplianceReport, InspectionLine
from bot.domain.compliance_trend import status_bars
from bot.domain.inspection import State

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

FORMATS = ("svg", "png")
Chart = Literal["publication", "status"]
WIDTH = 8.0  # inches; the height of the publication chart grows with its rows
PNG_DPI = 150  # sharp when Word shows it 6.3 inches wide
RC: dict[RcKeyType, Any] = {
    "svg.hashsalt": "s55bot-compliance",  # ids from this, not from a random salt
    "svg.fonttype": "path",  # glyphs drawn, so every viewer shows the same letters
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlelocation": "left",
    "axes.titleweight": "bold",
}
ON_TIME, LATE, DEADLINE, MUTED = "#1f5fa8", "#c62828", "#333333", "#6b6b6b"
STATUS_COLOURS = {
    ActionStatus.NOT_STARTED: "#b8b8b8",
    ActionStatus.IN_PROGRESS: "#e8a317",
    ActionStatus.COMPLETE: "#2e7d32",
    ActionStatus.CLOSED: "#4a5a78",
}


# rc_context sets matplotlib's one global rcParams and puts them back after: two threads of the
# bot (Bolt answers each request on its own) drawing at once would undo each other's settings.
_DRAWING = threading.Lock()


# Same report in, same bytes out: a chart already drawn in this process is not drawn again
# (0.2 to 0.5 s of CPU each). One report is drawn several times over: as PNG for Slack and the
# Word file and as SVG for the page when it is posted, again when the same request is retried
# or downloaded. A report is a frozen value (bot.domain.compliance), so it is its own key; the
# kept charts are bytes nobody can change. At most 16 are kept: tens of kB each for a year
# of a dozen inspections, 620 kB for the PNG of a publication chart of 120.
KEPT_DRAWINGS = 16


def publication_chart(report: ComplianceReport, fmt: str = "svg") -> bytes:
    """One row per inspection needing a response: a dot at its days after the deadline."""
    return _drawn("publication", report, fmt)


def status_chart(report: ComplianceReport, fmt: str = "svg") -> bytes:
    """A stacked bar per month: the items in each status at that month's end."""
    return _drawn("status", report, fmt)


def draw_afresh() -> None:
    """Forget the charts drawn so far (a test that checks two drawings are the same bytes)."""
    _drawn.cache_clear()


@lru_cache(maxsize=KEPT_DRAWINGS)
def _drawn(chart: Chart, report: ComplianceReport, fmt: str) -> bytes:
    figure, alt = _CHARTS[chart]
    with _DRAWING, matplotlib.rc_context(RC):
        return _save(figure(report), fmt, alt(report))


def publication_rows(report: ComplianceReport) -> list[InspectionLine]:
    """Counted inspections and open ones not yet due; withdrawn and not required are left out."""
    counted = report.counted
    return [i for i in report.inspections if i in counted or State(i.state).is_open]


def publication_alt(report: ComplianceReport) -> str:
    late, counted = report.late, report.counted
    return copy.report_publication_alt(
        on_time=[i.reference for i in report.on_time],
        late=[i.reference for i in late],
        not_yet_due=[i.reference for i in publication_rows(report) if i not in counted],
    )


def status_alt(report: ComplianceReport) -> str:
    bars = status_bars(report)
    months = [
        (_bar_name(report, day), {status.label: n for status, n in counts.items()})
        for day, counts in bars
    ]
    after = bool(bars) and bars[-1][0] > report.period.end
    return copy.report_status_alt(months, ends_on_report_day=after)


def _bar_name(report: ComplianceReport, day: date) -> str:
    """ "March 2024", or the report's day after the period: "the report's day, 31 Jan 2025"."""
    if day > report.period.end:
        return copy.report_day_bar(day)
    return f"{day:%B %Y}"


# --- The publication chart -----------------------------------------------------------------------
def _publication_figure(report: ComplianceReport) -> Figure:
    rows = publication_rows(report)
    figure = Figure(figsize=(WIDTH, max(3.0, 1.6 + 0.34 * len(rows))), layout="constrained")
    axes = figure.add_subplot()
    axes.set_title(copy.REPORT_PUBLICATION_CHART_TITLE, pad=20)  # room for "Deadline" under it
    if not rows:
        return _empty(figure, axes, copy.REPORT_NO_INSPECTIONS_CHART)
    late, counted = report.late, report.counted
    values = [_days_late(line, report.as_of) for line in rows]
    for y, (line, days) in enumerate(zip(rows, values, strict=True)):
        if line not in counted:
            _not_yet_due(axes, y)
        else:
            _dot(axes, y, days, late=line in late, open_=line.responded is None)
    axes.axvline(0, color=DEADLINE, linewidth=1.2, zorder=1)
    axes.text(
        0,
        1.0,
        copy.REPORT_DEADLINE_LINE,
        transform=axes.get_xaxis_transform(),
        ha="center",
        va="bottom",
        fontsize=9,
        fontweight="bold",
        color=DEADLINE,
    )
    _publication_axes(
        axes, rows, [v for v, line in zip(values, rows, strict=True) if line in counted]
    )
    figure.legend(
        handles=_publication_legend(any(i.responded is None for i in late)),
        loc="outside lower center",
        ncol=3,
        frameon=False,
    )
    return figure


def _days_late(line: InspectionLine, as_of: date) -> int:
    """Days after the deadline: the report's figure when published; so far, when still open."""
    if line.days_early is not None:
        return -line.days_early
    return (as_of - line.deadline).days


def _dot(axes: Axes, y: int, days: int, *, late: bool, open_: bool) -> None:
    colour = LATE if late else ON_TIME
    axes.hlines(y, 0, days, color=colour, linewidth=2.5, linestyles="--" if open_ else "-")
    axes.plot(
        [days],
        [y],
        "o",
        markersize=8,
        color=colour,
        markerfacecolor="white" if open_ else colour,
        markeredgewidth=2,
        zorder=3,
    )
    text = copy.days_early_phrase(-days) + (f", {copy.REPORT_STILL_OPEN}" if open_ else "")
    axes.annotate(
        text,
        (days, y),
        xytext=(8 if days >= 0 else -8, 0),
        textcoords="offset points",
        ha="left" if days >= 0 else "right",
        va="center",
        fontsize=9,
        color=colour,
    )


def _not_yet_due(axes: Axes, y: int) -> None:
    axes.annotate(
        copy.REPORT_NOT_YET_DUE,
        (0, y),
        xytext=(8, 0),
        textcoords="offset points",
        ha="left",
        va="center",
        fontsize=9,
        fontstyle="italic",
        color=MUTED,
    )


def _publication_axes(axes: Axes, rows: list[InspectionLine], values: list[int]) -> None:
    low, high = min([0, *values]), max([0, *values])
    span = max(high - low, 10)
    axes.set_xlim(low - 0.45 * span, high + 0.45 * span)  # room for the labels either side
    axes.set_ylim(len(rows) - 0.5, -0.7)  # first published at the top
    axes.set_yticks(range(len(rows)), [line.reference for line in rows])
    axes.set_xlabel(copy.REPORT_PUBLICATION_X)
    axes.tick_params(axis="y", length=0)
    axes.grid(axis="x", color="#e0e0e0", linewidth=0.8)
    axes.set_axisbelow(True)


def _publication_legend(open_late: bool) -> list[Line2D]:
    handles = [
        Line2D([], [], color=ON_TIME, marker="o", linewidth=2.5, label=copy.REPORT_ON_TIME_LEGEND),
        Line2D([], [], color=LATE, marker="o", linewidth=2.5, label=copy.REPORT_LATE_LEGEND),
    ]
    if open_late:
        handles.append(
            Line2D(
                [],
                [],
                color=LATE,
                marker="o",
                markerfacecolor="white",
                linestyle="--",
                linewidth=2.5,
                label=copy.REPORT_LATE_OPEN_LEGEND,
            )
        )
    return handles


# --- The status chart ----------------------------------------------------------------------------
def _status_figure(report: ComplianceReport) -> Figure:
    months = status_bars(report)
    figure = Figure(figsize=(WIDTH, 4.2), layout="constrained")
    axes = figure.add_subplot()
    axes.set_title(copy.REPORT_STATUS_CHART_TITLE)
    if not any(sum(counts.values()) for _, counts in months):
        return _empty(figure, axes, copy.REPORT_NO_ACTIONS_CHART)
    x = list(range(len(months)))
    bottoms = [0] * len(months)
    for status in ActionStatus:
        heights = [counts[status] for _, counts in months]
        axes.bar(
            x,
            heights,
            bottom=bottoms,
            width=0.7,
            color=STATUS_COLOURS[status],
            label=status.label,
            edgecolor="white",
            linewidth=0.6,
        )
        bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
    for position, total in zip(x, bottoms, strict=True):
        if total:
            axes.annotate(
                str(total),
                (position, total),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=9,
            )
    last = min(report.period.end, report.as_of)
    labels = [
        _month_label(first, i == 0, last) if first <= report.period.end else _day_label(first)
        for i, (first, _) in enumerate(months)
    ]
    axes.set_xticks(x, labels)
    if months[-1][0] > report.period.end:  # the report's day, after the period: set apart
        axes.axvline(len(months) - 1.5, color=MUTED, linewidth=0.8, linestyle=":")
    axes.set_ylim(0, max(bottoms) * 1.15)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel(copy.REPORT_STATUS_Y)
    axes.grid(axis="y", color="#e0e0e0", linewidth=0.8)
    axes.set_axisbelow(True)
    figure.legend(loc="outside lower center", ncol=4, frameon=False)
    return figure


def _month_label(first: date, is_first: bool, last: date) -> str:
    """``Jan`` under each bar, the year under the first month and each January; a month the
    report's day cuts short says so (``to 20 Nov``)."""
    month = f"{first:%b}"
    if first.year == last.year and first.month == last.month and _ends_early(last):
        month = f"to {last.day} {month}"
    return f"{month}\n{first:%Y}" if is_first or first.month == 1 else month


def _day_label(day: date) -> str:
    """The bar of the report's day, after the period: what the tables count."""
    return copy.report_day_tick(day)


def _ends_early(day: date) -> bool:
    return (day + timedelta(days=1)).month == day.month


# --- Both ----------------------------------------------------------------------------------------
def _empty(figure: Figure, axes: Axes, message: str) -> Figure:
    axes.set_axis_off()
    axes.text(0.5, 0.5, message, transform=axes.transAxes, ha="center", va="center", color=MUTED)
    return figure


def _save(figure: Figure, fmt: str, alt: str) -> bytes:
    """No date, no software version: the bytes depend on the report alone."""
    if fmt not in FORMATS:
        raise ValueError(f"charts are drawn as {' or '.join(FORMATS)}, not {fmt!r}")
    FigureCanvasAgg(figure)  # its own canvas; savefig picks the SVG one for "svg"
    out = io.BytesIO()
    if fmt == "svg":
        metadata = {"Date": None, "Creator": None, "Title": alt}
        figure.savefig(out, format="svg", metadata=metadata)
    else:
        metadata = {"Software": None, "Title": alt}
        figure.savefig(out, format="png", dpi=PNG_DPI, metadata=metadata)
    return out.getvalue()


# Each chart: how its figure is built, and its words.
_CHARTS: dict[
    Chart, tuple[Callable[[ComplianceReport], Figure], Callable[[ComplianceReport], str]]
] = {
    "publication": (_publication_figure, publication_alt),
    "status": (_status_figure, status_alt),
}
