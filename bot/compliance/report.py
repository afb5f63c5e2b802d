"""The compliance report's figures, read from the database (bot.domain.compliance says what
counts): each inspection published in the period, and each of its answered items with the
progress recorded since."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.actions import (
    ActionStatus,
    Update,
    current,
    is_overdue,
    status_history,
    stored_updates,
)
from bot.domain.answers import ItemResponse, item_label
from bot.domain.compliance import (
    ActionLine,
    ComplianceReport,
    Figures,
    InspectionLine,
    Period,
    counted,
    on_time,
    parse_period,
)
from bot.domain.deadlines import DeadlineRule, compute_deadlines, local_today
from bot.domain.inspection import State, format_reference
from bot.domain.items import DirectedAt, ItemKind
from bot.domain.outcome import publishing_step
from bot.services import Services
from bot.settings import Settings
from storage import compliance as store
from storage.models import Inspection, ItemAnswer, ReportItem

# Its items are listed nowhere in the report: it has no answers to follow up. (Withdrawn ones,
# logged by mistake, are not read at all: storage.compliance.published_between.)
_NO_ACTIONS = (State.NOT_REQUIRED.value,)


def compliance_report(
    services: Services, period: Period, *, as_of: date | None = None
) -> ComplianceReport:
    """The report of ``period`` as the record stands, judged on ``as_of`` (today by default,
    in the office's time zone): what is overdue, amber or not yet due."""
    settings = services.settings
    as_of = as_of or services.today()
    with services.db.session(read_only=True) as session:
        rows = store.published_between(session, period.start, period.end)
        inspections = tuple(inspection_line(row, settings) for row in rows)
        followed = [row for row in rows if row.state not in _NO_ACTIONS]
        actions = tuple(
            line
            for row in followed
            for item in row.items
            if (line := action_as_of(row, item, settings, as_of)) is not None
        )
        tz = settings.timezone
        awaiting = sum(
            1 for row in followed for item in row.items if _awaits_answer(item, as_of, tz)
        )
    return ComplianceReport(
        period=period,
        as_of=as_of,
        office_rule=settings.deadline_rule,
        inspections=inspections,
        actions=actions,
        awaiting_answer=awaiting,
        area=settings.area,
    )


def year_so_far(services: Services) -> Figures:
    """This calendar year's figures as they stand today: what the Home tab sums up."""
    today = services.today()
    return report_figures(services, parse_period(str(today.year), today=today), as_of=today)


def report_figures(services: Services, period: Period, *, as_of: date) -> Figures:
    """The figures compliance_report(period, as_of) would give, from two aggregate queries:
    one row per inspection and one per answered item, however many there are."""
    settings = services.settings
    tz = settings.timezone
    # Answers and updates recorded by the end of ``as_of`` in the office's time zone.
    before = datetime.combine(as_of + timedelta(days=1), time(), tz)
    needing = [directed.value for directed in DirectedAt if directed.needs_answer]
    with services.db.session(read_only=True) as session:
        rows = store.responded_rows(
            session, period.start, period.end, publishing_step=publishing_step(settings.steps)
        )
        actions = store.action_rows(
            session, period.start, period.end, before=before, needing_answer=needing
        )
    judged = [
        (
            row.state,
            responded_on(row.publishing_confirmed, row.last_confirmed, row.state, tz),
            statutory_deadline(row.published, settings),
        )
        for row in rows
    ]
    counted_ones = [(r, d) for state, r, d in judged if counted(state, r, d, as_of)]
    overdue = 0
    for action in actions:
        updates = (
            [Update(as_of, ActionStatus(action.status), action.revised_target)]
            if action.status is not None
            else []
        )
        state = current(ItemResponse(action.response), action.answer_target, updates)
        overdue += is_overdue(state.status, state.target, as_of)
    return Figures(
        period=period,
        as_of=as_of,
        inspections=len(rows),
        on_time=sum(on_time(r, d) for r, d in counted_ones),
        counted=len(counted_ones),
        overdue_actions=overdue,
    )


def statutory_deadline(published: date, settings: Settings) -> date:
    # The statutory deadline whatever rule the office counts down to (the stored
    # statutory_deadline follows S55_DEADLINE_RULE): the report judges against the Act.
    return compute_deadlines(
        published, rule=DeadlineRule.STATUTORY, cc_days=settings.cc_days
    ).statutory


def inspection_line(row: Inspection, settings: Settings) -> InspectionLine:
    return InspectionLine(
        reference=format_reference(row.number),
        title=row.title,
        published=row.published,
        deadline=statutory_deadline(row.published, settings),
        responded=responded(row, settings.steps, settings.timezone),
        state=row.state,
    )


def responded(row: Inspection, steps: Sequence[str], tz: ZoneInfo) -> date | None:
    """The local day the publishing step was confirmed and not undone (responded_on)."""
    standing = [s for s in row.steps if s.undone_at is None]
    published = [s for s in standing if s.step == publishing_step(steps)]
    return responded_on(
        published[-1].confirmed_at if published else None,
        max((s.confirmed_at for s in standing), default=None),
        row.state,
        tz,
    )


def responded_on(
    publishing_confirmed: datetime | None, last_confirmed: datetime | None, state: str, tz: ZoneInfo
) -> date | None:
    """The local day the publishing step was confirmed and not undone, even while a later step
    is still to do. A complete inspection whose steps were confirmed under an earlier list
    (no step of that name) was published when it completed, as its card says (outcome): the
    day of its last standing step."""
    if publishing_confirmed is not None:
        return local_today(publishing_confirmed, tz)
    if state == State.COMPLETE.value and last_confirmed is not None:
        return local_today(last_confirmed, tz)
    return None


def action_as_of(
    row: Inspection, item: ReportItem, settings: Settings, as_of: date
) -> ActionLine | None:
    """The item as it stood at the end of ``as_of`` (its answer and the updates recorded by
    then), or None when it needs no answer or had none yet."""
    tz = settings.timezone
    answers = _answers_by(item, as_of, tz)
    if not DirectedAt(item.directed_at).needs_answer or not answers:
        return None
    answer = answers[-1]
    response = ItemResponse(answer.response)
    updates = [u for u in stored_updates(item.progress, tz) if u.on <= as_of]
    state = current(response, answer.target_date, updates)
    answered_on = local_today(answers[0].answered_at, tz)
    return ActionLine(
        reference=format_reference(row.number),
        label=item_label(ItemKind(item.kind), item.number),
        kind=item.kind,
        text=item.text,
        owner=answer.owner,
        target=state.target,
        status=state.status,
        rag=state.rag(today=as_of, warning_days=settings.action_warning_days),
        history=status_history(answered_on, response, updates),
    )


def _answers_by(item: ReportItem, as_of: date, tz: ZoneInfo) -> list[ItemAnswer]:
    return [a for a in item.answers if local_today(a.answered_at, tz) <= as_of]


def _awaits_answer(item: ReportItem, as_of: date, tz: ZoneInfo) -> bool:
    return DirectedAt(item.directed_at).needs_answer and not _answers_by(item, as_of, tz)
