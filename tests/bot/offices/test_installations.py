"""Slack's installations in the project's database (bot/offices/installations.py): slack-sdk's
stores on the project's own tables, every token sealed once on the way in and opened once on
the way out (docs/rules.md#r25)."""

from __future__ import annotations

import time

import pytest
from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import MetaData, select

from bot.offices.installations import (
    EncryptedInstallationStore,
    TokenUnreadable,
    token_cipher,
)
from storage.db import Database
from storage.models import SLACK_BOTS, SLACK_INSTALLATIONS, SLACK_OAUTH_STATES

KEY = Fernet.generate_key().decode()


def norfolk() -> Installation:
    return Installation(
        app_id="A0APP0001",
        enterprise_id=None,
        team_id="T0002",
        team_name="Norfolk OPCC",
        bot_token="xoxe.xoxb-1-bot",
        bot_refresh_token="xoxe-1-bot-refresh",
        bot_token_expires_in=43200,
        bot_id="B0BOT0002",
        bot_user_id="U0BOT0002",
        bot_scopes="commands,chat:write",
        user_id="U0JANE",
        user_token="xoxe.xoxp-1-user",
        user_refresh_token="xoxe-1-user-refresh",
        user_token_expires_in=43200,
        installed_at=time.time(),
    )


def test_the_tables_have_every_column_of_the_sdks_stores() -> None:
    sdk = MetaData()
    expected = {
        SLACK_INSTALLATIONS: SQLAlchemyInstallationStore.build_installations_table(sdk, "i"),
        SLACK_BOTS: SQLAlchemyInstallationStore.build_bots_table(sdk, "b"),
        SLACK_OAUTH_STATES: SQLAlchemyOAuthStateStore.build_oauth_states_table(sdk, "s"),
    }
    for ours, theirs in expected.items():
        assert [column.name for column in ours.c] == [column.name for column in theirs.c]


def test_tokens_are_sealed_at_rest_and_come_back_plain_from_every_look_up(
    database: Database,
) -> None:
    store = EncryptedInstallationStore("1.2", database, token_cipher(KEY))
    store.save(norfolk())
    with database.engine.connect() as connection:
        stored = connection.execute(select(SLACK_INSTALLATIONS)).one()._mapping
        bot_row = connection.execute(select(SLACK_BOTS)).one()._mapping
    plain = {"xoxe.xoxb-1-bot", "xoxe-1-bot-refresh", "xoxe.xoxp-1-user", "xoxe-1-user-refresh"}
    assert not plain & {str(value) for value in [*stored.values(), *bot_row.values()]}
    bot = store.find_bot(enterprise_id=None, team_id="T0002")
    assert bot is not None
    assert (bot.bot_token, bot.bot_refresh_token) == ("xoxe.xoxb-1-bot", "xoxe-1-bot-refresh")
    # With a user named, the SDK looks the bot up again inside: each token is opened once.
    for user in (None, "U0JANE"):
        found = store.find_installation(enterprise_id=None, team_id="T0002", user_id=user)
        assert found is not None
        assert (found.bot_token, found.user_token, found.user_refresh_token) == (
            "xoxe.xoxb-1-bot",
            "xoxe.xoxp-1-user",
            "xoxe-1-user-refresh",
        )


def test_a_key_that_did_not_seal_them_reads_no_token(database: Database) -> None:
    EncryptedInstallationStore("1.2", database, token_cipher(KEY)).save(norfolk())
    other = EncryptedInstallationStore(
        "1.2", database, token_cipher(Fernet.generate_key().decode())
    )
    with pytest.raises(TokenUnreadable, match="does not decrypt with S55_TOKEN_KEY"):
        other.find_bot(enterprise_id=None, team_id="T0002")
    # The new key first and the old after it: both read, the new one seals.
    both = EncryptedInstallationStore(
        "1.2", database, token_cipher(f"{Fernet.generate_key().decode()},{KEY}")
    )
    bot = both.find_bot(enterprise_id=None, team_id="T0002")
    assert bot is not None and bot.bot_token == "xoxe.xoxb-1-bot"
