"""The reminder pass's share of the follow-ups: whatever is still owed, for every inspection
(and the compliance reports, which belong to none), after looking for it in Slack when an
earlier attempt may have reached it."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.followups.delivery import deliver_owed
from bot.responses.followups import request_missing_prompts
from bot.services import Services
from storage import reminders


@dataclass
class Owed:
    inspections: int = 0
    behind: list[int | None] = field(default_factory=list)  # still unsent (None: reports)


def deliver_all_owed(services: Services) -> Owed:
    """Every inspection with anything pending: delivered now, or left for the next pass."""
    request_missing_prompts(services)
    with services.db.session(read_only=True) as session:
        pending = reminders.inspections_with_follow_ups(session)
    owed = Owed(inspections=len(pending))
    owed.behind = [i for i in pending if not deliver_owed(services, i)]
    return owed
