"""Responses as an office really writes them (docs/rules.md#r10): the Chief Constable's response
shared as a Word or PDF file is captured whole; only the contact's messages join the draft,
the rest are kept aside until Review includes them; a file the bot cannot read changes nothing."""

from __future__ import annotations

import dataclasses
import io
import json
from typing import Any

import docx
import pytest
from sqlalchemy import select

from bot import ids
from storage.models import DraftMessage
from tests.bot.documents.made_files import docx_of, pdf_of
from tests.bot.exports.test_export import uploaded
from tests.bot.items.steps import share
from tests.bot.responses.test_responses import log_inspection, press, receipt, responses, say
from tests.documents import NEW_TEMPLATE, Source, both
from tests.e2e import Bot

CC_CONTACT = "U0CCSTAFF"


def cc_response(source: Source) -> str:
    """The Chief Constable's response in a 2024-template response, as the office receives it."""
    text = source.text()
    start = text.index("\n", text.index("Chief Constable response to report")) + 1
    return text[start : text.index("PCC response to report")].strip()


def last_paragraph(text: str) -> str:
    return text.split("\n\n")[-1].strip()


def thread_says(bot: Bot, card_ts: str) -> str:
    bot.settle()
    return [
        c.args["text"]
        for c in bot.slack.calls_to("chat.postMessage")
        if c.args.get("thread_ts") == card_ts
    ][-1]


def words(text: str) -> list[str]:
    return text.replace("\u2019", "'").split()


@pytest.mark.parametrize("source", both(NEW_TEMPLATE))
def test_the_cc_response_shared_as_a_word_file_is_captured_whole(bot: Bot, source: Source) -> None:
    sent = cc_response(source)
    card_ts = log_inspection(bot)
    share(bot, card_ts, "CC response.docx", docx_of(sent), "application/msword")
    shown = receipt(bot, card_ts)
    assert "(with `CC response.docx`," in shown["text"]
    assert f"It ends:\n> {last_paragraph(sent)[:30]}" in shown["text"]
    press(bot, shown, ids.USE_DRAFT)
    [cc] = responses(bot)
    assert words(cc.text) == words(sent)
    bot.command("export S55-1 docx")
    document = docx.Document(io.BytesIO(uploaded(bot, card_ts)["S55-1-section-55-response.docx"]))
    text = "\n".join(p.text for p in document.paragraphs)
    assert last_paragraph(sent)[:60] in text


@pytest.mark.parametrize("source", both(NEW_TEMPLATE))
def test_the_cc_response_shared_as_a_pdf_is_captured_whole(bot: Bot, source: Source) -> None:
    sent = cc_response(source)
    card_ts = log_inspection(bot)
    share(bot, card_ts, "cc-response.pdf", pdf_of(sent), "application/pdf")
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
    [cc] = responses(bot)
    assert words(cc.text) == words(sent)


def test_only_the_contacts_messages_join_until_review_includes_another(bot: Bot) -> None:
    bot.services.settings = dataclasses.replace(bot.services.settings, cc_contact="S0CCOFFICE")
    bot.slack.set_usergroup("S0CCOFFICE", [CC_CONTACT])
    card_ts = log_inspection(bot)
    say(bot, card_ts, "Thanks <@U0CCSTAFF>, I'll get this to Paula today.", user="U0OFFICER")
    say(bot, card_ts, "The Constabulary accepts this recommendation.", user=CC_CONTACT)
    shown = receipt(bot, card_ts)
    assert "I have 1 message, 5 words." in shown["text"]
    assert "1 message from someone else not included — *Review* to include it." in shown["text"]
    assert "Paula" not in shown["text"]

    before = len(bot.slack.calls_to("views.open"))
    press(bot, shown, ids.REVIEW_DRAFT)
    form = bot.slack.wait_for("views.open", count=before + 1)[-1].args["view"]
    rows = [b for b in form["blocks"] if b.get("block_id", "").startswith(ids.PART_BLOCK_PREFIX)]
    assert ["initial_options" in row["accessory"] for row in rows] == [False, True]
    assert "@Chris" not in json.dumps(rows) and "<@U0OFFICER>" in rows[0]["text"]["text"]
    values = {
        row["block_id"]: {
            ids.INCLUDE_PART: {"type": "checkboxes", "selected_options": [{"value": "yes"}]}
        }
        for row in rows
    }
    reply = bot.send.submit_view(
        callback_id=ids.REVIEW_DRAFT_VIEW,
        values=values,
        user_id="U0EDITOR1",
        private_metadata=form["private_metadata"],
    )
    assert reply.status == 200
    shown = receipt(bot, card_ts)
    assert "I have 2 messages" in shown["text"] and "not included" not in shown["text"]
    press(bot, shown, ids.USE_DRAFT)
    assert "Paula" in responses(bot)[0].text


def test_with_no_contact_set_everyones_messages_join(bot: Bot) -> None:
    card_ts = log_inspection(bot)
    say(bot, card_ts, "Thanks, will chase.", user="U0OFFICER")
    assert "I have 1 message" in receipt(bot, card_ts)["text"]


def test_files_the_bot_cannot_read_get_a_clear_reply_and_a_note_and_the_text_stays_as_it_was(
    bot: Bot,
) -> None:
    from pypdf import PdfReader, PdfWriter

    card_ts = log_inspection(bot)
    say(bot, card_ts, "The Constabulary accepts this recommendation.")
    locked = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_of("Secret words."))))
    locked.encrypt("opcc")
    sealed = io.BytesIO()
    locked.write(sealed)
    cases: list[tuple[str, bytes, str]] = [
        ("empty.docx", b"", "is empty: there is nothing in it to read"),
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "`photo.png`: it is not a PDF"),
        ("locked.pdf", sealed.getvalue(), "is protected with a password"),
        ("huge.pdf", b"%PDF-1.7\n" + b"0" * (30 * 1024 * 1024), "I read files up to 20 MB"),
    ]
    for name, data, says in cases:
        share(bot, card_ts, name, data, "application/octet-stream")
        assert says in thread_says(bot, card_ts), name
    bot.slack.error_next("files.info", "missing_scope")  # Slack will not say what it is
    share(bot, card_ts, "refused.docx", docx_of("Words."), "application/msword")
    assert "`refused.docx`: it was not handed over by Slack" in thread_says(bot, card_ts)
    bot.slack.fail_next("files.download", status=403)  # nor hand its bytes over
    share(bot, card_ts, "forbidden.docx", docx_of("Words."), "application/msword")
    said = thread_says(bot, card_ts)
    assert "`forbidden.docx`: it was not handed over by Slack" in said
    assert "paste the Chief Constable's response as text" in said  # the draft being collected
    with bot.db.session() as session:
        kept = session.scalars(select(DraftMessage).where(DraftMessage.status == "kept")).all()
    assert [m.raw_text for m in kept] == ["The Constabulary accepts this recommendation."]
    shown = receipt(bot, card_ts)["text"]
    assert "I have 1 message, 5 words." in shown
    assert ":warning: Not read: `locked.pdf`: it is protected with a password." in shown


def test_a_long_unicode_response_in_a_word_file_and_through_review_is_stored_exactly(
    bot: Bot,
) -> None:
    card_ts = log_inspection(bot)
    unit = "Ŵyŷ ✅ شرطة — «ymateb» 👮🏽‍♀️ & <b> *bold*\n"
    text = (unit * (40_000 // len(unit) + 1))[:40_000].strip()
    share(bot, card_ts, "long.docx", docx_of(text), "application/msword")
    shown = receipt(bot, card_ts)
    press(bot, shown, ids.REVIEW_DRAFT)
    form = bot.slack.wait_for("views.open")[-1].args["view"]
    rows = [b for b in form["blocks"] if b.get("block_id", "").startswith(ids.PART_BLOCK_PREFIX)]
    values: dict[str, Any] = {
        rows[0]["block_id"]: {
            ids.INCLUDE_PART: {"type": "checkboxes", "selected_options": [{"value": "yes"}]}
        }
    }
    bot.send.submit_view(
        callback_id=ids.REVIEW_DRAFT_VIEW,
        values=values,
        user_id="U0EDITOR1",
        private_metadata=form["private_metadata"],
    )
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
    [stored] = responses(bot)
    assert stored.text == text  # & and <b> are text, never markup


def test_a_review_that_includes_nothing_or_names_an_old_draft_changes_nothing(bot: Bot) -> None:
    card_ts = log_inspection(bot)
    say(bot, card_ts, "The Constabulary accepts this recommendation.")
    shown = receipt(bot, card_ts)
    press(bot, shown, ids.REVIEW_DRAFT)
    form = bot.slack.wait_for("views.open")[-1].args["view"]
    old = json.loads(form["private_metadata"])
    [row] = [b for b in form["blocks"] if b.get("block_id", "").startswith(ids.PART_BLOCK_PREFIX)]
    ticked = {
        row["block_id"]: {
            ids.INCLUDE_PART: {"type": "checkboxes", "selected_options": [{"value": "yes"}]}
        }
    }
    submitted = [
        ({}, form["private_metadata"], "Include at least one part, or use Start again."),
        (ticked, json.dumps({**old, "version": old["version"] - 1}), "The draft changed after"),
    ]
    for values, metadata, says in submitted:
        bot.send.submit_view(
            callback_id=ids.REVIEW_DRAFT_VIEW,
            values=values,
            user_id="U0EDITOR1",
            private_metadata=metadata,
        )
        bot.settle()
        told = bot.slack.calls_to("chat.postEphemeral")[-1].args["text"]
        assert says in told, told
    with bot.db.session() as session:
        [kept] = session.scalars(select(DraftMessage)).all()
    assert kept.status == "kept"
    assert receipt(bot, card_ts)["text"] == shown["text"]
