"""Publishing a person's Home tab from stored data."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.cards.standing import principals, standing_of
from bot.changes.permission import is_office_admin
from bot.compliance.report import year_so_far
from bot.domain.inspection import State
from bot.domain.reminders import turn_of
from bot.render.home import (
    MAX_OPEN_LISTED,
    MAX_WAITING_LISTED,
    RECENT_COMPLETED,
    Shown,
    home_view,
)
from bot.render.office import home_not_set_up_blocks, home_settings_blocks
from bot.services import Services
from bot.settings import office_setting_texts
from bot.slack.people import MembershipUnknown
from storage import offices, queries
from storage.models import Office

log = logging.getLogger(__name__)


def publish_home(services: Services, user: str) -> None:
    """The Home tab from what it shows only: the most urgent open inspections, the
    most urgent of those waiting for ``user``, the last completed, and the counts of the
    rest, counted by the database; the year so far from its aggregate queries."""
    now = services.now()
    waiting_states = _waiting_states(services, user)  # asked of Slack before the session
    with services.db.session(read_only=True) as session:
        rows = queries.home_inspections(
            session,
            most_urgent=MAX_OPEN_LISTED,
            waiting_states=waiting_states,
            waiting=MAX_WAITING_LISTED,
            completed=RECENT_COMPLETED,
        )
        open_count, waiting_count = queries.open_counts(session, waiting_states=waiting_states)
        office = (
            offices.office(session, services.db.office) if services.db.office is not None else None
        )
    shown = list(zip(rows, standing_of(services, rows, now=now), strict=True))
    open_ = [item for row, item in shown if State(row.state).is_open]
    waiting = [item for row, item in shown if row.state in waiting_states]
    completed = [item for row, item in shown if not State(row.state).is_open]
    year = year_so_far(services) if services.settings.channel else None
    settings = None
    if _is_admin(services, user, office):  # only the office's admins see its settings
        settings = home_settings_blocks(office_setting_texts(services.settings))
    if not services.settings.channel:  # no report can be posted: say how to finish instead
        settings = [*home_not_set_up_blocks(), *(settings or [])]
    view = home_view(
        open_items=Shown(open_[:MAX_OPEN_LISTED], open_count),
        waiting=Shown(waiting[:MAX_WAITING_LISTED], waiting_count),
        completed=completed,
        year=year,
        settings=settings,
    )
    services.client.views_publish(user_id=user, view=view)


def republish_home(services: Services, user: str) -> None:
    """After a button pressed on the Home tab: a best effort, since what was done is already
    on the card and in its thread whatever Slack says here (opening the tab publishes again)."""
    try:
        publish_home(services, user)
    except (SlackApiError, SlackClientError, OSError) as failure:
        log.warning("Home tab of %s not republished: %s", user, failure)


def _is_admin(services: Services, user: str, office: Office | None) -> bool:
    try:
        return is_office_admin(services, user, office)
    except MembershipUnknown:
        return False  # the Home tab still opens, without the settings


def _waiting_states(services: Services, user: str) -> list[str]:
    """The open states in which it is ``user``'s turn: sign-offs and steps wait for
    approvers, the responses for their contacts (bot.domain.reminders.turn_of)."""
    turn: dict[str, bool] = {}
    for who in ("cc", "pcc", "approvers"):
        try:
            turn[who] = services.people.is_one_of(user, principals(services.settings, who))
        except MembershipUnknown:
            turn[who] = False  # the Home tab still opens; the list just cannot say
    return [state.value for state in State if state.is_open and turn[turn_of(state)]]
