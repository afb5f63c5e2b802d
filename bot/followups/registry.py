"""The one table from each kind of follow-up (bot.domain.followups.Kind) to what delivers it.

The features fill it at start-up (each has a ``DELIVERERS`` table; bot.runtime.deliverers
registers them all), so that this layer delivers every kind without importing the features
above it. A kind with no deliverer is an error, never a guess.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from bot.domain.followups import FollowUp, Kind
from bot.services import Services

Posted = dict[str, str]  # the message posted: {"channel", "ts"}


class Deliver(Protocol):
    """Deliver one follow-up: the message posted, or None for an edit, an upload or nothing
    left to do. ``look_first``: an earlier attempt may have reached Slack."""

    def __call__(
        self, services: Services, follow_up: FollowUp, *, look_first: bool
    ) -> Posted | None: ...


class NotYet(Exception):
    """This follow-up cannot be delivered yet (its card is not posted): left for later."""


class NoDeliverer(LookupError):
    """No feature registered a deliverer for this kind: the process was started without it."""


_TABLE: dict[Kind, Deliver] = {}


def register(deliverers: Mapping[Kind, Deliver]) -> None:
    """Add a feature's deliverers; registering the same one again changes nothing, a second
    deliverer for a kind is a mistake."""
    for kind, deliver in deliverers.items():
        if _TABLE.setdefault(kind, deliver) is not deliver:
            raise ValueError(f"{kind.name} already has a deliverer: {_TABLE[kind]!r}")


def deliverer(kind: Kind) -> Deliver:
    try:
        return _TABLE[kind]
    except KeyError:
        raise NoDeliverer(f"nothing delivers {kind.name} follow-ups in this process") from None


def registered() -> frozenset[Kind]:
    return frozenset(_TABLE)
