"""Slack's installations in the project's database: slack-sdk's SQLAlchemy installation store
on the tables of migration 0015, with every token encrypted at rest (docs/rules.md#r25).

Fernet (the ``cryptography`` package: AES-128-CBC with HMAC-SHA256, each value authenticated)
with the key from ``S55_TOKEN_KEY``; several keys separated by commas decrypt with any of them
and encrypt with the first (MultiFernet), so a key can be replaced without losing installations.
"""

from __future__ import annotations

import copy
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from storage.db import Database
from storage.models import SLACK_BOTS, SLACK_INSTALLATIONS, SLACK_OAUTH_STATES, TOKEN_COLUMNS

R = TypeVar("R", Bot, Installation)
STATE_SECONDS = 600  # the install link's state is good for ten minutes (Bolt's default)


def oauth_client(api_url: str) -> WebClient:
    """The client for ``oauth.v2.access`` (install and refresh), whose requests and answers
    carry tokens in their bodies: slack_sdk logs bodies at DEBUG (it redacts only the
    Authorization header), so this client's logger never logs below INFO, whatever the
    process's level (its own level is what slack_sdk checks)."""
    quiet = logging.getLogger("s55bot.oauth")
    quiet.setLevel(logging.INFO)
    return WebClient(base_url=api_url, logger=quiet)


class BadTokenKey(ValueError):
    """S55_TOKEN_KEY is not a Fernet key (32 url-safe base64-encoded bytes)."""


def token_cipher(keys: str) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.strip().encode()) for key in keys.split(",") if key.strip()])
    except (ValueError, TypeError) as problem:
        raise BadTokenKey(str(problem)) from None


class EncryptedInstallationStore(SQLAlchemyInstallationStore):
    """The SDK's store on the project's tables; tokens go in encrypted and come out plain."""

    def __init__(self, client_id: str, db: Database, cipher: MultiFernet) -> None:
        super().__init__(client_id=client_id, engine=db.engine)
        # The project's own declarations of the SDK's tables (storage.models), migrated.
        self.metadata = SLACK_BOTS.metadata
        self.bots = SLACK_BOTS
        self.installations = SLACK_INSTALLATIONS
        self._cipher = cipher
        self._nested = threading.local()

    # The SDK's save calls save_bot with the installation's bot, and its find_installation calls
    # find_bot for the latest bot token: inside those, the values stay as stored (sealed), so
    # that each token is sealed or opened exactly once, by the outer call.
    @contextmanager
    def _as_stored(self) -> Iterator[None]:
        self._nested.active = True
        try:
            yield
        finally:
            self._nested.active = False

    def _nested_call(self) -> bool:
        return bool(getattr(self._nested, "active", False))

    def save(self, installation: Installation) -> None:
        with self._as_stored():
            super().save(_sealed(installation, self._cipher.encrypt))

    def save_bot(self, bot: Bot) -> None:
        super().save_bot(bot if self._nested_call() else _sealed(bot, self._cipher.encrypt))

    def find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        found = super().find_bot(
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )
        if found is None or self._nested_call():
            return found
        return _sealed(found, self._open)

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        with self._as_stored():
            found = super().find_installation(
                enterprise_id=enterprise_id,
                team_id=team_id,
                user_id=user_id,
                is_enterprise_install=is_enterprise_install,
            )
        return None if found is None else _sealed(found, self._open)

    def _open(self, sealed: bytes) -> bytes:
        try:
            return self._cipher.decrypt(sealed)
        except InvalidToken:
            # Written under a key no longer given: not a token to use.
            raise TokenUnreadable() from None


class TokenUnreadable(Exception):
    """A stored token does not decrypt with S55_TOKEN_KEY (the key was changed without
    keeping the old one after it)."""

    def __init__(self) -> None:
        super().__init__(
            "a stored Slack token does not decrypt with S55_TOKEN_KEY: give the key the tokens "
            "were stored with (to replace it, give the new key first and the old after it: "
            "new,old)"
        )


def unreadable_teams(store: EncryptedInstallationStore, team_ids: list[str]) -> list[str]:
    """The workspaces whose stored bot token S55_TOKEN_KEY cannot decrypt."""
    unreadable = []
    for team_id in team_ids:
        try:
            store.find_bot(enterprise_id=None, team_id=team_id)
        except TokenUnreadable:
            unreadable.append(team_id)
    return unreadable


def _sealed(record: R, transform: Callable[[bytes], bytes]) -> R:
    """A copy of ``record`` (a Bot or an Installation) with its tokens through ``transform``."""
    sealed = copy.copy(record)
    for name in TOKEN_COLUMNS:
        value = getattr(record, name, None)
        if value:
            setattr(sealed, name, transform(value.encode()).decode())
    return sealed


def state_store(db: Database) -> SQLAlchemyOAuthStateStore:
    store = SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=db.engine)
    store.metadata = SLACK_OAUTH_STATES.metadata
    store.oauth_states = SLACK_OAUTH_STATES
    return store
