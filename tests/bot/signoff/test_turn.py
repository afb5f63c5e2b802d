"""The approvers are told in the card's thread when sign-off is their turn, and the document is
posted there as a draft for publication when the PCC response is signed off
(docs/rules.md#r11, docs/rules.md#r16)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot import ids
from bot.domain.steps import DEFAULT_STEPS
from bot.reminders.schedule import scheduled_pass
from storage.models import Reminder
from tests.bot.responses.test_responses import CC_TEXT, log_inspection, press, receipt, say
from tests.bot.signoff.test_signoff import (
    both_responses_in,
    card,
    click,
    step_button,
)
from tests.e2e import CHANNEL, Bot

APPROVER = "U0APPROVE"  # and the group S0APPROVE, whose member is U0GROUPED
DRAFT = "S55-1-section-55-response-draft-for-publication"
FINAL = "S55-1-section-55-response"


def keyed(bot: Bot, prefix: str) -> list[dict[str, Any]]:
    """Our messages in the channel and its threads whose key starts with ``prefix``."""
    return [
        m
        for m in bot.slack.messages[CHANNEL]
        if ((m.get("metadata") or {}).get("event_payload") or {}).get("key", "").startswith(prefix)
    ]


def file_messages(bot: Bot, card_ts: str) -> list[dict[str, Any]]:
    """The messages in the card's thread that share files, oldest first."""
    return [
        m for m in bot.slack.messages[CHANNEL] if m.get("thread_ts") == card_ts and m.get("files")
    ]


def sign_off(bot: Bot, card_ts: str) -> None:
    click(bot, card_ts, step_button(card(bot, card_ts), DEFAULT_STEPS[0]))


def revise(
    bot: Bot, card_ts: str, kind: str, text: str, *, then: Any = None, user: str = "U0001"
) -> None:
    """Replace a response (``user`` asks and confirms); ``then(bot)`` just before its Use this
    is pressed."""
    bot.command(f"revise S55-1 {kind}", user_id=user)
    bot.settle()
    say(bot, card_ts, text)
    if then is not None:
        then(bot)
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT, user=user)


def test_both_responses_confirmed_mention_the_approvers_and_their_group_once(
    approved: Bot,
) -> None:
    card_ts = log_and_confirm_the_cc(approved)
    assert keyed(approved, "turn:") == []  # the PCC's turn, not theirs
    say(approved, card_ts, "The PCC welcomes the report.")
    press(approved, receipt(approved, card_ts), ids.USE_DRAFT)
    approved.settle()

    [told] = keyed(approved, "turn:")
    assert told["thread_ts"] == card_ts
    assert told["text"] == (
        ":raised_hand: *S55-1* is ready for sign-off: both responses are confirmed. "
        "<@U0APPROVE> <!subteam^S0APPROVE>, over to you: “PCC response signed off” is on the "
        "card and on your Home tab."
    )
    scheduled_pass(approved.services)
    scheduled_pass(approved.services)
    assert len(keyed(approved, "turn:")) == 1


def log_and_confirm_the_cc(bot: Bot) -> str:
    card_ts = log_inspection(bot)
    bot.command("none S55-1 recommendations")
    bot.command("none S55-1 afis")
    say(bot, card_ts, CC_TEXT)
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
    bot.settle()
    return card_ts


def test_the_turn_note_names_what_sign_off_still_needs(approved: Bot) -> None:
    both_responses_in(approved, sections_recorded=False)
    approved.settle()
    [told] = keyed(approved, "turn:")
    assert told["text"].endswith(
        "Sign-off also needs the recommendations and the areas for improvement."
    )


def test_with_no_approvers_set_up_the_note_says_nobody_can_sign_off(bot: Bot) -> None:
    both_responses_in(bot)
    bot.settle()
    [told] = keyed(bot, "turn:")
    assert "No approvers are set up yet (S55_APPROVERS)" in told["text"]
    assert "<@" not in told["text"] and "<!subteam" not in told["text"]


def test_a_response_revised_while_sign_off_waits_tells_them_again_and_after_it_does_not(
    approved: Bot,
) -> None:
    card_ts = both_responses_in(approved)
    revise(approved, card_ts, "pcc", "The PCC welcomes the report, with thanks.")
    approved.settle()
    told = [m["text"] for m in keyed(approved, "turn:")]
    assert len(told) == 2
    assert told[1].startswith(
        ":raised_hand: *S55-1* is ready for sign-off again: the PCC's response was revised. "
        "<@U0APPROVE> <!subteam^S0APPROVE>, over to you"
    )
    sign_off(approved, card_ts)
    # After sign-off only an approver may revise it, and that reopens sign-off: the note that
    # says so mentions the approvers, rather than a third "ready for sign-off".
    revise(approved, card_ts, "pcc", "A correction after sign-off.", user=APPROVER)
    approved.settle()
    assert len(keyed(approved, "turn:")) == 2
    [reopened] = keyed(approved, "reopened:")
    assert "<@U0APPROVE> <!subteam^S0APPROVE>: please check the document" in reopened["text"]


def test_a_turn_note_no_longer_true_when_delivered_is_not_posted(approved: Bot) -> None:
    card_ts = both_responses_in(approved)

    def slack_fails(bot: Bot) -> None:
        bot.slack.fail_next("chat.postMessage", status=500, times=3)

    revise(approved, card_ts, "pcc", "A second thought.", then=slack_fails)  # note not posted
    sign_off(approved, card_ts)
    assert len(keyed(approved, "turn:")) == 1
    scheduled_pass(approved.services)
    assert len(keyed(approved, "turn:")) == 1  # signed off meanwhile: nothing to tell
    with approved.db.session() as session:
        pending = session.scalars(select(Reminder.key).where(Reminder.sent_at.is_(None))).all()
    assert pending == []


def test_sign_off_posts_the_document_as_a_draft_for_publication_and_completion_the_final(
    approved: Bot,
) -> None:
    card_ts = both_responses_in(approved)
    sign_off(approved, card_ts)

    [draft] = file_messages(approved, card_ts)
    assert [(f["name"], f["title"]) for f in draft["files"]] == [
        (f"{DRAFT}.docx", "S55-1 response — draft for publication.docx"),
        (f"{DRAFT}.html", "S55-1 response — draft for publication.html"),
    ]
    assert draft["text"].startswith(
        ":page_facing_up: *S55-1* response, *draft for publication*, made from revision 5 of "
        "the record: as signed off by <@U0APPROVE>, in Word (to forward) and HTML (for the "
        "website)."
    )
    html = shared_bytes(approved, draft["files"][1]["id"]).decode()
    assert "The PCC welcomes the report." in html and "PCC response signed off" in html
    assert shared_bytes(approved, draft["files"][0]["id"]).startswith(b"PK")  # a .docx (zip)

    for step in DEFAULT_STEPS[1:]:
        click(approved, card_ts, step_button(card(approved, card_ts), step))
    names = [f["name"] for m in file_messages(approved, card_ts) for f in m["files"]]
    assert names == [f"{DRAFT}.docx", f"{DRAFT}.html", f"{FINAL}.docx", f"{FINAL}.html"]
    scheduled_pass(approved.services)
    assert len(file_messages(approved, card_ts)) == 3  # the draft (both), the final (each)


def shared_bytes(bot: Bot, file_id: str) -> bytes:
    return bot.slack.files[file_id]["data"]


def test_a_sign_off_undone_and_given_again_posts_a_second_draft(approved: Bot) -> None:
    card_ts = both_responses_in(approved)
    sign_off(approved, card_ts)
    click(approved, card_ts, step_button(card(approved, card_ts), DEFAULT_STEPS[0], ids.UNDO_STEP))
    opened = approved.slack.wait_for("views.open")[-1]
    approved.send.submit_view(
        callback_id=ids.UNDO_STEP_VIEW,
        user_id=APPROVER,
        values={ids.REASON_BLOCK: {ids.REASON_INPUT: "The PCC wants one more change"}},
        private_metadata=opened.args["view"]["private_metadata"],
    )
    approved.settle()
    sign_off(approved, card_ts)

    titles = [[f["title"] for f in m["files"]] for m in file_messages(approved, card_ts)]
    assert titles == [
        [
            "S55-1 response — draft for publication.docx",
            "S55-1 response — draft for publication.html",
        ],
        [
            "S55-1 response — draft 2 for publication.docx",
            "S55-1 response — draft 2 for publication.html",
        ],
    ]
    assert file_messages(approved, card_ts)[1]["files"][0]["name"] == (
        "S55-1-section-55-response-draft-2-for-publication.docx"
    )


def test_with_sign_off_the_only_step_the_final_document_alone_is_posted(approved: Bot) -> None:
    approved.services.settings = dataclasses.replace(
        approved.services.settings, steps=(DEFAULT_STEPS[0],)
    )
    card_ts = both_responses_in(approved)
    sign_off(approved, card_ts)
    names = [f["name"] for m in file_messages(approved, card_ts) for f in m["files"]]
    assert names == [f"{FINAL}.docx", f"{FINAL}.html"]


def test_while_the_other_response_is_being_revised_the_approvers_wait_for_its_confirmation(
    approved: Bot,
) -> None:
    card_ts = both_responses_in(approved)
    approved.command("revise S55-1 cc")
    say(approved, card_ts, "The Chief Constable's corrected response.")
    approved.command("revise S55-1 pcc")  # waits for the CC draft being pasted
    press(approved, receipt(approved, card_ts), ids.USE_DRAFT)  # the CC's; the PCC's is asked
    approved.settle()
    assert len(keyed(approved, "turn:")) == 1  # not yet: the PCC's response is being replaced
    say(approved, card_ts, "The PCC's revised response.")
    press(approved, receipt(approved, card_ts), ids.USE_DRAFT)
    approved.settle()
    told = keyed(approved, "turn:")
    assert len(told) == 2 and "the PCC's response was revised" in told[1]["text"]


def undo(bot: Bot, card_ts: str, step: str, reason: str) -> None:
    click(bot, card_ts, step_button(card(bot, card_ts), step, ids.UNDO_STEP))
    opened = bot.slack.wait_for("views.open")[-1]
    bot.send.submit_view(
        callback_id=ids.UNDO_STEP_VIEW,
        user_id=APPROVER,
        values={ids.REASON_BLOCK: {ids.REASON_INPUT: reason}},
        private_metadata=opened.args["view"]["private_metadata"],
    )
    bot.settle()


@pytest.mark.parametrize("reached_slack", [False, True])
def test_a_last_step_undone_and_confirmed_again_posts_the_final_again_once(
    approved: Bot, reached_slack: bool
) -> None:
    """The second final is named apart from the first, so the look-up after a failed upload
    never takes the first one's file for it (and leaves the thread without it), and finds it
    when Slack did take it."""
    card_ts = both_responses_in(approved)
    for step in DEFAULT_STEPS:
        click(approved, card_ts, step_button(card(approved, card_ts), step))
    undo(approved, card_ts, DEFAULT_STEPS[-1], "The portal link was wrong")
    approved.slack.drop_next("files.completeUploadExternal", after_processing=reached_slack)
    click(approved, card_ts, step_button(card(approved, card_ts), DEFAULT_STEPS[-1]))
    approved.clock.current += timedelta(minutes=11)  # the claim of the lost upload goes stale
    scheduled_pass(approved.services)
    scheduled_pass(approved.services)

    names = [f["name"] for m in file_messages(approved, card_ts) for f in m["files"]]
    finals = sorted(name for name in names if "draft" not in name)
    # the second is posted once, whether the failed attempt reached Slack or not
    assert finals == sorted(
        [f"{FINAL}.docx", f"{FINAL}.html", f"{FINAL}-2.docx", f"{FINAL}-2.html"]
    )


def test_a_final_not_yet_posted_when_the_last_step_is_undone_is_not_posted(approved: Bot) -> None:
    card_ts = both_responses_in(approved)
    for step in DEFAULT_STEPS[:-1]:
        click(approved, card_ts, step_button(card(approved, card_ts), step))
    approved.slack.fail_next("files.getUploadURLExternal", status=500, times=2)
    click(approved, card_ts, step_button(card(approved, card_ts), DEFAULT_STEPS[-1]))
    undo(approved, card_ts, DEFAULT_STEPS[-1], "Confirmed by mistake")
    scheduled_pass(approved.services)

    names = [f["name"] for m in file_messages(approved, card_ts) for f in m["files"]]
    assert [name for name in names if "draft" not in name] == []  # it is no longer complete
    with approved.services.db.session() as session:
        unsent = session.scalars(select(Reminder.key).where(Reminder.sent_at.is_(None))).all()
    assert [key for key in unsent if key.startswith("upload:")] == []
