"""Publishing a person's Home tab from stored data."""

from __future__ import annotations

from sqlalchemy import select

from bot.domain.deadlines import days_left
from bot.domain.inspection import State, format_reference
from bot.domain.reminders import missing
from bot.people import MembershipUnknown
from bot.render.card import state_name
from bot.render.home import HomeItem, home_view
from bot.services import Services
from bot.slack import permalink
from storage import queries
from storage.models import Inspection

RECENT_COMPLETED = 10


def publish_home(services: Services, user: str) -> None:
    with services.db.session(read_only=True) as session:
        open_ = queries.open_inspections(session)
        completed = session.scalars(
            select(Inspection)
            .where(Inspection.state == State.COMPLETE.value)
            .order_by(Inspection.completed_at.desc())
            .limit(RECENT_COMPLETED)
        ).all()
    items = [_item(services, inspection) for inspection in open_]
    waiting = [item for item in items if _waits_for(services, user, item)]
    view = home_view(
        open_items=items,
        waiting=waiting,
        completed=[_item(services, inspection) for inspection in completed],
    )
    services.client.views_publish(user_id=user, view=view)


def _item(services: Services, inspection: Inspection) -> HomeItem:
    url = None
    if inspection.card_ts:
        url = permalink(services.workspace_url(), inspection.channel_id, inspection.card_ts)
    return HomeItem(
        reference=format_reference(inspection.number),
        title=inspection.title,
        card_url=url,
        left=days_left(
            inspection.statutory_deadline, now=services.now(), tz=services.settings.timezone
        ),
        state=state_name(inspection),
        missing=missing(
            State(inspection.state),
            responses={r.kind for r in inspection.responses},
            steps=services.settings.steps,
            done={s.step for s in inspection.steps if s.undone_at is None},
        ),
    )


def _waits_for(services: Services, user: str, item: HomeItem) -> bool:
    """Sign-offs and steps wait for approvers; the responses for their contacts."""
    settings = services.settings
    principals = {
        "cc": [settings.cc_contact],
        "pcc": [settings.pcc_contact],
        "approvers": list(settings.approvers),
    }[item.missing.who]
    try:
        return services.people.is_one_of(user, [p for p in principals if p])
    except MembershipUnknown:
        return False  # the Home tab still opens; the list just cannot say
