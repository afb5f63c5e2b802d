"""The compliance report as one standalone, printable HTML page: its figures, its tables and its
two charts inline as SVG (no external file, script or font)."""

from __future__ import annotations

from importlib.resources import files

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from bot import copy
from bot.documents.compliance import charts
from bot.documents.compliance.content import content
from bot.domain.compliance import ComplianceReport

_ENVIRONMENT = Environment(
    loader=PackageLoader("bot.documents.compliance"),
    autoescape=True,  # every title, owner and note is somebody's typing
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_WORDS = {
    "summary": copy.REPORT_SUMMARY,
    "late": copy.REPORT_LATE,
    "none_late": copy.REPORT_NONE_LATE,
    "inspections": copy.REPORT_INSPECTIONS,
    "no_inspections": copy.REPORT_NO_INSPECTIONS,
    "publication": copy.REPORT_PUBLICATION,
    "actions": copy.REPORT_ACTIONS,
    "by_status": copy.REPORT_BY_STATUS,
    "by_rag": copy.REPORT_BY_RAG,
    "rag_derived": copy.REPORT_RAG_DERIVED,
    "status_over_time": copy.REPORT_STATUS_OVER_TIME,
    "overdue": copy.REPORT_OVERDUE,
    "no_overdue": copy.REPORT_NO_OVERDUE,
    "each_action": copy.REPORT_EACH_ACTION,
    "no_actions": copy.REPORT_NO_ACTIONS,
    "notes": copy.REPORT_NOTES,
}


def report_html(report: ComplianceReport) -> str:
    css = files("bot.documents.compliance").joinpath("templates/report.css").read_text("utf-8")
    return _ENVIRONMENT.get_template("report.html.j2").render(
        c=content(report),
        words=_WORDS,
        css=Markup(css),  # our own file: quotes in it must stay quotes
        publication_svg=inline_svg(charts.publication_chart(report, "svg")),
        publication_alt=charts.publication_alt(report),
        status_svg=inline_svg(charts.status_chart(report, "svg")),
        status_alt=charts.status_alt(report),
    )


def inline_svg(svg: bytes) -> Markup:
    """The <svg> element alone (no XML declaration or doctype inside HTML), announced as one
    image whose name is its <title>."""
    text = svg.decode("utf-8")
    element = text[text.index("<svg") :]
    return Markup(element.replace("<svg ", '<svg role="img" ', 1))
