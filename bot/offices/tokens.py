"""Each office's bot token, refreshed before it expires by one process at a time
(docs/rules.md#r25).

Slack's token rotation: an access token lives 12 hours and is refreshed with
``oauth.v2.access`` (``grant_type=refresh_token``); the refresh token is spent by its use
(api.slack.com/authentication/rotation). Bolt refreshes only on incoming requests and without
a lock, so two processes refreshing at once would spend the same refresh token twice and the
second would lock the office out. Here the refresh happens under a claim in the office's row:
the holder reads the token again (another may just have refreshed it), refreshes it if it is
still expiring and stores it; everyone else waits for the claim to go and reads what it stored.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta

from slack_sdk.oauth.installation_store import Bot
from slack_sdk.oauth.token_rotation import TokenRotator

from bot.offices.installations import EncryptedInstallationStore
from storage.db import Database
from storage.offices import claim_token, release_token

MARGIN_MINUTES = 120  # refreshed when it has less than this left (Bolt's default)
CLAIM_SECONDS = 30  # a refresh is one HTTP call; a holder that died is waited out this long
WAIT_SECONDS = 35.0
_PAUSE = 0.2


class TokenUnavailable(Exception):
    """No usable token for the office: not installed, uninstalled, or a refresh that could
    not be made in time."""


class TokenKeeper:
    def __init__(
        self,
        *,
        db: Database,
        store: EncryptedInstallationStore,
        rotator: TokenRotator,
        claimer: str,
        now: Callable[[], datetime],
        wall_clock: Callable[[], float] = time.time,
        margin_minutes: int = MARGIN_MINUTES,
        wait_seconds: float = WAIT_SECONDS,
    ) -> None:
        self._db = db.across_offices()
        self._store = store
        self._rotator = rotator
        self._claimer = claimer
        self._now = now  # the claim's times (the database's record)
        # Expiry is Unix time, as the SDK stores it: the real clock, even when the bot's own
        # notion of now is moved (the sandbox, tests).
        self._wall = wall_clock
        self._margin = margin_minutes
        self._wait = wait_seconds

    def bot(self, team_id: str, *, wait: bool = True) -> Bot:
        """The office's bot with a token good for at least the margin. While another process
        refreshes it, this waits for the new token; with ``wait=False`` (a request, which must
        be acknowledged within Slack's 3 seconds) the token in hand is used instead, as long
        as it has not expired."""
        bot = self._find(team_id)
        if not self._expiring(bot):
            return bot
        deadline = time.monotonic() + self._wait
        while True:
            if self._claim(team_id):
                try:
                    return self._refreshed(team_id)
                finally:
                    with self._db.session() as session:
                        release_token(session, team_id, claimer=self._claimer)
            bot = self._find(team_id)
            if not self._expiring(bot):
                return bot  # the claim's holder refreshed it
            if not wait and not self._expired(bot):
                return bot  # still good: the claim's holder refreshes it meanwhile
            if time.monotonic() > deadline:
                raise TokenUnavailable(f"the token of {team_id} could not be refreshed in time")
            time.sleep(_PAUSE)

    def _refreshed(self, team_id: str) -> Bot:
        bot = self._find(team_id)  # read again under the claim
        if not self._expiring(bot):
            return bot
        # The SDK refreshes only what expires within the minutes given; it is asked for this
        # one, which is expiring by this keeper's reckoning.
        left = (bot.bot_token_expires_at or 0) - time.time()
        fresh = self._rotator.perform_bot_token_rotation(
            bot=bot, minutes_before_expiration=max(self._margin, int(left // 60) + 1)
        )
        if fresh is None:
            return bot
        self._store.save_bot(fresh)
        return fresh

    def _claim(self, team_id: str) -> bool:
        now = self._now()
        with self._db.session() as session:
            return claim_token(
                session,
                team_id,
                claimer=self._claimer,
                now=now,
                until=now + timedelta(seconds=CLAIM_SECONDS),
            )

    def _find(self, team_id: str) -> Bot:
        bot = self._store.find_bot(enterprise_id=None, team_id=team_id)
        if bot is None:
            raise TokenUnavailable(f"no installation for {team_id}")
        return bot

    def _expired(self, bot: Bot) -> bool:
        expires_at = bot.bot_token_expires_at
        return expires_at is not None and expires_at <= self._wall()

    def _expiring(self, bot: Bot) -> bool:
        expires_at = bot.bot_token_expires_at
        if expires_at is None or not bot.bot_refresh_token:
            return False  # a token that does not expire (rotation off)
        return expires_at - self._wall() < self._margin * 60
