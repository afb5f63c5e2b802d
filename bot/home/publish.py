"""Publishing a person's Home tab from stored data."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.cards.standing import standing_of, whose_turn
from bot.changes.permission import is_office_admin
from bot.compliance.report import year_so_far
from bot.domain.standing import Standing
from bot.render.home import home_view
from bot.render.office import home_not_set_up_blocks, home_settings_blocks
from bot.services import Services
from bot.settings import office_setting_texts
from bot.slack.people import MembershipUnknown
from storage import offices, queries
from storage.models import Office

log = logging.getLogger(__name__)

RECENT_COMPLETED = 10


def publish_home(services: Services, user: str) -> None:
    now = services.now()
    with services.db.session(read_only=True) as session:
        open_ = standing_of(services, queries.open_inspections(session), now=now)
        recent = queries.recently_completed(session, limit=RECENT_COMPLETED)
        completed = standing_of(services, recent, now=now)
        office = (
            offices.office(session, services.db.office) if services.db.office is not None else None
        )
    waiting = [item for item in open_ if _waits_for(services, user, item)]
    year = year_so_far(services) if services.settings.channel else None
    settings = None
    if _is_admin(services, user, office):  # only the office's admins see its settings
        settings = home_settings_blocks(office_setting_texts(services.settings))
    if not services.settings.channel:  # no report can be posted: say how to finish instead
        settings = [*home_not_set_up_blocks(), *(settings or [])]
    view = home_view(
        open_items=open_, waiting=waiting, completed=completed, year=year, settings=settings
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


def _waits_for(services: Services, user: str, item: Standing) -> bool:
    """Sign-offs and steps wait for approvers; the responses for their contacts."""
    try:
        return services.people.is_one_of(user, whose_turn(services.settings, item.missing))
    except MembershipUnknown:
        return False  # the Home tab still opens; the list just cannot say
