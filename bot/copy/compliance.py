"""The compliance report for the Police and Crime Panel (bot/compliance,
bot/documents/compliance): `/s55 report` and its period, the report in Slack, its charts, its
HTML page and Word file."""

from __future__ import annotations

from datetime import date

from .cards import RULE_NAMES
from .words import human_date, long_date, quoted

__all__ = [
    "PERIOD_EMPTY",
    "PERIOD_EXAMPLES",
    "REPORT_ACTIONS",
    "REPORT_ACTION_COLUMNS",
    "REPORT_BY_RAG",
    "REPORT_BY_STATUS",
    "REPORT_COUNT_COLUMN",
    "REPORT_DEADLINE_LINE",
    "REPORT_EACH_ACTION",
    "REPORT_INSPECTIONS",
    "REPORT_INSPECTION_COLUMNS",
    "REPORT_LATE",
    "REPORT_LATE_LEGEND",
    "REPORT_LATE_OPEN_LEGEND",
    "REPORT_NONE_LATE",
    "REPORT_NOTES",
    "REPORT_NOT_RECORDED",
    "REPORT_NOT_YET_DUE",
    "REPORT_NO_ACTIONS",
    "REPORT_NO_ACTIONS_CHART",
    "REPORT_NO_CHANNEL",
    "REPORT_NO_INSPECTIONS",
    "REPORT_NO_INSPECTIONS_CHART",
    "REPORT_NO_OVERDUE",
    "REPORT_ON_TIME_LEGEND",
    "REPORT_OVERDUE",
    "REPORT_OVERDUE_COLUMNS",
    "REPORT_PUBLICATION",
    "REPORT_PUBLICATION_CHART_TITLE",
    "REPORT_PUBLICATION_X",
    "REPORT_RAG_COLUMN",
    "REPORT_RAG_DERIVED",
    "REPORT_RAG_HEADING",
    "REPORT_STATUS_CHART_TITLE",
    "REPORT_STATUS_COLUMN",
    "REPORT_STATUS_HEADING",
    "REPORT_STATUS_OVER_TIME",
    "REPORT_STATUS_Y",
    "REPORT_STILL_OPEN",
    "REPORT_SUMMARY",
    "days_early_phrase",
    "late_phrase",
    "median_figure",
    "on_time_figure",
    "on_time_phrase",
    "overdue_phrase",
    "period_backwards",
    "period_before_the_act",
    "period_halves_apart",
    "period_in_future",
    "period_unreadable",
    "post_report_button",
    "posting_report",
    "report_awaiting",
    "report_chart_title",
    "report_context",
    "report_day_bar",
    "report_day_tick",
    "report_fallback",
    "report_files_comment",
    "report_format_unknown",
    "report_heading",
    "report_late_heading",
    "report_late_line",
    "report_median",
    "report_more",
    "report_not_counted",
    "report_not_in_channel",
    "report_on_time",
    "report_overdue_heading",
    "report_overdue_line",
    "report_publication_alt",
    "report_rule",
    "report_scope",
    "report_slack_behind",
    "report_status_alt",
    "report_title",
    "year_so_far",
]


def posting_report(label: str, channel: str) -> str:
    return f"Posting the {label} report in <#{channel}>."


def report_slack_behind(label: str, channel: str) -> str:
    return (
        f"Slack didn't take the {label} report just now; it will be posted in <#{channel}> "
        "within minutes. Nothing needs doing again."
    )


def report_not_in_channel(label: str, channel: str) -> str:
    return (
        f"I couldn't post the {label} report in <#{channel}>: invite me to the channel "
        "(`/invite @s55bot`) and it will be posted within minutes of my joining."
    )


REPORT_NO_CHANNEL = (
    "There is no team channel to post the report in: an office admin chooses it on s55bot's "
    "*Home* tab (*Change settings*), or whoever runs s55bot sets `S55_CHANNEL`."
)


def report_heading(label: str) -> str:
    return f"Section 55 compliance report: {label}"


def report_context(start: date, end: date, as_of: date, actor: str) -> str:
    return (
        f"{human_date(start)} to {human_date(end)} · figures as of {human_date(as_of)} · "
        f"asked for by <@{actor}>"
    )


def report_fallback(label: str, on_time: int, counted: int, overdue: int) -> str:
    return (
        f"Section 55 compliance report {label}: {on_time_phrase(on_time, counted)}, "
        f"{overdue_phrase(overdue)}."
    )


def on_time_phrase(on_time: int, counted: int) -> str:
    """``on time 11 of 12``; with nothing to count yet, says why rather than ``0 of 0``: a
    response counts once published or once its deadline has passed (bot.domain.compliance
    counted), so "no response due yet" would be untrue on a deadline's own day."""
    if counted:
        return f"on time {on_time} of {counted}"
    return "none published or past its deadline yet"


def overdue_phrase(count: int) -> str:
    if count == 0:
        return "no actions overdue"
    return f"{count} action{'' if count == 1 else 's'} overdue"


def report_on_time(on_time: int, counted: int, percent: int | None, as_of: date) -> str:
    """``percent``: the report's on-time rate (None while no response was due)."""
    if percent is None:
        return f"*On time:* no response in this period was due by {human_date(as_of)}."
    return f"*On time:* {on_time} of {counted} ({percent}%)"


def report_median(days: float | None) -> str:
    if days is None:
        return "*Median days to publish:* none published yet"
    shown = f"{days:g}"
    return f"*Median days to publish:* {shown} day{'' if shown == '1' else 's'}"


def report_late_heading(count: int) -> str:
    return f"*Late ({count})*" if count else "*Late:* none"


def report_late_line(reference: str, title: str, days_late: int, *, still_open: bool) -> str:
    """``still_open``: not published yet, ``days_late`` days after its deadline so far."""
    days = f"{days_late} day{'' if days_late == 1 else 's'} late"
    return f"• *{reference}* {title}: {days}" + (", still not published" if still_open else "")


def report_not_counted(reasons: dict[str, int]) -> str | None:
    """``reasons``: how many inspections the rate leaves out, by why (a Verdict's value)."""
    parts = [f"{count} {reason}" for reason, count in reasons.items() if count]
    return f"Not counted: {', '.join(parts)}." if parts else None


REPORT_STATUS_HEADING = "*Recommendations and AFIs by status*"

REPORT_RAG_HEADING = "*By RAG*"


def report_awaiting(count: int) -> str:
    """Items that need an answer and have none: not in the counts above."""
    if count == 1:
        return "1 more recommendation or AFI awaits its answer."
    return f"{count} more recommendations and AFIs await their answers." if count else ""


def report_overdue_heading(count: int) -> str:
    return f"*Overdue actions ({count})*" if count else "*Overdue actions:* none"


def report_overdue_line(reference: str, label: str, owner: str, target: date) -> str:
    return f"• *{reference}* {label}: {owner or 'no owner recorded'}, target {human_date(target)}"


def report_more(count: int) -> str:
    return f"…and {count} more, named in the report's files in the thread."


def report_files_comment(label: str, as_of: date) -> str:
    return (
        f"The {label} report as of {human_date(as_of)}: the two charts, and the whole report "
        "as a web page and a Word document."
    )


def report_chart_title(which: str, label: str) -> str:
    return {
        "publication": f"{label}: each response against its deadline",
        "status": f"{label}: recommendations and AFIs by status, month by month",
    }[which]


def year_so_far(on_time: int, counted: int, overdue: int) -> str:
    """The Home tab's line: ``The year so far: on time 11 of 12 · 3 actions overdue``."""
    return f"*The year so far:* {on_time_phrase(on_time, counted)} · {overdue_phrase(overdue)}"


def post_report_button(label: str) -> str:
    return f"Post the {label} report"


PERIOD_EXAMPLES = "`2024`, `2024-25` or `1 Apr 2024 to 31 Mar 2025`"

PERIOD_EMPTY = f"Which year? Try {PERIOD_EXAMPLES}."


def period_unreadable(text: str) -> str:
    return (
        f"I couldn't read {quoted(text)} as a year or a period. Try {PERIOD_EXAMPLES} "
        "(a financial year runs 1 April to 31 March)."
    )


def period_in_future(text: str, start: date, today: date) -> str:
    return (
        f"{quoted(text)} starts on {human_date(start)}, after today ({human_date(today)}): "
        f"there is nothing to report yet. Try {PERIOD_EXAMPLES}."
    )


def period_halves_apart(text: str, first: int) -> str:
    return (
        f"{quoted(text)} is not a financial year: its second year should follow the first, "
        f"as in `{first}-{(first + 1) % 100:02d}`."
    )


def period_backwards(text: str, start: date, end: date) -> str:
    return (
        f"{quoted(text)} ends ({human_date(end)}) before it starts ({human_date(start)}). "
        "Give the earlier date first, as in `1 Apr 2024 to 31 Mar 2025`."
    )


def period_before_the_act(text: str, earliest: int) -> str:
    return (
        f"{quoted(text)} is before {earliest}, when the Police Act 1996 made Section 55. "
        f"Try {PERIOD_EXAMPLES}."
    )


def report_format_unknown(text: str, formats: tuple[str, ...]) -> str:
    names = ", ".join(f"`{name}`" for name in formats)
    return f"{quoted(text)} is not a format of the compliance report: choose {names}."


def report_title(area: str | None, label: str) -> str:
    return (
        f"Section 55 compliance report: {area}, {label}"
        if area
        else (f"Section 55 compliance report, {label}")
    )


def report_scope(start: date, end: date, as_of: date) -> str:
    return (
        f"Inspections whose HMICFRS report was published from {long_date(start)} to "
        f"{long_date(end)}; deadlines and target dates judged on {long_date(as_of)}."
    )


def report_rule(office_rule: str) -> str:
    """Which deadline the report judges against, and the office's own countdown beside it."""
    said = (
        "the same deadline"
        if office_rule == "statutory"
        else f"{RULE_NAMES[office_rule]} (S55_DEADLINE_RULE)"
    )
    return (
        "On time means the response was published on or before the statutory deadline, the "
        "last day of the 56 days beginning with the report's publication (s.55(5A)). The "
        f"office's own countdown uses {said}."
    )


def on_time_figure(on_time: int, counted: int, percent: int | None) -> str:
    """``percent``: the report's on-time rate (None while no response was due)."""
    if percent is None:
        return "No response was due yet."
    return f"On time: {on_time} of {counted} ({percent}%)"


def median_figure(days: float | None) -> str:
    if days is None:
        return "Median days to publish: no response published yet"
    return f"Median days to publish: {days:g}"


def late_phrase(days_early: int | None, deadline: date) -> str:
    """How late one counted inspection is: published after its deadline, or not yet."""
    if days_early is None:
        return f"not published; the deadline was {long_date(deadline)}"
    days = -days_early
    return f"published {days} day{'s' if days != 1 else ''} after the deadline"


def days_early_phrase(days_early: int) -> str:
    """ "12 days early", "on the day", "1 day late": a response against its deadline."""
    if not days_early:
        return "on the day"
    days = abs(days_early)
    return f"{days} day{'s' if days != 1 else ''} {'early' if days_early > 0 else 'late'}"


REPORT_NOT_RECORDED = "not recorded"

REPORT_DEADLINE_LINE = "Deadline"

REPORT_PUBLICATION_CHART_TITLE = "Each response's publication against its statutory deadline"

REPORT_PUBLICATION_X = "Days after the statutory deadline (negative: published early)"

REPORT_NOT_YET_DUE = "open, not yet due"

REPORT_STILL_OPEN = "still open"

REPORT_LATE_OPEN_LEGEND = "Late, still open"

REPORT_STATUS_CHART_TITLE = "Recommendations and AFIs by status, at each month's end"

REPORT_STATUS_Y = "Items"

REPORT_NO_INSPECTIONS_CHART = "No inspection in this period needs a response"

REPORT_NO_ACTIONS_CHART = "No recommendation or AFI answered in this period"

REPORT_ON_TIME_LEGEND = "On time"

REPORT_LATE_LEGEND = "Late"


def report_publication_alt(on_time: list[str], late: list[str], not_yet_due: list[str]) -> str:
    """The publication chart said in words, for a screen reader and for the file's metadata."""
    parts = [
        f"{REPORT_PUBLICATION_CHART_TITLE}.",
        f"On time: {', '.join(on_time) or 'none'}.",
        f"Late: {', '.join(late) or 'none'}.",
    ]
    if not_yet_due:
        parts.append(f"Open, not yet due: {', '.join(not_yet_due)}.")
    return " ".join(parts)


def report_status_alt(
    months: list[tuple[str, dict[str, int]]], *, ends_on_report_day: bool = False
) -> str:
    """``ends_on_report_day``: the last bar is the report's day, after the period (what the
    tables count), not a month's end."""
    if not months:
        return f"{REPORT_STATUS_CHART_TITLE}: no month of the period has begun."
    last, counts = months[-1]
    now = ", ".join(f"{label.lower()} {n}" for label, n in counts.items())
    when = f"On {last}" if ends_on_report_day else f"At {last}'s end"
    return f"{REPORT_STATUS_CHART_TITLE}, {months[0][0]} to {last}. {when}: {now}."


def report_day_bar(day: date) -> str:
    """The status chart's last bar, when the report is read after its period: its day."""
    return f"the report's day, {day.day} {day:%b %Y}"


def report_day_tick(day: date) -> str:
    return f"{day.day} {day:%b}\n{day:%Y}\n(report)"


REPORT_SUMMARY = "Summary"

REPORT_LATE = "Late responses"

REPORT_NONE_LATE = "No response was late."

REPORT_INSPECTIONS = "Inspections"

REPORT_NO_INSPECTIONS = "No inspection report was published in this period."

REPORT_PUBLICATION = "Publication against the deadline"

REPORT_ACTIONS = "Recommendations and AFIs"

REPORT_BY_STATUS = "By status"

REPORT_BY_RAG = "By RAG rating"

REPORT_RAG_DERIVED = (
    "RAG is derived, never chosen: complete or closed is green; an open action past its target "
    "date is red; one with no target date, or close to it, is amber; any other is green."
)

REPORT_STATUS_OVER_TIME = "Status month by month"

REPORT_OVERDUE = "Overdue actions"

REPORT_NO_OVERDUE = "No action is past its target date."

REPORT_EACH_ACTION = "Each recommendation and AFI"

REPORT_NO_ACTIONS = "No recommendation or AFI of these inspections has been answered yet."

REPORT_NOTES = "Notes"

REPORT_INSPECTION_COLUMNS = (
    "Reference",
    "Title",
    "Published",
    "Statutory deadline",
    "Response published",
    "Against the deadline",
    "State",
    "Result",
)

REPORT_ACTION_COLUMNS = ("Reference", "Item", "Owner", "Target date", "Status", "RAG")

REPORT_OVERDUE_COLUMNS = ("Reference", "Item", "What", "Owner", "Target date", "Status")

REPORT_STATUS_COLUMN = "Status"

REPORT_RAG_COLUMN = "RAG"

REPORT_COUNT_COLUMN = "Items"
