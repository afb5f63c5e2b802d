"""One table says what delivers each kind of follow-up (bot.followups.registry), filled by the
features when the app starts: every kind has a deliverer, and a key that names no kind is kept
and said loudly, never delivered as something else."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from bot.domain import followups
from bot.domain.followups import Kind
from bot.followups import registry
from bot.followups.delivery import deliver_owed
from storage import reminders
from storage.models import Inspection
from tests.e2e import Bot


def test_after_start_up_every_kind_of_follow_up_has_its_deliverer(bot: Bot) -> None:
    assert registry.registered() == set(Kind)
    for kind in Kind:
        assert callable(registry.deliverer(kind))


def test_a_second_deliverer_for_a_kind_is_refused(bot: Bot) -> None:
    current = registry.deliverer(Kind.PROMPT)
    registry.register({Kind.PROMPT: current})  # the same one again: nothing changes
    with pytest.raises(ValueError, match="PROMPT"):
        registry.register({Kind.PROMPT: registry.deliverer(Kind.TURN)})
    assert registry.deliverer(Kind.PROMPT) is current


def test_a_key_of_no_kind_stays_owed_and_is_logged_as_an_error(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    now = bot.services.now()
    with bot.db.session() as session:
        reminders.request_follow_ups(session, None, ["mystery:1"], day=now.date(), now=now)
    with caplog.at_level(logging.ERROR, logger="bot.followups.delivery"):
        assert deliver_owed(bot.services, None) is False
    assert any("mystery:1" in record.getMessage() for record in caplog.records)
    with bot.db.session(read_only=True) as session:
        assert reminders.last_error(session, "mystery:1") == "UnknownFollowUp"
        assert None in reminders.inspections_with_follow_ups(session)  # the next pass sees it


def test_a_follow_up_whose_row_is_gone_stays_owed_and_the_others_are_still_delivered(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    bot.command("add Vetting and anti-corruption part 2 | 30 April 2024")
    with bot.db.session(read_only=True) as session:
        inspection_id = session.scalars(select(Inspection.id)).one()
    gone, card = followups.reopened_note(999_999), followups.card_edit(inspection_id)
    now = bot.services.now()
    with bot.db.session() as session:
        reminders.request_follow_ups(session, inspection_id, [gone, card], day=now.date(), now=now)
    bot.slack.reset()
    with caplog.at_level(logging.ERROR, logger="bot.followups.delivery"):
        assert deliver_owed(bot.services, inspection_id) is False
    assert any(gone in record.getMessage() for record in caplog.records)
    bot.slack.wait_for("chat.update")  # the card was still edited
    with bot.db.session(read_only=True) as session:
        assert reminders.last_error(session, gone) == "NotOnRecord"
        assert inspection_id in reminders.inspections_with_follow_ups(session)
