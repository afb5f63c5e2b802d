"""The bot with approvers, for every sign-off specification."""

from __future__ import annotations

import pytest

from tests.bot.signoff.test_signoff import with_approvers
from tests.e2e import Bot


@pytest.fixture
def approved(bot: Bot) -> Bot:
    return with_approvers(bot)
