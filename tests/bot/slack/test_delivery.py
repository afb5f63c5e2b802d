"""When Slack fails half-way, nothing is posted twice and nothing users typed is lost."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.models import Inspection
from tests.e2e import CHANNEL, Bot

ADD = "add Vetting part 2 | 30 April 2024"


def cards(bot: Bot) -> list[dict]:
    return [m for m in bot.slack.messages.get(CHANNEL, []) if m.get("thread_ts") in (None, m["ts"])]


def stored_card_ts(bot: Bot) -> str | None:
    with bot.db.session() as session:
        return session.scalars(select(Inspection.card_ts)).one()


def test_a_card_accepted_by_slack_whose_answer_is_lost_is_not_posted_again(bot: Bot) -> None:
    bot.slack.drop_next("chat.postMessage", after_processing=True)
    [reply] = bot.command(ADD)
    bot.settle()
    assert reply["text"].startswith("Logged *S55-1*")
    [card] = cards(bot)
    assert stored_card_ts(bot) == card["ts"]
    assert card["metadata"] == {"event_type": "s55bot_post", "event_payload": {"key": "card:1"}}


@pytest.mark.parametrize(("fault", "times"), [("drop", 1), (500, 2), (503, 1)])
def test_a_card_lost_before_slack_took_it_is_posted_once_on_retry(
    bot: Bot, fault: object, times: int
) -> None:
    if fault == "drop":
        bot.slack.drop_next("chat.postMessage", times=times)
    else:
        bot.slack.fail_next("chat.postMessage", status=fault, times=times)
    [reply] = bot.command(ADD)
    bot.settle()
    assert reply["text"].startswith("Logged *S55-1*")
    [card] = cards(bot)
    assert stored_card_ts(bot) == card["ts"]


def test_a_rate_limited_card_waits_and_is_posted_once(bot: Bot) -> None:
    bot.slack.fail_next("chat.postMessage", status=429, retry_after=1)
    bot.command(ADD)
    bot.settle()
    assert len(cards(bot)) == 1
    assert [c.outcome for c in bot.slack.calls_to("chat.postMessage")][:2] == ["429", "ok"]


def test_when_slack_never_answers_the_inspection_is_kept_and_the_user_told(bot: Bot) -> None:
    bot.slack.fail_next("chat.postMessage", status=500, times=10)
    [reply] = bot.command(ADD)
    assert (
        "Logged *S55-1* (published Tue 30 Apr 2024), but I couldn't post its card" in reply["text"]
    )
    assert "(Slack did not answer)" in reply["text"]
    assert stored_card_ts(bot) is None
    with bot.db.session() as session:
        assert session.scalars(select(Inspection.card_claimed_at)).one() is None  # free to retry


def test_a_receipt_whose_answer_is_lost_is_not_posted_twice(bot: Bot) -> None:
    from tests.bot.responses.test_responses import CC_TEXT, log_inspection, say

    card_ts = log_inspection(bot)
    bot.slack.drop_next("chat.postMessage", after_processing=True)
    say(bot, card_ts, CC_TEXT)
    receipts = [
        m
        for m in bot.slack.messages[CHANNEL]
        if m.get("thread_ts") == card_ts and m["ts"] != card_ts and m.get("blocks")
    ]
    assert len(receipts) == 1


def test_a_card_claim_left_by_a_process_that_died_after_posting_is_not_posted_again(
    bot: Bot,
) -> None:
    from datetime import timedelta

    from sqlalchemy import update

    from bot.cards.refresh import refresh_card

    bot.command(ADD)
    bot.settle()
    [posted] = cards(bot)
    with bot.db.session() as session:  # as if the process died between Slack's answer and the save
        session.execute(update(Inspection).values(card_ts=None, card_claimed_at=bot.clock.current))
    bot.clock.current += timedelta(minutes=11)
    assert refresh_card(bot.services, 1) == posted["ts"]
    assert len(cards(bot)) == 1 and stored_card_ts(bot) == posted["ts"]


def test_a_card_another_process_is_still_posting_is_not_said_to_be_in_the_channel(
    bot: Bot,
) -> None:
    """A worker that ran `/s55 add` was killed holding the card's first post; the next worker
    runs the same request again (the same key: one inspection). Its reply may not say the card
    is in the channel, for it is not; once the dead claim times out, the pass posts it once."""
    from datetime import date, timedelta

    from sqlalchemy import update

    from bot.domain.inspection import InspectionDraft
    from bot.inspections.flows import log_new_inspection, post_missing_cards
    from bot.render.replies import logged_reply

    draft = InspectionDraft(title="Vetting part 2", published=date(2024, 4, 30))
    first = log_new_inspection(bot.services, draft, actor="U0001", key="add:trigger-1")
    assert first.card_posted
    with bot.db.session() as session:  # as if the first post were still being made elsewhere
        session.execute(update(Inspection).values(card_ts=None, card_claimed_at=bot.clock.current))
    bot.slack.reset()  # a channel without the card in it

    again = log_new_inspection(bot.services, draft, actor="U0001", key="add:trigger-1")
    reply = logged_reply(again, now=bot.clock.current, tz=bot.services.settings.timezone)
    assert not again.card_posted and "the tracking card is in the channel" not in reply
    assert "Its tracking card isn't in <#C" in reply and cards(bot) == []

    bot.clock.current += timedelta(minutes=11)  # the claim of the process that died times out
    assert post_missing_cards(bot.services) == 1
    assert len(cards(bot)) == 1 and stored_card_ts(bot) == cards(bot)[0]["ts"]
