"""The record an office can stand behind (docs/rules.md#r4): correct an inspection's facts,
withdraw one logged by mistake, and never publish what nobody said."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from bot import ids
from bot.reminders.run import run_pass
from storage.models import AuditEvent, Inspection
from tests.bot.signoff.test_signoff import (
    APPROVER,
    both_responses_in,
    card,
    click,
    last_reply,
    step_button,
)
from tests.e2e import CHANNEL, Bot
from tests.handlers.test_inspections import form

TITLE = "PEEL 2025: An inspection of Norfolk Constabulary"
ADD = f"add {TITLE} | 18/04/2024 | https://example.org/peel"
LOGGER = "U0LOGGER1"


def log(bot: Bot, text: str = ADD, *, user: str = LOGGER) -> str:
    """Log an inspection; its card's ts."""
    bot.command(text, user_id=user)
    bot.settle()
    cards = [
        c
        for c in bot.slack.calls_to("chat.postMessage")
        if c.args.get("channel") == CHANNEL and not c.args.get("thread_ts")
    ]
    return cards[-1].response["ts"]


def inspection(bot: Bot, number: int = 1) -> Inspection:
    with bot.db.session(read_only=True) as session:
        found = session.scalars(select(Inspection).where(Inspection.number == number)).one()
        found.sections  # noqa: B018 - loaded while the session is open
        return found


def audit(bot: Bot, action: str) -> list[AuditEvent]:
    with bot.db.session(read_only=True) as session:
        query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        return list(session.scalars(query))


def open_form(bot: Bot, text: str, **fields: Any) -> None:
    """A command that answers with a form (views.open) rather than a reply."""
    assert bot.send.slash_command(text, **fields).status == 200
    bot.settle()


def reply_text(bot: Bot) -> str:
    return bot.slack.calls_to("response_url")[-1].args["text"]


def private_text(bot: Bot) -> str:
    bot.settle()
    return bot.slack.calls_to("chat.postEphemeral")[-1].args["text"]


def edit_form(
    *,
    title: str | None = None,
    published: str | None = None,
    link: str | None = None,
    kind: str | None = None,
    blank_sections: bool = False,
) -> dict[str, Any]:
    """The edit form as submitted: the modal test's form with these fields changed."""
    changes: dict[str, Any] = {}
    if title is not None:
        changes[ids.TITLE_BLOCK] = {ids.TITLE_INPUT: {"type": "plain_text_input", "value": title}}
    if published is not None:
        changes[ids.PUBLISHED_BLOCK] = {
            ids.PUBLISHED_INPUT: {"type": "datepicker", "selected_date": published}
        }
    if link is not None:
        changes[ids.LINK_BLOCK] = {ids.LINK_INPUT: {"type": "url_text_input", "value": link}}
    if kind is not None:
        option = {"text": {"type": "plain_text", "text": kind}, "value": kind}
        changes[ids.TYPE_BLOCK] = {
            ids.TYPE_INPUT: {"type": "static_select", "selected_option": option}
        }
    if blank_sections:
        for block, action in (
            (ids.FINDINGS_BLOCK, ids.FINDINGS_INPUT),
            (ids.RECOMMENDATIONS_BLOCK, ids.RECOMMENDATIONS_INPUT),
        ):
            changes[block] = {action: {"type": "plain_text_input", "value": None}}
    return form(**changes)


def nudges(bot: Bot, phrase: str) -> int:
    return sum(phrase in c.args["text"] for c in bot.slack.calls_to("chat.postMessage"))


def opened_view(bot: Bot) -> str:
    return bot.slack.wait_for("views.open")[0].args["view"]["callback_id"]


def submit_edit(bot: Bot, values: dict[str, Any], *, user: str = LOGGER, number: int = 1) -> None:
    reply = bot.send.submit_view(
        callback_id=ids.EDIT_INSPECTION_VIEW,
        values=values,
        user_id=user,
        private_metadata=json.dumps({"inspection": inspection(bot, number).id, "channel": CHANNEL}),
    )
    assert reply.status == 200 and reply.body == "", reply.body
    bot.settle()


def export_markdown(bot: Bot) -> str:
    bot.command("export S55-1 md")
    bot.settle()
    [upload] = [f for f in bot.slack.files.values() if f["filename"].endswith(".md")][-1:]
    return upload["data"].decode()


# --- 1. Edit -------------------------------------------------------------------------------
def test_edit_opens_a_form_filled_in_with_what_is_on_record(bot: Bot) -> None:
    log(bot)
    open_form(bot, "edit S55-1", user_id=LOGGER, trigger_id="111.222.abc")
    view = bot.slack.wait_for("views.open")[0].args["view"]
    assert view["callback_id"] == ids.EDIT_INSPECTION_VIEW
    blocks = {block["block_id"]: block["element"] for block in view["blocks"] if "element" in block}
    assert blocks[ids.TITLE_BLOCK]["initial_value"] == TITLE
    assert blocks[ids.PUBLISHED_BLOCK]["initial_date"] == "2024-04-18"
    assert blocks[ids.LINK_BLOCK]["initial_value"] == "https://example.org/peel"
    assert "initial_option" not in blocks[ids.TYPE_BLOCK]  # nobody chose one yet


def test_the_cards_menu_offers_edit_details(bot: Bot) -> None:
    card_ts = log(bot)
    [menu] = [
        block["accessory"]
        for block in card(bot, card_ts)["blocks"]
        if block.get("accessory", {}).get("type") == "overflow"
    ]
    edit = next(o for o in menu["options"] if o["text"]["text"] == "Edit details")
    reply = bot.send.block_action(
        bot.send.button_click_payload(
            action_id=ids.CARD_MENU,
            value="",
            user_id=LOGGER,
            channel_id=CHANNEL,
            message_ts=card_ts,
        )
        | {
            "actions": [
                {
                    "type": "overflow",
                    "action_id": ids.CARD_MENU,
                    "block_id": ids.CARD_TITLE_BLOCK,
                    "selected_option": edit,
                    "action_ts": "1.2",
                }
            ]
        }
    )
    assert reply.status == 200
    assert opened_view(bot) == ids.EDIT_INSPECTION_VIEW


def test_saving_an_edit_audits_each_change_updates_the_card_and_moves_the_deadlines(
    bot: Bot,
) -> None:
    card_ts = log(bot)
    before = inspection(bot)
    assert before.statutory_deadline == date(2024, 6, 12)
    values = edit_form(
        title="PEEL 2025: Norfolk",
        published="2024-04-25",
        link="https://example.org/peel",
        kind="PEEL",
        blank_sections=True,
    )
    submit_edit(bot, values)
    after = inspection(bot)
    assert (after.title, after.published, after.inspection_type) == (
        "PEEL 2025: Norfolk",
        date(2024, 4, 25),
        "PEEL",
    )
    assert (after.cc_due, after.statutory_deadline) == (date(2024, 5, 23), date(2024, 6, 19))
    [row] = audit(bot, "edited")
    assert row.actor == LOGGER
    assert row.details["changes"] == {
        "title": ["PEEL 2025: An inspection of Norfolk Constabulary", "PEEL 2025: Norfolk"],
        "published": ["2024-04-18", "2024-04-25"],
        "inspection_type": [None, "PEEL"],
        "cc_due": ["2024-05-16", "2024-05-23"],
        "statutory_deadline": ["2024-06-12", "2024-06-19"],
    }
    shown = json.dumps(card(bot, card_ts)["blocks"])
    assert "PEEL 2025: Norfolk" in shown and "Wed 19 Jun 2024" in shown
    assert private_text(bot).startswith("Corrected *S55-1*: title, publication date, type")
    bot.command("history S55-1")
    assert f"corrected title from “{TITLE}” to “PEEL 2025: Norfolk”" in reply_text(bot)


def test_reminders_follow_a_corrected_date_and_a_nudge_sent_is_not_sent_again(bot: Bot) -> None:
    log(bot)
    bot.clock.current = bot.clock.current.replace(year=2024, month=6, day=5, hour=9)  # 7 left
    run_pass(bot.services)
    assert nudges(bot, "*7 days*") == 1
    submit_edit(bot, edit_form(published="2024-04-18", link="https://example.org/peel"))
    run_pass(bot.services)  # the same date: nothing moves, nothing is sent again
    assert nudges(bot, "*7 days*") == 1
    submit_edit(bot, edit_form(published="2024-04-11", link="https://example.org/peel"))
    run_pass(bot.services)  # a week earlier: the deadline is now today
    assert nudges(bot, "*today*") == 1


def test_editing_a_completed_inspection_is_for_approvers_only(bot: Bot) -> None:
    bot.services.settings = dataclasses.replace(bot.services.settings, approvers=(APPROVER,))
    card_ts = both_responses_in(bot)
    for step in bot.services.settings.steps:
        click(bot, card_ts, step_button(card(bot, card_ts), step))
    assert inspection(bot).state == "complete"
    bot.command("edit S55-1", user_id=LOGGER, trigger_id="1.2.3")
    assert "can be changed only by an approver: <@U0APPROVE>" in reply_text(bot)
    open_form(bot, "edit S55-1", user_id=APPROVER, trigger_id="1.2.4")
    assert opened_view(bot) == ids.EDIT_INSPECTION_VIEW
    values = edit_form(link="https://example.org/vetting-2b")
    submit_edit(bot, values, user=LOGGER)
    assert "can be changed only by an approver: <@U0APPROVE>" in private_text(bot)
    submit_edit(bot, values, user=APPROVER)
    [row] = audit(bot, "edited")
    assert row.actor == APPROVER and row.details["by_approver"] is True
    # What was published no longer matches the record: sign-off and the publishing steps are
    # to be given again (tests/bot/publication tells the whole story).
    assert inspection(bot).state == "awaiting PCC sign-off"


# --- 2. Withdraw ---------------------------------------------------------------------------
def test_withdrawing_takes_it_out_of_every_list_and_lets_the_corrected_entry_in(bot: Bot) -> None:
    card_ts = log(bot)
    bot.command("withdraw S55-1 logged with the wrong date", user_id=LOGGER)
    assert reply_text(bot).startswith("Withdrew *S55-1* (logged with the wrong date)")
    assert inspection(bot).state == "withdrawn"
    assert "WITHDRAWN" in json.dumps(card(bot, card_ts)["blocks"])
    bot.command("list open")
    assert "S55-1" not in json.dumps(bot.slack.calls_to("response_url")[-1].args)
    bot.command("list all")
    listed = json.dumps(bot.slack.calls_to("response_url")[-1].args)
    assert "S55-1" in listed and "logged with the wrong date" in listed
    bot.command(ADD.replace("18/04/2024", "18/04/2024"), user_id=LOGGER)  # same title, date, link
    assert reply_text(bot).startswith("Logged *S55-2*")
    before = len(bot.slack.calls_to("chat.postMessage"))
    bot.clock.current = bot.clock.current.replace(year=2024, month=6, day=5, hour=9)
    run_pass(bot.services)
    posted = [c.args for c in bot.slack.calls_to("chat.postMessage")[before:]]
    assert not any(p.get("thread_ts") == card_ts for p in posted)  # no nudge for the mistake
    assert "S55-1" not in json.dumps(posted)  # nor in the digest
    [row] = audit(bot, "withdrawn")
    assert (row.actor, row.details) == (LOGGER, {"reason": "logged with the wrong date"})


def test_only_the_logger_or_an_approver_may_withdraw_and_a_reason_is_needed(bot: Bot) -> None:
    bot.services.settings = dataclasses.replace(bot.services.settings, approvers=(APPROVER,))
    log(bot)
    bot.command("withdraw S55-1", user_id=LOGGER)
    assert reply_text(bot).startswith("Which inspection, and why?")
    bot.command("withdraw S55-1 not ours", user_id="U0STRANGER")
    assert reply_text(bot) == "Only the person who logged *S55-1* or an approver can withdraw it."
    assert inspection(bot).state == "awaiting CC response"
    bot.command("withdraw S55-1 logged twice", user_id=APPROVER)
    assert inspection(bot).state == "withdrawn"
    bot.command("withdraw S55-1 again", user_id=APPROVER)
    assert "only an inspection still in progress can be withdrawn" in reply_text(bot)


# --- 4. "None" is something someone said -------------------------------------------------------
def test_a_document_with_nothing_recorded_never_says_there_are_none(bot: Bot) -> None:
    log(bot)
    document = export_markdown(bot)
    assert "There are no" not in document and "makes no" not in document
    assert document.count("Not yet recorded.") == 4  # findings, recommendations, AFIs, type


def test_none_is_recorded_by_someone_and_only_then_published(bot: Bot) -> None:
    log(bot)
    bot.command("none S55-1 recommendations", user_id=LOGGER)
    assert reply_text(bot).startswith("Recorded for *S55-1*: the report makes no recommendations")
    bot.command("none S55-1 areas for improvement", user_id=LOGGER)
    document = export_markdown(bot)
    assert "There are no recommendations made." in document
    assert "There are no areas for improvement made." in document
    assert [row.details for row in audit(bot, "confirmed none")] == [
        {"section": "recommendations"},
        {"section": "afis"},
    ]
    bot.command("show S55-1")
    shown = json.dumps(bot.slack.calls_to("response_url")[-1].args)
    assert "*Recommendations*: the report makes none" in shown
    assert "*Key findings*: not yet recorded" in shown
    bot.command("none S55-1 banana")
    assert reply_text(bot).startswith("Which inspection and which section?")


def test_sign_off_is_refused_until_recommendations_and_afis_are_recorded(bot: Bot) -> None:
    bot.services.settings = dataclasses.replace(bot.services.settings, approvers=(APPROVER,))
    card_ts = both_responses_in(bot, sections_recorded=False)
    sign_off = step_button(card(bot, card_ts), "PCC response signed off")
    click(bot, card_ts, sign_off)
    refusal = last_reply(bot)
    assert "the recommendations and the areas for improvement are not yet recorded" in refusal
    assert "/s55 none" in refusal
    assert inspection(bot).state == "awaiting PCC sign-off"
    bot.command("none S55-1 recommendations")
    bot.command("none S55-1 afis")
    click(bot, card_ts, step_button(card(bot, card_ts), "PCC response signed off"))
    assert inspection(bot).state == "publishing"


# --- 5. Consistent defaults ----------------------------------------------------------------
def test_add_and_the_form_record_no_type_unless_one_is_chosen(bot: Bot) -> None:
    card_ts = log(bot)
    assert inspection(bot).inspection_type is None
    assert "*Type*\\nNot recorded" in json.dumps(card(bot, card_ts)["blocks"])
    open_form(bot, "new", trigger_id="1.1.1")
    view = bot.slack.wait_for("views.open")[0].args["view"]
    [type_block] = [b for b in view["blocks"] if b["block_id"] == ids.TYPE_BLOCK]
    assert type_block["optional"] is True and "initial_option" not in type_block["element"]


def test_the_card_shows_the_title_once(bot: Bot) -> None:
    card_ts = log(bot)
    shown = json.dumps(card(bot, card_ts)["blocks"])
    assert shown.count("PEEL 2025: An inspection of Norfolk Constabulary") == 1


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("edit", "Which inspection? Use `/s55 edit S55-3`."),
        ("edit banana", "I can't find an inspection"),
        ("withdraw", "Which inspection, and why?"),
        ("findings", "Which inspection? Use `/s55 findings S55-3`."),
        ("recs S55-99", "I can't find an inspection"),
        ("afis banana", "I can't find an inspection"),
        ("none S55-1", "Which inspection and which section?"),
        ("none", "Which inspection and which section?"),
    ],
)
def test_correcting_commands_refuse_what_they_cannot_do_and_change_nothing(
    bot: Bot, typed: str, says: str
) -> None:
    log(bot)
    bot.command(typed, user_id=LOGGER, trigger_id="1.2.3")
    assert reply_text(bot).startswith(says)
    assert bot.slack.calls_to("views.open") == []
    assert inspection(bot).state == "awaiting CC response"
    assert audit(bot, "edited") == audit(bot, "withdrawn") == audit(bot, "confirmed none") == []
