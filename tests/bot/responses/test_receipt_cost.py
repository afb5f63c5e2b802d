"""A receipt costs the same for the 200th message as for the first: it is
extended by the message just posted, from the tally the draft keeps, never by reading the
draft's other messages again; and what it says is what counting every message says."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import event

from bot.domain.responses import Tally, summarise
from storage.models import DraftMessage, ResponseDraft
from tests import slack_events as events
from tests.bot.responses.test_responses import log_inspection, receipt, say
from tests.e2e import CHANNEL, Bot
from tests.history import statements


def _reply_costs(bot: Bot, card_ts: str, text: str) -> tuple[list[str], int]:
    """The statements one thread reply costs (its storing and its receipt), and how many of
    the draft's messages it loaded from the database."""
    loaded = 0

    def count(*_args: object) -> None:
        nonlocal loaded
        loaded += 1

    event.listen(DraftMessage, "load", count)
    try:
        with statements(bot.db) as executed:
            say(bot, card_ts, text)
    finally:
        event.remove(DraftMessage, "load", count)
    return executed, loaded


def test_the_fortieth_reply_costs_what_the_third_does(bot: Bot) -> None:
    card_ts = log_inspection(bot)
    for n in range(1, 3):
        say(bot, card_ts, f"Part {n} of the response. It goes on.")
    third, third_loaded = _reply_costs(bot, card_ts, "Part 3 of the response. It goes on.")
    for n in range(4, 40):
        say(bot, card_ts, f"Part {n} of the response. It goes on.")
    fortieth, loaded = _reply_costs(bot, card_ts, "Part 40 of the response. It goes on.")
    assert len(fortieth) == len(third), "\n".join(fortieth)
    assert loaded == third_loaded == 1  # the new message only, never the 39 before it
    text = receipt(bot, card_ts)["text"]
    assert "40 messages" in text and "320 words" in text, text
    with bot.db.session() as session:
        [draft] = session.query(ResponseDraft).all()
        assert draft.tally is not None and draft.tally["version"] == draft.version
        assert draft.tally["tally"]["messages"] == 40


def test_an_edit_counts_every_message_again_and_says_the_same(bot: Bot) -> None:
    card_ts = log_inspection(bot)
    first = say(bot, card_ts, "We accept the findings")
    say(bot, card_ts, "and will act. Thank you.")
    before = receipt(bot, card_ts)["text"]
    assert "We accept the findings and will act." in before  # one sentence over two parts
    bot.send.event(events.edited(CHANNEL, first, card_ts, "We accept the findings in full"))
    after = receipt(bot, card_ts)["text"]
    assert "We accept the findings in full and will act." in after
    assert "2 messages, 11 words" in after


PARTS = [
    "Thanks",
    "we accept.",
    '"The force agrees!" It will act',
    "",
    "  \n  ",
    "(done.) ok? more\nlines here",
    "é. x",
]


@pytest.mark.parametrize("cut", range(len(PARTS) + 1))
def test_a_tally_extended_one_part_at_a_time_is_the_summary_of_them_all(cut: int) -> None:
    parts = PARTS[cut:] + PARTS[:cut]  # every rotation: each part first, last, in between
    tally = Tally()
    for part in parts:
        tally = tally.adding(part)
    whole = summarise(parts)
    assert tally.summary == whole
    assert whole.messages == sum(1 for p in parts if p.strip())
    words = sum(len(p.split()) for p in parts)
    assert dataclasses.replace(whole, words=words) == whole
