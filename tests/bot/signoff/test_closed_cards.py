"""A closed card tells how it ended, not a countdown frozen on the day it closed; `/s55 list
done` says the same (docs/rules.md#r3)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot import ids
from bot.domain.steps import DEFAULT_STEPS
from tests.bot.responses.test_responses import log_inspection
from tests.bot.signoff.test_signoff import (
    both_responses_in,
    card,
    click,
    not_required_button,
    state,
    step_button,
    submit_reason,
)
from tests.e2e import CHANNEL, Bot

# The seed's inspection: published Tue 30 Apr 2024, deadline Mon 24 Jun 2024.
OPCC_WEBSITE = DEFAULT_STEPS[3]


def deadline_fact(bot: Bot, card_ts: str) -> str:
    facts = next(b for b in card(bot, card_ts)["blocks"] if b["block_id"] == ids.CARD_FACTS_BLOCK)
    return next(f["text"] for f in facts["fields"] if f["text"].startswith("*Section 55 deadline"))


def confirm(bot: Bot, card_ts: str, steps: list[str], on: datetime) -> None:
    bot.clock.current = on
    for step in steps:
        assert click(bot, card_ts, step_button(card(bot, card_ts), step)) == 200


def complete(bot: Bot, *, published_on: datetime) -> str:
    """Sign off and forward on 12 Jun, publish on ``published_on``, the portal two days on."""
    card_ts = both_responses_in(bot)
    confirm(bot, card_ts, list(DEFAULT_STEPS[:3]), datetime(2024, 6, 12, 9, tzinfo=UTC))
    confirm(bot, card_ts, [OPCC_WEBSITE], published_on)
    confirm(bot, card_ts, [DEFAULT_STEPS[4]], datetime(2024, 6, 29, 9, tzinfo=UTC))
    assert state(bot) == "complete"
    return card_ts


def test_a_complete_card_says_when_it_was_published_against_the_deadline(approved: Bot) -> None:
    card_ts = complete(approved, published_on=datetime(2024, 6, 18, 14, tzinfo=UTC))
    assert deadline_fact(approved, card_ts) == (
        "*Section 55 deadline*\nMon 24 Jun 2024\n"
        "Response published Tue 18 Jun 2024 — 6 days before the deadline"
    )
    assert "OVERDUE" not in json.dumps(card(approved, card_ts)["blocks"])


def test_published_late_says_how_late(approved: Bot) -> None:
    card_ts = complete(approved, published_on=datetime(2024, 6, 27, 9, tzinfo=UTC))
    assert deadline_fact(approved, card_ts).endswith(
        "Response published Thu 27 Jun 2024 — 3 days after the deadline"
    )


def test_undoing_the_last_step_brings_the_countdown_back(approved: Bot) -> None:
    card_ts = complete(approved, published_on=datetime(2024, 6, 24, 9, tzinfo=UTC))
    assert deadline_fact(approved, card_ts).endswith("on the deadline day")
    approved.clock.current = datetime(2024, 6, 30, 9, tzinfo=UTC)
    click(approved, card_ts, step_button(card(approved, card_ts), DEFAULT_STEPS[4], ids.UNDO_STEP))
    assert submit_reason(approved, ids.UNDO_STEP_VIEW, "Wrong portal entry").status == 200
    assert state(approved) == "publishing"
    assert deadline_fact(approved, card_ts).endswith("Mon 24 Jun 2024\nOVERDUE by 6 days")


def test_no_response_required_and_withdrawn_cards_say_so(approved: Bot) -> None:
    card_ts = log_inspection(approved)
    click(approved, card_ts, not_required_button(approved, card_ts))
    submit_reason(approved, ids.NOT_REQUIRED_VIEW, "The report does not concern this force.")
    assert deadline_fact(approved, card_ts) == (
        "*Section 55 deadline*\nMon 24 Jun 2024\nNo response required"
    )
    approved.command("add Custody suites | 2 May 2024")
    approved.command("withdraw S55-2 Logged by mistake")
    approved.settle()
    withdrawn = next(
        m for m in approved.slack.messages[CHANNEL] if "Custody suites" in m.get("text", "")
    )
    assert deadline_fact(approved, withdrawn["ts"]).endswith("Wed 26 Jun 2024\nWithdrawn")


def test_list_done_gives_each_closed_inspection_its_outcome(approved: Bot) -> None:
    complete(approved, published_on=datetime(2024, 6, 18, 14, tzinfo=UTC))
    approved.command("add Custody suites | 2 May 2024")
    approved.command("withdraw S55-2 Logged by mistake")
    approved.clock.current = datetime(2024, 7, 1, 9, tzinfo=UTC)
    [reply] = approved.command("list done")
    lines = [b["text"]["text"] for b in reply["blocks"] if b["type"] == "section"]
    assert len(lines) == 1  # withdrawn leaves every list
    assert lines[0].endswith(
        "Deadline Mon 24 Jun 2024 · Response published Tue 18 Jun 2024 — 6 days before the deadline"
    )
    [everything] = approved.command("list all")
    text = "\n".join(b["text"]["text"] for b in everything["blocks"] if b["type"] == "section")
    assert "Deadline Wed 26 Jun 2024 · Withdrawn: Logged by mistake" in text
    assert "days left" not in text and "OVERDUE" not in text
