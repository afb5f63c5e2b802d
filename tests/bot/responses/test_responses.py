"""Collecting the responses in the card's thread (docs/rules.md#r10), told as a user's story."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import select

from bot import ids
from bot.audit.history import write_csv
from bot.standin import Call
from storage.models import AuditEvent, DraftMessage, Inspection, Notice, Response
from tests import slack_events as events
from tests.e2e import CHANNEL, Bot

ADD = "add Vetting and anti-corruption part 2 | 30 April 2024 | https://example.org/vetting-2"
CC_TEXT = "The Chief Constable welcomes the report.\nWe accept recommendation 4."


def log_inspection(bot: Bot) -> str:
    """Log the 2024 seed's inspection; return its card's ts once the CC prompt is in the thread."""
    bot.command(ADD)
    card = bot.slack.wait_for("chat.postMessage")[0]
    ts = card.response["ts"]
    bot.slack.wait_for("chat.postMessage", predicate=lambda call: call.args.get("thread_ts") == ts)
    return ts


def in_thread(bot: Bot, card_ts: str) -> list[Call]:
    return [c for c in bot.slack.calls_to("chat.postMessage") if c.args.get("thread_ts") == card_ts]


def receipt(bot: Bot, card_ts: str) -> dict[str, Any]:
    """The receipt as it stands now in the stand-in's copy of the thread."""
    bot.settle()
    thread = [
        m for m in bot.slack.messages[CHANNEL] if m.get("thread_ts") == card_ts and m.get("blocks")
    ]
    receipts = [m for m in thread if m["blocks"][0].get("block_id") == ids.RECEIPT_BLOCK]
    assert receipts, f"no receipt among {len(thread)} message(s) with blocks in the thread"
    return receipts[-1]


def receipts_shown(bot: Bot, card_ts: str) -> int:
    """How many receipts the thread shows now (an old one is deleted when it moves down)."""
    bot.settle()
    return sum(
        1
        for m in bot.slack.messages[CHANNEL]
        if m.get("thread_ts") == card_ts
        and (m.get("blocks") or [{}])[0].get("block_id") == ids.RECEIPT_BLOCK
    )


def button(message: dict[str, Any], action_id: str) -> dict[str, Any]:
    for block in message["blocks"]:
        for element in block.get("elements", []):
            if element.get("action_id") == action_id:
                return element
    raise AssertionError(f"no {action_id} button in {message['blocks']}")


def press(bot: Bot, message: dict[str, Any], action_id: str, *, user: str = "U0EDITOR1") -> None:
    element = button(message, action_id)
    reply = bot.send.button_click(
        action_id=action_id,
        value=element["value"],
        user_id=user,
        channel_id=CHANNEL,
        message_ts=message["ts"],
        block_id=ids.RECEIPT_ACTIONS_BLOCK,
    )
    assert reply.status == 200, reply.body
    bot.settle()


def say(bot: Bot, card_ts: str, text: str, **fields: Any) -> str:
    event = events.thread_reply(CHANNEL, card_ts, text, **fields)
    assert bot.send.event(event).status == 200
    bot.settle()
    return event["ts"]


def responses(bot: Bot) -> list[Response]:
    with bot.db.session() as session:
        return list(session.scalars(select(Response).order_by(Response.id)))


def inspection(bot: Bot) -> Inspection:
    with bot.db.session() as session:
        return session.scalars(select(Inspection)).one()


def test_the_bot_asks_for_the_cc_response_in_the_cards_thread(bot: Bot) -> None:
    card_ts = log_inspection(bot)
    [prompt] = in_thread(bot, card_ts)
    assert "Please paste the *Chief Constable's response* to *S55-1*" in prompt.args["text"]
    assert "due by *Tue 28 May 2024*" in prompt.args["text"]


def test_a_response_pasted_in_the_thread_is_confirmed_and_the_pcc_is_asked_next(bot: Bot) -> None:
    card_ts = log_inspection(bot)
    first = say(bot, card_ts, CC_TEXT)
    assert (
        "I have 1 message, 10 words. It starts:\n> The Chief Constable welcomes the report."
        in receipt(bot, card_ts)["text"]
    )
    say(bot, card_ts, "Recommendation 4 will be met by *October 2024* &amp; reported to the panel.")
    shown = receipt(bot, card_ts)
    assert "I have 2 messages, 23 words." in shown["text"]
    # Posted again below the new message, the old one deleted: its buttons stay at the end.
    assert receipts_shown(bot, card_ts) == 1
    assert bot.slack.messages[CHANNEL][-1]["ts"] == shown["ts"]

    press(bot, shown, ids.USE_DRAFT)

    [cc] = responses(bot)
    assert (cc.kind, cc.revision, cc.confirmed_by) == ("cc", 1, "U0EDITOR1")
    assert cc.raw_text.startswith(
        CC_TEXT + "\n\nRecommendation 4 will be met by *October 2024* &amp;"
    )
    assert "*October 2024* & reported" in cc.text
    assert inspection(bot).state == "awaiting PCC response"
    card = bot.slack.message(CHANNEL, card_ts)
    assert (
        ":white_check_mark: *Chief Constable response*: received from <@U0EDITOR1>, 23 words"
        in str(card["blocks"])
    )
    assert "confirmed by <@U0EDITOR1>" in bot.slack.message(CHANNEL, shown["ts"])["text"]
    assert (
        "Please paste the *PCC's response* to *S55-1*" in in_thread(bot, card_ts)[-1].args["text"]
    )
    assert first


def test_both_responses_move_the_inspection_to_awaiting_sign_off(bot: Bot) -> None:
    card_ts = log_inspection(bot)
    say(bot, card_ts, CC_TEXT)
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
    say(bot, card_ts, "The PCC is reassured by the force's progress.", user="U0PCC0001")
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT, user="U0PCC0001")
    assert [(r.kind, r.revision) for r in responses(bot)] == [("cc", 1), ("pcc", 1)]
    assert inspection(bot).state == "awaiting PCC sign-off"
    assert "*State*\\nAwaiting PCC sign-off" in str(bot.slack.message(CHANNEL, card_ts)["blocks"])


def test_edits_and_deletions_change_the_draft_and_the_receipt_in_place(bot: Bot) -> None:
    card_ts = log_inspection(bot)
    first = say(bot, card_ts, "Draft one")
    second = say(bot, card_ts, "Draft two words")
    bot.send.event(events.edited(CHANNEL, first, card_ts, "The final wording of the first part"))
    shown = receipt(bot, card_ts)
    assert "2 messages, 10 words" in shown["text"] and "The final wording" in shown["text"]
    bot.send.event(events.deleted(CHANNEL, second, card_ts))
    shown = receipt(bot, card_ts)
    assert "1 message, 7 words" in shown["text"]
    assert receipts_shown(bot, card_ts) == 1
    press(bot, shown, ids.USE_DRAFT)
    assert responses(bot)[0].raw_text == "The final wording of the first part"


def test_an_edit_or_a_deletion_delivered_before_its_message_is_still_applied(bot: Bot) -> None:
    card_ts = log_inspection(bot)
    typed = events.thread_reply(CHANNEL, card_ts, "First wording")
    bot.send.event(events.edited(CHANNEL, typed["ts"], card_ts, "Second wording"))
    bot.settle()
    bot.send.event(typed)
    gone = events.thread_reply(CHANNEL, card_ts, "Deleted at once")
    bot.send.event(events.deleted(CHANNEL, gone["ts"], card_ts))
    bot.settle()
    bot.send.event(gone)
    shown = receipt(bot, card_ts)
    assert "1 message, 2 words" in shown["text"] and "Second wording" in shown["text"]


def test_start_again_forgets_the_draft(bot: Bot) -> None:
    card_ts = log_inspection(bot)
    say(bot, card_ts, "Wrong text pasted by mistake")
    press(bot, receipt(bot, card_ts), ids.START_AGAIN)
    assert "Nothing yet" in receipt(bot, card_ts)["text"]
    say(bot, card_ts, CC_TEXT)
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
    assert responses(bot)[0].raw_text == CC_TEXT


def test_a_click_on_a_receipt_older_than_the_draft_changes_nothing(bot: Bot) -> None:
    card_ts = log_inspection(bot)
    say(bot, card_ts, "First part")
    stale = receipt(bot, card_ts)
    say(bot, card_ts, "Second part")
    press(bot, stale, ids.USE_DRAFT)
    assert responses(bot) == []
    [refusal] = bot.slack.calls_to("response_url")[-1:]
    assert "The draft changed after that receipt was shown" in refusal.args["text"]


@pytest.mark.parametrize(
    "make",
    [
        lambda card_ts: events.thread_reply("C0OTHER01", card_ts, "another channel"),
        lambda card_ts: events.thread_reply(CHANNEL, "1690000000.000100", "another thread"),
        lambda card_ts: events.top_level_message(CHANNEL, "a top-level message"),
        lambda card_ts: events.bot_reply(CHANNEL, card_ts, "another app talking"),
        lambda card_ts: events.parent_edited(CHANNEL, card_ts),
    ],
    ids=["other channel", "other thread", "top level", "another bot", "card edited"],
)
def test_messages_that_are_not_replies_in_a_cards_thread_are_ignored_quietly(
    bot: Bot, make: Callable[[str], dict[str, Any]]
) -> None:
    card_ts = log_inspection(bot)
    calls_before = len(bot.slack.calls)
    assert bot.send.event(make(card_ts)).status == 200
    bot.settle()
    assert len(bot.slack.calls) == calls_before
    with bot.db.session() as session:
        assert session.scalars(select(DraftMessage)).all() == []


def test_every_event_delivered_twice_or_retried_gives_one_of_everything(bot: Bot) -> None:
    card_ts = log_inspection(bot)
    reply = events.thread_reply(CHANNEL, card_ts, CC_TEXT)
    for retry in (None, None, 1):
        bot.send.event(reply, event_id="Ev0REPLY01", retry_num=retry)
    edit = events.edited(CHANNEL, reply["ts"], card_ts, CC_TEXT + " Amended.")
    for retry in (None, None, 1):
        bot.send.event(edit, event_id="Ev0EDIT01", retry_num=retry)
    stray = events.thread_reply(CHANNEL, card_ts, "Pasted by mistake")
    bot.send.event(stray, event_id="Ev0STRAY01")
    gone = events.deleted(CHANNEL, stray["ts"], card_ts)
    for retry in (None, None, 1):
        bot.send.event(gone, event_id="Ev0DELETE1", retry_num=retry)
    bot.settle()
    with bot.db.session() as session:
        messages = session.scalars(select(DraftMessage).order_by(DraftMessage.id)).all()
    # The deletion may be handled before the message it deletes: either way it is not kept.
    assert [(m.ts, m.status) for m in messages] == [(reply["ts"], "kept"), (stray["ts"], "deleted")]
    assert messages[0].raw_text.endswith("Amended.")
    assert "1 message," in receipt(bot, card_ts)["text"]
    assert receipts_shown(bot, card_ts) == 1
    shown = receipt(bot, card_ts)
    press(bot, shown, ids.USE_DRAFT)
    press(bot, shown, ids.USE_DRAFT)  # the same click delivered again
    assert len(responses(bot)) == 1
    with bot.db.session() as session:
        confirmations = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "response confirmed")
        ).all()
    assert len(confirmations) == 1


def test_two_people_confirming_at_the_same_moment_make_one_revision(bot: Bot) -> None:
    card_ts = log_inspection(bot)
    say(bot, card_ts, CC_TEXT)
    shown = receipt(bot, card_ts)
    value = button(shown, ids.USE_DRAFT)["value"]

    def click(user: str) -> int:
        return bot.send.button_click(
            action_id=ids.USE_DRAFT,
            value=value,
            user_id=user,
            channel_id=CHANNEL,
            message_ts=shown["ts"],
        ).status

    with ThreadPoolExecutor(max_workers=2) as pool:
        assert list(pool.map(click, ["U0EDITOR1", "U0EDITOR2"])) == [200, 200]
    bot.settle()
    assert [(r.kind, r.revision) for r in responses(bot)] == [("cc", 1)]
    pcc_prompts = [c for c in in_thread(bot, card_ts) if "PCC's response" in c.args.get("text", "")]
    assert len(pcc_prompts) == 1


def test_a_file_with_no_text_gets_a_clear_reply_once_and_only_a_note_is_kept(bot: Bot) -> None:
    card_ts = log_inspection(bot)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"  # how every PNG starts
    shared = bot.slack.workspace.share_file("U0CC00001", "photo.png", png, "image/png")
    upload = bot.send.message_event(
        user_id="U0CC00001", channel_id=CHANNEL, text="", ts="1700000999.000100",
        thread_ts=card_ts, files=[shared],
    )  # fmt: skip
    bot.send.event(upload, event_id="Ev0FILE001")
    bot.send.event(upload, event_id="Ev0FILE001", retry_num=1)
    bot.settle()
    notices = [
        c for c in in_thread(bot, card_ts) if "I couldn't read `photo.png`" in c.args["text"]
    ]
    assert len(notices) == 1
    with bot.db.session() as session:
        [message] = session.scalars(select(DraftMessage)).all()
        assert (message.status, message.raw_text) == ("unread", "")  # no text joins the draft
        assert message.unread_files.startswith("photo.png\tis not a PDF")  # the receipt's note
        assert len(session.scalars(select(Notice)).all()) == 1
    assert ":warning: Not read: `photo.png`" in receipt(bot, card_ts)["text"]


def test_a_long_unicode_response_is_stored_exactly(bot: Bot) -> None:
    bot.slack.set_user("U0PCC0001", real_name="Sarah Taylor", profile={"real_name": "Sarah Taylor"})
    card_ts = log_inspection(bot)
    unit = "Ŵyŷ ✅ شرطة — «ymateb» 👮🏽‍♀️ <@U0PCC0001> &amp; *bold*\n"
    text = (unit * (40_000 // len(unit) + 1))[:40_000]
    say(bot, card_ts, text)
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
    [stored] = responses(bot)
    assert stored.raw_text == text and len(stored.raw_text) == 40_000
    assert stored.raw_text.encode() == text.encode()
    assert "<@U0PCC0001>" not in stored.text and "@Sarah Taylor &" in stored.text  # readable
    assert "& *bold*" in stored.text


def test_only_response_editors_may_confirm_when_editors_are_named(bot: Bot) -> None:
    bot.services.settings = bot.services.settings.__class__(
        **{**bot.services.settings.__dict__, "response_editors": ("U0EDITOR1", "S0EDITORS")}
    )
    bot.slack.set_usergroup("S0EDITORS", ["U0GROUPED"])
    card_ts = log_inspection(bot)
    say(bot, card_ts, CC_TEXT)
    shown = receipt(bot, card_ts)
    press(bot, shown, ids.USE_DRAFT, user="U0OUTSIDER")
    assert responses(bot) == []
    refusal = bot.slack.calls_to("response_url")[-1].args
    assert "Only the office's response editors can confirm" in refusal["text"]
    assert refusal["response_type"] == "ephemeral" and refusal["replace_original"] is False
    press(bot, shown, ids.USE_DRAFT, user="U0GROUPED")
    assert [r.confirmed_by for r in responses(bot)] == ["U0GROUPED"]


def test_an_editors_group_that_cannot_be_looked_up_refuses_rather_than_guesses(bot: Bot) -> None:
    bot.services.settings = bot.services.settings.__class__(
        **{**bot.services.settings.__dict__, "response_editors": ("S0EDITORS",)}
    )
    card_ts = log_inspection(bot)
    say(bot, card_ts, CC_TEXT)
    bot.slack.error_next("usergroups.users.list", error="ratelimited")
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT, user="U0GROUPED")
    assert responses(bot) == []
    assert "couldn't check who may do this" in bot.slack.calls_to("response_url")[-1].args["text"]


def test_a_response_can_be_replaced_and_every_revision_is_kept(bot: Bot) -> None:
    card_ts = log_inspection(bot)
    say(bot, card_ts, CC_TEXT)
    confirmed = receipt(bot, card_ts)
    press(bot, confirmed, ids.USE_DRAFT)
    [reply] = bot.command("revise S55-1 cc")
    assert (
        reply["text"]
        == "I've asked for the new Chief Constable's response to S55-1 in the card's thread."
    )
    assert (
        "is replacing the *Chief Constable's response*" in in_thread(bot, card_ts)[-1].args["text"]
    )
    say(bot, card_ts, "A corrected response.")
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
    assert [(r.kind, r.revision, r.raw_text) for r in responses(bot)] == [
        ("cc", 1, CC_TEXT),
        ("cc", 2, "A corrected response."),
    ]
    # The PCC draft set aside by the revision is asked for again afterwards.
    assert "Please paste the *PCC's response*" in in_thread(bot, card_ts)[-1].args["text"]
    [again] = bot.command("revise S55-1 pcc")
    assert "already collecting the PCC's response to S55-1" in again["text"]


def both_confirmed_then_the_cc_revised_in_part(bot: Bot) -> str:
    """Both responses on record; a new CC response is being pasted (one message so far)."""
    card_ts = log_inspection(bot)
    say(bot, card_ts, CC_TEXT)
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
    say(bot, card_ts, "The PCC welcomes the report.", user="U0PCC0001")
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
    bot.command("revise S55-1 cc", user_id="U0CCSTAFF")
    say(bot, card_ts, "The Chief Constable's corrected response.", user="U0CCSTAFF")
    return card_ts


def history_lines(bot: Bot) -> list[str]:
    [reply] = bot.command("history S55-1")
    return [line.partition("` ")[2] for line in reply["text"].splitlines()[1:]]


WAITS = (
    "The thread of S55-1 is collecting the Chief Constable's response (1 message so far), and "
    "I won't set that aside. The PCC's response will be asked for again once the Chief "
    "Constable's response being pasted is confirmed or cleared; nothing more is needed from you."
)


def test_a_revision_never_sets_aside_the_other_response_being_pasted_it_waits(bot: Bot) -> None:
    card_ts = both_confirmed_then_the_cc_revised_in_part(bot)
    [reply] = bot.command("revise S55-1 pcc", user_id="U0PCC0001")
    assert reply["text"] == WAITS
    [again] = bot.command("revise S55-1 pcc", user_id="U0PCC0001")  # remembered once
    assert again["text"] == WAITS
    cc_receipt = receipt(bot, card_ts)
    assert "I have 1 message, 5 words" in cc_receipt["text"]  # the CC draft is untouched
    say(bot, card_ts, "It replaces the earlier version.", user="U0CCSTAFF")
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
    assert [(r.kind, r.revision) for r in responses(bot)][-1] == ("cc", 2)
    assert responses(bot)[-1].raw_text.endswith("It replaces the earlier version.")
    # Now the PCC's revision that waited is asked for, in the name of whoever asked for it.
    assert (
        "<@U0PCC0001> is replacing the *PCC's response* to *S55-1*"
        in in_thread(bot, card_ts)[-1].args["text"]
    )
    say(bot, card_ts, "The PCC's revised response.", user="U0PCC0001")
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT, user="U0PCC0001")
    assert [(r.kind, r.revision) for r in responses(bot)][-1] == ("pcc", 2)
    lines = history_lines(bot)
    assert (
        lines.count(
            "<@U0PCC0001> asked for the PCC's response; it waits until the Chief Constable's "
            "response being pasted is confirmed or cleared"
        )
        == 1
    )
    assert (
        "s55bot asked for the PCC's response (a replacement), as <@U0PCC0001> had asked "
        "(after <@U0EDITOR1>'s confirmation)"
    ) in lines


def test_a_revision_waiting_is_asked_for_when_the_draft_it_waits_for_is_cleared(bot: Bot) -> None:
    card_ts = both_confirmed_then_the_cc_revised_in_part(bot)
    bot.command("revise S55-1 pcc", user_id="U0PCC0001")
    cc_receipt = receipt(bot, card_ts)
    press(bot, cc_receipt, ids.START_AGAIN, user="U0CCSTAFF")
    assert (
        "<@U0PCC0001> is replacing the *PCC's response*" in in_thread(bot, card_ts)[-1].args["text"]
    )
    assert bot.slack.message(CHANNEL, cc_receipt["ts"])["text"] == (
        "*Chief Constable's response: draft set aside.* A newer request in this thread replaced it."
    )
    assert (
        "s55bot asked for the PCC's response (a replacement), as <@U0PCC0001> had asked "
        "(after <@U0CCSTAFF>'s Start again)"
    ) in history_lines(bot)


def test_a_response_asked_for_by_the_bot_is_the_bots_in_the_history_and_the_csv(bot: Bot) -> None:
    card_ts = log_inspection(bot)
    say(bot, card_ts, CC_TEXT)
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
    lines = history_lines(bot)
    assert lines[-2:] == [
        "<@U0EDITOR1> confirmed the Chief Constable's response (10 words)",
        "s55bot asked for the PCC's response (after <@U0EDITOR1>'s confirmation)",
    ]
    out = io.StringIO()
    write_csv(bot.db, out, tz=bot.services.settings.timezone)
    last = list(csv.DictReader(io.StringIO(out.getvalue())))[-1]
    assert (last["actor"], last["action"]) == ("s55bot", "response requested")
    assert last["what"] == "asked for the PCC's response (after @U0EDITOR1's confirmation)"


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("revise S55-1", "Which response?"),
        ("revise S55-1 ccc", "`ccc` is not a response I collect"),
        ("revise S55-9 cc", "can't find an inspection"),
    ],
)
def test_revise_refuses_what_it_cannot_do(bot: Bot, typed: str, says: str) -> None:
    log_inspection(bot)
    [reply] = bot.command(typed)
    assert says in reply["text"]


def test_the_replace_button_asks_are_you_sure_then_asks_again(bot: Bot) -> None:
    card_ts = log_inspection(bot)
    say(bot, card_ts, CC_TEXT)
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
    confirmed = next(
        m
        for m in bot.slack.messages[CHANNEL]
        if m.get("blocks") and "confirmed by" in m.get("text", "")
    )
    confirm = button(confirmed, ids.REPLACE_RESPONSE)["confirm"]
    assert confirm["title"]["text"] == "Are you sure?"
    assert confirm["text"]["text"] == (
        "I'll ask in this thread for a new Chief Constable's response. The current version "
        "stays on record until the new one is confirmed."
    )
    assert (confirm["confirm"]["text"], confirm["deny"]["text"]) == ("Replace it", "Cancel")
    press(bot, confirmed, ids.REPLACE_RESPONSE)
    assert (
        "is replacing the *Chief Constable's response*" in in_thread(bot, card_ts)[-1].args["text"]
    )


def test_a_card_posted_late_when_the_bot_joins_the_channel(bot: Bot) -> None:
    bot.slack.error_next("chat.postMessage", error="not_in_channel")
    [reply] = bot.command(ADD)
    assert "couldn't post its card" in reply["text"]
    bot.send.event(events.bot_joined(CHANNEL))
    bot.settle()
    card = next(c for c in bot.slack.calls_to("chat.postMessage") if c.outcome == "ok")
    assert card.args["blocks"][0]["text"]["text"].startswith("S55-1")
    assert inspection(bot).card_ts == card.response["ts"]
    assert "Chief Constable's response" in in_thread(bot, card.response["ts"])[0].args["text"]


def test_an_older_edit_delivered_again_never_brings_old_text_back(bot: Bot) -> None:
    card_ts = log_inspection(bot)
    ts = say(bot, card_ts, "First wording")
    second = events.edited(CHANNEL, ts, card_ts, "Second wording")
    third = events.edited(CHANNEL, ts, card_ts, "Third wording")
    bot.send.event(second)
    bot.send.event(third)
    bot.settle()
    bot.send.event(second, retry_num=1)  # Slack retries the older edit
    bot.settle()
    assert "Third wording" in receipt(bot, card_ts)["text"]


def test_a_reply_posted_before_the_pcc_was_asked_for_is_not_part_of_the_pcc_draft(bot: Bot) -> None:
    card_ts = log_inspection(bot)
    say(bot, card_ts, CC_TEXT)
    late = events.thread_reply(CHANNEL, card_ts, "CC part 2, posted before Use this")
    late["ts"] = late["event_ts"] = "1690000000.000001"  # older than the PCC prompt
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
    bot.send.event(late)
    bot.settle()
    with bot.db.session() as session:
        texts = session.scalars(select(DraftMessage.raw_text)).all()
    assert "CC part 2, posted before Use this" not in texts


def test_a_reply_with_a_nul_character_is_captured_without_it(bot: Bot) -> None:
    # PostgreSQL text cannot hold U+0000: the reply is kept without it, on both databases.
    card_ts = log_inspection(bot)
    say(bot, card_ts, "The Chief\x00 Constable welcomes the report.")
    assert "The Chief Constable welcomes" in json.dumps(receipt(bot, card_ts)["blocks"])
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
    [stored] = responses(bot)
    assert stored.raw_text == "The Chief Constable welcomes the report."
