"""What happens when a user does something: domain rules, storage and Slack, in order."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.cards import refresh_card
from bot.domain.inspection import InspectionDraft
from bot.inspections import log_inspection
from bot.services import Services
from storage.models import Inspection

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Logged:
    inspection: Inspection
    card_posted: bool


def log_new_inspection(services: Services, draft: InspectionDraft, *, actor: str) -> Logged:
    """Store the inspection first, then post its card: a Slack failure never loses the record."""
    settings = services.settings
    inspection = log_inspection(
        services.db,
        draft=draft,
        actor=actor,
        channel=settings.channel or "",
        rule=settings.deadline_rule,
        cc_days=settings.cc_days,
        now=services.now(),
    )
    try:
        refresh_card(services, inspection.id)
    except (SlackApiError, SlackClientError) as failure:
        log.warning("card for inspection %s not posted: %s", inspection.number, failure)
        return Logged(inspection, card_posted=False)
    return Logged(inspection, card_posted=True)
