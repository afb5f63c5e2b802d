"""A receipt costs the same for the 200th message as for the first: it is
extended by the message just posted, from the tally the draft keeps, never by reading the
draft's other messages again; and what it says is what counting every message says."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import event

from bot.domain import items_so_far
from bot.domain.recall import BITS
from bot.domain.report_text import Line
from bot.domain.responses import Tally, summarise
from storage.models import DraftMessage, ResponseDraft
from tests import slack_events as events
from tests.bot.domain.test_items_so_far import typed_items
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


@dataclass
class ItemReplyCost:
    """What one reply in a recommendations draft's thread cost: its SQL statements, the bytes
    of the draft's rows it loaded (its kept reading, its messages' text), the text it cleaned
    into lines and the lines the item reader read, and how often it read the draft whole."""

    statements: list[str]
    messages_loaded: int = 0
    bytes_loaded: int = 0
    text_parsed: int = 0
    lines_read: int = 0
    read_whole: int = 0


def _item_reply_cost(bot: Bot, card_ts: str, text: str) -> ItemReplyCost:
    cost = ItemReplyCost([])
    text_lines, read, reading = (
        items_so_far.text_lines,
        items_so_far._Reader.read,
        items_so_far.ItemsSoFar.reading.__func__,  # type: ignore[attr-defined]
    )

    def parsing(whole: str) -> list[str]:
        cost.text_parsed += len(whole)
        return text_lines(whole)

    def reading_line(reader: object, line: Line, after: str | None) -> None:
        cost.lines_read += len(line.text)
        read(reader, line, after)

    def reading_whole(cls: type, *args: Any, **kwargs: Any) -> Any:
        cost.read_whole += 1
        return reading(cls, *args, **kwargs)

    def loaded_message(target: DraftMessage, *_args: object) -> None:
        cost.messages_loaded += 1
        cost.bytes_loaded += len(target.raw_text.encode())

    def loaded_draft(target: ResponseDraft, *_args: object) -> None:
        # Only where it was asked for (the tally is deferred): reading it here would load it.
        cost.bytes_loaded += len(json.dumps(target.__dict__.get("tally") or {}).encode())

    event.listen(DraftMessage, "load", loaded_message)
    event.listen(ResponseDraft, "load", loaded_draft)
    patches = (
        (items_so_far, "text_lines", parsing),
        (items_so_far._Reader, "read", reading_line),
        (items_so_far.ItemsSoFar, "reading", classmethod(reading_whole)),
    )
    originals = [(owner, name, owner.__dict__[name]) for owner, name, _ in patches]
    try:
        for owner, name, patched in patches:
            setattr(owner, name, patched)
        with statements(bot.db) as cost.statements:
            say(bot, card_ts, text)
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)
        event.remove(DraftMessage, "load", loaded_message)
        event.remove(ResponseDraft, "load", loaded_draft)
    return cost


def test_the_200th_recommendation_costs_what_the_second_does_and_shows_all_200(bot: Bot) -> None:
    card_ts = log_inspection(bot)
    assert "thread" in bot.command("recs S55-1")[-1]["text"]  # a draft of the items, asked for
    pasted = typed_items(200)  # one to a message, each as long as the others
    costs = {}
    for n, text in enumerate(pasted, start=1):
        if n in (1, 2, 45, 46, 100, 200):
            costs[n] = _item_reply_cost(bot, card_ts, text)
        else:
            say(bot, card_ts, text)
    first, second, last = costs[1], costs[2], costs[200]
    assert len(last.statements) == len(second.statements), "\n".join(last.statements)
    assert last.messages_loaded == second.messages_loaded == 1  # the new message only
    assert (first.read_whole, second.read_whole, last.read_whole) == (1, 0, 0)
    # The text parsed is the new message's, as for the first message; the lines read are the
    # new message's and the last line before it (its next line was still to come).
    assert (first.text_parsed, last.text_parsed) == (len(pasted[0]), len(pasted[-1]))
    assert first.lines_read == len(pasted[0])
    assert last.lines_read == len(pasted[-2]) + len(pasted[-1])
    proposal = receipt(bot, card_ts)
    assert "200 recommendations" in json.dumps(proposal["blocks"]), proposal["text"]
    # The bytes loaded (the reading kept, the new message) grow until the receipt lists its
    # 45 items, then only as two fixed-size filters fill (bot.domain.recall).
    assert last.bytes_loaded - costs[46].bytes_loaded < 2 * BITS // 8 * 4 // 3
    figures = {
        n: (len(c.statements), c.bytes_loaded, c.text_parsed, c.lines_read)
        for n, c in costs.items()
    }
    print(f"statements, bytes loaded, text parsed, lines read: {figures}")
