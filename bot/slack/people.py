"""Who someone is and what they may do, from Slack, cached for a few minutes."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot import copy
from bot.domain.errors import S55Error

CACHE_SECONDS = 300


class MembershipUnknown(S55Error):
    """Slack could not say who is in a user group: refuse rather than guess."""


class People:
    def __init__(self, client: WebClient, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._client = client
        self._clock = clock
        self._lock = threading.Lock()
        self._groups: dict[str, tuple[float, frozenset[str]]] = {}
        self._names: dict[str, str] = {}

    def is_one_of(self, user: str, principals: Iterable[str]) -> bool:
        """Whether ``user`` is named in ``principals`` directly (U…/W…) or through a user
        group (S…). Raises MembershipUnknown when a group cannot be looked up."""
        groups = []
        for principal in principals:
            if principal == user:
                return True
            if principal.startswith("S"):
                groups.append(principal)
        return any(user in self._members(group) for group in groups)

    def names(self, users: Iterable[str]) -> dict[str, str]:
        """Display names for mentions in documents; an ID stands in for anyone Slack won't name."""
        return {user: self._name(user) for user in users}

    def _members(self, group: str) -> frozenset[str]:
        with self._lock:
            cached = self._groups.get(group)
            if cached and self._clock() - cached[0] < CACHE_SECONDS:
                return cached[1]
        try:
            members = frozenset(self._client.usergroups_users_list(usergroup=group)["users"])
        except (SlackApiError, SlackClientError, OSError):
            raise MembershipUnknown(copy.LOOKUP_FAILED) from None
        with self._lock:
            self._groups[group] = (self._clock(), members)
        return members

    def _name(self, user: str) -> str:
        with self._lock:
            if user in self._names:
                return self._names[user]
        try:
            profile = self._client.users_info(user=user)["user"]
        except (SlackApiError, SlackClientError, OSError):
            return user
        name = (
            profile.get("profile", {}).get("real_name")
            or profile.get("real_name")
            or profile.get("name")
            or user
        )
        with self._lock:
            self._names[user] = name
        return name
