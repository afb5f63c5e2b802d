"""Where each recommendation and AFI stands in the words of the HMICFRS recommendation register
(the Monitoring Portal), for ``s55bot items --csv`` (docs/rules.md#r16).

The register knows four states. Until the office's response is published, an item directed at
the force is *awaiting review*: the register has nothing from the force on it yet. Once the
response is published (its publishing step confirmed, bot.domain.outcome), the item's progress
(bot.domain.actions) says which: not started or in progress → *being progressed*; complete →
*complete*; closed with no further action → *no further action needed*. An item directed at
others is not the force's to report: it has no register state. One table, ``AFTER_PUBLICATION``;
the README lists it for the office.
"""

from __future__ import annotations

from enum import StrEnum

from bot import copy
from bot.domain.actions import ActionStatus


class RegisterStatus(StrEnum):
    AWAITING_REVIEW = "awaiting_review"
    BEING_PROGRESSED = "being_progressed"
    COMPLETE = "complete"
    NO_FURTHER_ACTION = "no_further_action"

    @property
    def label(self) -> str:
        """The register's own words: "being progressed"."""
        return copy.REGISTER_STATUS_LABELS[self.value]


AFTER_PUBLICATION: dict[ActionStatus, RegisterStatus] = {
    ActionStatus.NOT_STARTED: RegisterStatus.BEING_PROGRESSED,
    ActionStatus.IN_PROGRESS: RegisterStatus.BEING_PROGRESSED,
    ActionStatus.COMPLETE: RegisterStatus.COMPLETE,
    ActionStatus.CLOSED: RegisterStatus.NO_FURTHER_ACTION,
}


def register_status(
    *, needs_answer: bool, status: ActionStatus | None, published: bool
) -> RegisterStatus | None:
    """``status``: the item's progress now (None: not answered); ``published``: the office's
    response to its report is published. None for an item directed at others."""
    if not needs_answer:
        return None
    if status is None or not published:
        return RegisterStatus.AWAITING_REVIEW
    return AFTER_PUBLICATION[status]
