"""Where each open inspection stands: days left, what it still needs and whose turn it is.
The digest, the nudges and the Home tab all say the same thing because they ask here."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.domain.deadlines import days_left, local_today
from bot.domain.inspection import State, format_reference
from bot.domain.reminders import Missing, missing
from bot.domain.sections import missing_for_sign_off
from bot.domain.snooze import Snooze, active
from bot.domain.standing import NextStep, Standing
from bot.domain.steps import SIGNING_STATES, next_step
from bot.render.card import late_notes, outcome_text, state_name
from bot.services import Services
from bot.settings import Settings
from bot.slack.client import permalink
from storage.models import Inspection


def standing_of(
    services: Services, inspections: Sequence[Inspection], *, now: datetime
) -> list[Standing]:
    """In the order given (most urgent first from the queries); card links need one auth.test
    per process, and are left out if Slack cannot be asked."""
    urls = _card_urls(services, inspections)
    tz = services.settings.timezone
    today = local_today(now, tz)
    return [
        Standing(
            reference=format_reference(inspection.number),
            title=inspection.title,
            card_url=urls.get(inspection.id),
            left=days_left(inspection.statutory_deadline, now=now, tz=tz),
            deadline=inspection.statutory_deadline,
            state=state_name(inspection),
            missing=still_needed(services.settings, inspection),
            notes=late_notes(inspection, now=now, tz=tz),
            snoozed_until=_until(active(snooze_of(inspection), today=today)),
            next_step=step_to_confirm(services.settings, inspection),
            outcome=outcome_text(inspection, steps=services.settings.steps, tz=tz),
        )
        for inspection in inspections
    ]


def step_to_confirm(settings: Settings, inspection: Inspection) -> NextStep | None:
    """The step whose button the card offers next, once both responses are in."""
    if State(inspection.state) not in SIGNING_STATES:
        return None
    done = {step.step for step in inspection.steps if step.undone_at is None}
    step = next_step(settings.steps, done)
    if step is None:
        return None
    return NextStep(inspection_id=inspection.id, step=step, first=step == settings.steps[0])


def still_needed(settings: Settings, inspection: Inspection) -> Missing:
    return missing(
        State(inspection.state),
        responses={response.kind for response in inspection.responses},
        steps=settings.steps,
        done={step.step for step in inspection.steps if step.undone_at is None},
        sections=[section.value for section in missing_for_sign_off(inspection.sections)],
    )


def snooze_of(inspection: Inspection) -> Snooze | None:
    """The snooze stored on the inspection, if any (ended or not)."""
    if inspection.snoozed_until is None:
        return None
    return Snooze(until=inspection.snoozed_until, overdue=inspection.snoozed_overdue)


def _until(snooze: Snooze | None) -> date | None:
    return snooze.until if snooze else None


def whose_turn(settings: Settings, needs: Missing) -> list[str]:
    """The users and user groups to mention or to show it to: a contact, or the approvers."""
    return principals(settings, needs.who)


def principals(settings: Settings, who: str) -> list[str]:
    """The users and user groups ``who`` ("cc", "pcc", "approvers") names in the settings."""
    named: dict[str, Sequence[str | None]] = {
        "cc": [settings.cc_contact],
        "pcc": [settings.pcc_contact],
        "approvers": settings.approvers,
    }
    return [principal for principal in named[who] if principal]


def card_url(services: Services, inspection: Inspection) -> str | None:
    """A link to the inspection's card, for /s55 show (one auth.test per process)."""
    if not inspection.card_ts:
        return None
    return permalink(services.workspace_url(), inspection.channel_id, inspection.card_ts)


def _card_urls(services: Services, inspections: Sequence[Inspection]) -> dict[int, str]:
    try:
        base = services.workspace_url()
    except (SlackApiError, SlackClientError, OSError):
        return {}
    return {i.id: permalink(base, i.channel_id, i.card_ts) for i in inspections if i.card_ts}
