"""What happens when a user does something: domain rules, storage and Slack, in order."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.cards.refresh import refresh_card
from bot.domain.inspection import InspectionDraft
from bot.inspections.records import log_inspection
from bot.responses.collection import ask_first
from bot.services import Services
from storage import queries
from storage.models import Inspection

log = logging.getLogger(__name__)
LATER = "later"  # Logged.card_error: the card was not posted, and the reminder pass will


@dataclass(frozen=True)
class Logged:
    inspection: Inspection
    card_posted: bool
    card_error: str | None = None  # Slack's error code when the card could not be posted


def log_new_inspection(
    services: Services, draft: InspectionDraft, *, actor: str, key: str | None = None
) -> Logged:
    """Store the inspection first, then post its card: a Slack failure never loses the record,
    and whatever happens to the card, the reply says the inspection is logged (``key``: the
    request's, storage.changes)."""
    settings = services.settings
    inspection = log_inspection(
        services.db,
        draft=draft,
        actor=actor,
        channel=settings.channel or "",
        rule=settings.deadline_rule,
        cc_days=settings.cc_days,
        now=services.now(),
        key=key,
    )
    try:
        error = _post_card_and_ask(services, inspection.id, actor)
    except Exception as failure:  # stored already: the reminder pass posts the card
        log.warning("card for inspection %s left for the next pass: %r", inspection.id, failure)
        return Logged(inspection, card_posted=False, card_error=LATER)
    return Logged(inspection, card_posted=error is None, card_error=error or None)


def post_missing_cards(
    services: Services, *, actor: str | None = None, logged_after: datetime | None = None
) -> int:
    """Post the cards that could not be posted before (the bot was not in the channel, or the
    database or Slack failed after the inspection was stored), of inspections logged after
    ``logged_after`` if given; the first prompt is asked for by ``actor``, or by whoever logged
    the inspection."""
    with services.db.session(read_only=True) as session:
        waiting = queries.cards_to_post(session, logged_after=logged_after)
    return sum(
        _post_card_and_ask(services, inspection_id, actor or logged_by) is None
        for inspection_id, logged_by in waiting
    )


def _post_card_and_ask(services: Services, inspection_id: int, actor: str) -> str | None:
    """Post the card and the first prompt; None on success, else Slack's error code ("" when
    Slack did not answer at all), or LATER when another process holds the card's first post
    (posting it now, or killed while it did: its claim times out and the next pass posts it)."""
    try:
        if refresh_card(services, inspection_id) is None:
            # Not "the card is in the channel": it is not, yet (docs/rules.md#r21).
            return LATER
    except SlackApiError as failure:
        log.warning("card for inspection %s not posted: %s", inspection_id, failure)
        if failure.response.status_code >= 500:
            return ""
        return str(failure.response.get("error") or "")
    except (SlackClientError, OSError) as failure:
        log.warning("card for inspection %s not posted: %s", inspection_id, failure)
        return ""
    # Once, however many deliveries of member_joined_channel arrive at the same moment; a
    # prompt Slack refuses is posted by the next reminder pass (replies are captured meanwhile).
    ask_first(services, inspection_id, actor=actor)
    return None
