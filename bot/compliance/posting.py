"""The compliance report posted in the team channel (`/s55 report 2024`, the Home tab's button).

Driven from the database like every other follow-up: the request is audited first ("report
posted": who, which period, as of which day, where), in the same transaction as its two
follow-ups: the summary message (``report:<audit>``) and, in that message's thread, the charts
and the report's files in one upload (``report-files:<audit>``). Each is then claimed, posted
once and marked sent; what Slack refused is posted by the next reminder pass. The figures are
read as of the day it was asked (kept in the audit row), so a retry the next day posts the same
report.

Why a summary with the files in its thread, rather than one upload with the summary as its
comment: an upload's comment is plain text (no sections, no fields) and carries no metadata,
so a lost answer could only be found again by file name; the summary is Block Kit, keyed like
every other post, and reads at a glance in the channel, while the four files sit beneath it
("4 files" in one reply) instead of filling the channel between the inspections' cards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from bot import copy
from bot.compliance.report import compliance_report
from bot.documents.compliance import filename, write
from bot.domain import followups
from bot.domain.audit import AuditAction
from bot.domain.compliance import ComplianceReport, Period, parse_period
from bot.domain.errors import S55Error
from bot.domain.followups import FollowUp, Kind
from bot.followups.delivery import deliver_owed
from bot.followups.registry import Deliver, NotYet, Posted
from bot.render import as_dicts
from bot.render.compliance import report_message
from bot.render.text import shorten
from bot.services import Services
from bot.slack.delivery import find_file, find_post, post_once
from storage import queries, reminders
from storage.compliance import same_request_since
from storage.models import AuditEvent

REPORT_POSTED = AuditAction.REPORT_POSTED
FILE_FORMATS = ("html", "docx")  # the panel's formats; CSV and Markdown are the CLI's
# The same person asking for the same report again this soon clicked twice (or Slack resent the
# click): the first request's report is the one posted. Later, a second request is a new report.
REPEAT_WINDOW = timedelta(minutes=1)
NOT_A_MEMBER = ("not_in_channel", "channel_not_found", "is_archived")  # the pass keeps trying


@dataclass(frozen=True)
class Requested:
    """A report asked for and audited: where it will be posted."""

    audit_id: int
    label: str
    channel: str


@dataclass(frozen=True)
class Asked:
    """What the audit row kept: the report is rebuilt from it on every attempt."""

    period: Period
    as_of: date
    actor: str
    channel: str


def post_report(
    services: Services,
    text: str,
    *,
    actor: str,
    tell: Callable[[str], None],
    channel: str | None = None,
) -> None:
    """Audit the request, tell the person where it is going, then post it; if Slack does not
    take it now, tell them it will be posted by the reminder pass."""
    requested = request_report(services, text, actor=actor, channel=channel)
    label, where = requested.label, requested.channel
    tell(copy.posting_report(label, where))
    if deliver_report(services, requested.audit_id):
        return
    with services.db.session(read_only=True) as session:
        error = reminders.last_error(session, followups.report(requested.audit_id))
    if error in NOT_A_MEMBER:
        tell(copy.report_not_in_channel(label, where))
    else:
        tell(copy.report_slack_behind(label, where))


def request_report(
    services: Services, text: str, *, actor: str, channel: str | None = None
) -> Requested:
    """Audit the request and ask for its follow-ups; PeriodRefused (nothing stored) for a
    period that cannot be reported. ``channel``: where it was asked, used only when the office
    has no team channel set."""
    today = services.today()
    period = parse_period(text, today=today)
    where = services.settings.channel or channel
    if not where:
        raise S55Error(copy.REPORT_NO_CHANNEL)
    now = services.now()
    details = {
        "period": period.label,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "as_of": today.isoformat(),
        "channel": where,
    }
    with services.db.session() as session:
        earlier = same_request_since(
            session, action=REPORT_POSTED, actor=actor, details=details, since=now - REPEAT_WINDOW
        )
        if earlier is not None:  # a double click: the first click's report, posted once
            return Requested(earlier.id, period.label, where)
        recorded = queries.record_audit(
            session, inspection=None, actor=actor, action=REPORT_POSTED, at=now, details=details
        )
        session.flush()
        keys = [followups.report(recorded.id), followups.report_files(recorded.id)]
        reminders.request_follow_ups(session, None, keys, day=today, now=now)
        return Requested(recorded.id, period.label, where)


def deliver_report(services: Services, audit_id: int) -> bool:
    """Post the summary, then its files; True when Slack has both, False when something is
    left for the reminder pass."""
    keys = [followups.report(audit_id), followups.report_files(audit_id)]
    with _read_once():
        return deliver_owed(services, None, keys)


# Within deliver_report, the report is read once for both of its follow-ups; a reminder pass
# reads it afresh for each.
_BUILT: ContextVar[dict[int, ComplianceReport] | None] = ContextVar("built_reports", default=None)


@contextmanager
def _read_once() -> Iterator[None]:
    token = _BUILT.set({})
    try:
        yield
    finally:
        _BUILT.reset(token)


def _report(services: Services, audit_id: int, asked: Asked) -> ComplianceReport:
    built = _BUILT.get()
    if built is None:
        return compliance_report(services, asked.period, as_of=asked.as_of)
    if audit_id not in built:
        built[audit_id] = compliance_report(services, asked.period, as_of=asked.as_of)
    return built[audit_id]


def post_summary(services: Services, follow_up: FollowUp, *, look_first: bool) -> Posted:
    """The report's summary message in the channel."""
    asked = _asked(services, follow_up.id())
    key = follow_up.key
    found = (
        find_post(services.poster, key=key, channel=asked.channel, thread_ts=None)
        if look_first
        else None
    )
    if found:
        return found
    fallback, blocks = report_message(_report(services, follow_up.id(), asked), actor=asked.actor)
    return post_once(
        services.poster,
        key=key,
        channel=asked.channel,
        thread_ts=None,
        text=fallback,
        blocks=as_dicts(blocks),
    )


def upload_files(services: Services, follow_up: FollowUp, *, look_first: bool) -> None:
    """The charts and the report's files, in one message in the summary's thread."""
    audit_id = follow_up.id()
    asked = _asked(services, audit_id)
    report = _report(services, audit_id, asked)
    thread_ts = _summary_ts(services, audit_id, asked.channel)
    uploads = _files(report)
    if look_first and find_file(
        services.client, name=uploads[0]["filename"], channel=asked.channel, thread_ts=thread_ts
    ):
        return  # all were shared in one message: one found is all
    # Not retried blindly (a lost answer may hide a shared file): the next pass looks first.
    services.poster.files_upload_v2(
        file_uploads=uploads,
        initial_comment=copy.report_files_comment(report.period.label, report.as_of),
        channel=asked.channel,
        thread_ts=thread_ts,
    )


DELIVERERS: Mapping[Kind, Deliver] = {Kind.REPORT: post_summary, Kind.REPORT_FILES: upload_files}


ALT_TEXT_LIMIT = 1000  # files.getUploadURLExternal refuses more (alt_txt_too_large)


def _files(report: ComplianceReport) -> list[dict[str, Any]]:
    """The two charts as PNG (Slack shows PNG, not SVG), then the HTML and the Word file."""
    # matplotlib takes 0.45 s to import: paid by the pass that posts a report, not by every
    # process at start-up (the app, the sandbox, `s55bot remind`).
    from bot.documents.compliance.charts import (
        publication_alt,
        publication_chart,
        status_alt,
        status_chart,
    )

    stem = filename(report, "html").rsplit(".", 1)[0]
    label = report.period.label
    charts = [
        (
            f"{stem}-publication.png",
            copy.report_chart_title("publication", label),
            publication_chart(report, "png"),
            publication_alt(report),
        ),
        (
            f"{stem}-status.png",
            copy.report_chart_title("status", label),
            status_chart(report, "png"),
            status_alt(report),
        ),
    ]
    uploads = [
        # Slack reads an image's alt text to those who cannot see it: the chart's description.
        {"filename": name, "title": title, "file": data, "alt_txt": shorten(alt, ALT_TEXT_LIMIT)}
        for name, title, data, alt in charts
    ]
    pngs = (charts[0][2], charts[1][2])  # the Word file's pictures: the same, not drawn again
    documents = [(filename(report, fmt), write(report, fmt, pngs=pngs)) for fmt in FILE_FORMATS]
    return uploads + [{"filename": name, "title": name, "file": data} for name, data in documents]


def _summary_ts(services: Services, audit_id: int, channel: str) -> str:
    """The summary's ts: as stored once it was marked sent, else as Slack has it (posted a
    moment ago in this same delivery); NotYet while it is not in Slack."""
    key = followups.report(audit_id)
    with services.db.session(read_only=True) as session:
        sent = reminders.sent_message(session, key)
    if sent:
        return sent[1]
    found = find_post(services.client, key=key, channel=channel, thread_ts=None)
    if found is None:
        raise NotYet(f"report files {audit_id}: the summary is not posted yet")
    return found["ts"]


def _asked(services: Services, audit_id: int) -> Asked:
    with services.db.session(read_only=True) as session:
        recorded = session.get(AuditEvent, audit_id)
        if recorded is None:
            raise ValueError(f"report {audit_id}: no such audit row")
        details, actor = dict(recorded.details), recorded.actor
    period = Period(
        start=date.fromisoformat(details["start"]),
        end=date.fromisoformat(details["end"]),
        label=details["period"],
    )
    return Asked(period, date.fromisoformat(details["as_of"]), actor, details["channel"])
