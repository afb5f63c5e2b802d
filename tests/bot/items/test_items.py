"""Recommendations and AFIs item by item (s.55(5B)), told as the office's story: the report's
own words pasted in the thread become a proposal, confirmed item by item; each item directed at
the force is answered; sign-off waits for every answer; the document and the CSV show them."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import docx
import pytest
from sqlalchemy import func, select

from bot import ids
from bot.domain.steps import DEFAULT_STEPS
from storage.models import AuditEvent, ItemAnswer, ReportItem
from tests.bot.exports.test_export import uploaded
from tests.bot.items.steps import (
    answer,
    confirm,
    items,
    listing,
    paste_items,
    review,
    share,
    the_items_section_of,
)
from tests.bot.responses.test_responses import CC_TEXT, log_inspection, press, receipt, say
from tests.bot.signoff.test_signoff import APPROVER, card, click, last_reply, state, step_button
from tests.documents import OLD_TEMPLATE, Source, both, ours
from tests.e2e import CHANNEL, Bot

# A response whose report makes one recommendation (for national bodies) and four AFIs, one of
# them for all chief constables (tests/fixtures/documents); its seed, in the reference group.
RESPONSE_ITEMS = ours(OLD_TEMPLATE)


def norfolk(bot: Bot) -> Bot:
    bot.services.settings = dataclasses.replace(
        bot.services.settings, approvers=(APPROVER,), area="Norfolk"
    )
    return bot


@pytest.mark.parametrize("source", both(OLD_TEMPLATE))
def test_pasted_items_are_proposed_confirmed_answered_and_gate_the_sign_off(
    bot: Bot, source: Source
) -> None:
    norfolk(bot)
    card_ts = log_inspection(bot)
    proposal = paste_items(bot, card_ts, the_items_section_of(source.text()))
    shown = json.dumps(proposal["blocks"])
    assert "*1 recommendation* and *4 areas for improvement*" in shown
    assert items(bot) == []  # nothing stored before a person confirms

    form = review(bot, proposal)
    rows = [b for b in form["blocks"] if b["block_id"].startswith(ids.ITEM_BLOCK_PREFIX)]
    proposed = [r["accessory"]["initial_option"]["value"] for r in rows]
    assert proposed == ["others", "all_chief_constables", "others", "others", "others"]
    confirm(bot, form)
    stored = items(bot)
    assert [(i.kind, i.number, i.directed_at) for i in stored] == [
        ("recommendation", "1", "others"),
        ("afi", "1", "all_chief_constables"),
        ("afi", "2", "others"),
        ("afi", "3", "others"),
        ("afi", "4", "others"),
    ]
    assert "1 needs an answer" in bot.slack.calls_to("chat.postEphemeral")[-1].args["text"]
    assert "Recommendations: 1 listed, none directed at the force · AFIs: 0 of 1 answered" in (
        json.dumps(card(bot, card_ts)["blocks"], ensure_ascii=False)
    )

    for text in (CC_TEXT, "The PCC welcomes the report."):
        say(bot, card_ts, text)
        press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
    assert click(bot, card_ts, step_button(card(bot, card_ts), DEFAULT_STEPS[0])) == 200
    assert last_reply(bot) == (
        "S55-1 cannot be signed off yet: AFI 1 needs an answer (s.55(5B)). "
        "`/s55 recs S55-1` lists them with an Answer button."
    )
    assert state(bot) == "awaiting PCC sign-off"

    listed = json.dumps(listing(bot)["blocks"])
    afi_1 = stored[1]
    assert f'"value": "{afi_1.id}"' in listed and "Not yet answered" in listed
    assert answer(bot, afi_1.id).status == 200
    assert "Recommendations: 1 listed, none directed at the force · AFIs: 1 of 1 answered" in (
        json.dumps(card(bot, card_ts)["blocks"], ensure_ascii=False)
    )
    assert click(bot, card_ts, step_button(card(bot, card_ts), DEFAULT_STEPS[0])) == 200
    assert state(bot) == "publishing"

    for step in DEFAULT_STEPS[1:]:
        click(bot, card_ts, step_button(card(bot, card_ts), step))
    word = docx.Document(io.BytesIO(uploaded(bot, card_ts)["S55-1-section-55-response.docx"]))
    document = "\n".join(p.text for p in word.paragraphs)
    afis = document[document.index("Areas for improvement") :]
    assert "Area for improvement 1:" in afis
    assert afis.index("Area for improvement 1:") < afis.index("Response: Accepted")
    assert "Owner: Head of Professional Standards" in afis
    assert "directed at others" in afis and "Area for improvement 4" in afis


def test_a_person_corrects_a_proposal_item_by_item_and_leaves_one_out(bot: Bot) -> None:
    norfolk(bot)
    card_ts = log_inspection(bot)
    form = review(bot, paste_items(bot, card_ts, the_items_section_of(RESPONSE_ITEMS)))
    confirm(bot, form, {0: "force", 4: ids.LEAVE_OUT})
    stored = items(bot)
    first = stored[0]
    assert (first.kind, first.number, first.directed_at) == (
        "recommendation",
        "1",
        "force",
    )
    assert [i.number for i in stored if i.kind == "afi"] == ["1", "2", "3"]
    with bot.db.session() as session:
        audit = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "items recorded")
        ).all()
    assert [(a.details["kind"], a.details["items"]) for a in audit] == [
        ("recommendation", 1),
        ("afi", 3),
    ]


def test_a_paste_with_no_item_says_how_to_paste_them_and_stores_nothing(bot: Bot) -> None:
    card_ts = log_inspection(bot)
    proposal = paste_items(bot, card_ts, "Thanks, I'll get these over to you this afternoon.")
    shown = json.dumps(proposal["blocks"])
    assert "I couldn't find a recommendation or an area for improvement" in shown
    assert ids.REVIEW_ITEMS not in shown
    assert items(bot) == []


def test_an_answer_is_checked_field_by_field_and_every_revision_is_kept(bot: Bot) -> None:
    norfolk(bot)
    card_ts = log_inspection(bot)
    confirm(bot, review(bot, paste_items(bot, card_ts, the_items_section_of(RESPONSE_ITEMS))))
    afi_1 = items(bot)[1]
    told_before = len(bot.slack.calls_to("chat.postEphemeral"))
    refused = answer(bot, afi_1.id, action="", owner="", target="2019-01-01")
    # Said once, under the fields; not again in a private message after the form.
    assert len(bot.slack.calls_to("chat.postEphemeral")) == told_before
    assert refused.json()["response_action"] == "errors"
    assert set(refused.json()["errors"]) == {
        ids.ANSWER_ACTION_BLOCK,
        ids.ANSWER_OWNER_BLOCK,
        ids.ANSWER_TARGET_BLOCK,
    }
    answer(bot, afi_1.id)
    answer(bot, afi_1.id, response="not_accepted", action="The force does not hold this data.")
    with bot.db.session() as session:
        revisions = session.scalars(select(ItemAnswer).order_by(ItemAnswer.revision)).all()
        assert [(r.revision, r.response) for r in revisions] == [
            (1, "accepted"),
            (2, "not_accepted"),
        ]
        assert session.scalar(select(func.count()).select_from(ItemAnswer)) == 2


def test_the_items_export_as_csv_one_row_per_item(bot: Bot, tmp_path: Path) -> None:
    norfolk(bot)
    card_ts = log_inspection(bot)
    confirm(bot, review(bot, paste_items(bot, card_ts, the_items_section_of(RESPONSE_ITEMS))))
    answer(bot, items(bot)[1].id)
    reply = bot.command("export S55-1 items")[-1]["text"]
    assert "S55-1-recommendations-and-afis.csv" in reply
    data = uploaded(bot, card_ts)["S55-1-recommendations-and-afis.csv"].decode()
    rows = list(csv.DictReader(io.StringIO(data)))
    assert [(r["kind"], r["number"], r["state"]) for r in rows] == [
        ("Recommendation", "1", "no answer required"),
        ("Area for improvement", "1", "answered"),
        ("Area for improvement", "2", "no answer required"),
        ("Area for improvement", "3", "no answer required"),
        ("Area for improvement", "4", "no answer required"),
    ]
    assert rows[1]["response"] == "Accepted" and rows[1]["target date"] == "2024-06-30"
    assert all(r["reference"] == "S55-1" and r["published"] == "2024-04-30" for r in rows)


def test_the_report_uploaded_as_a_word_file_gives_the_same_proposal(bot: Bot) -> None:
    norfolk(bot)
    card_ts = log_inspection(bot)
    bot.command("recs S55-1")
    word = docx.Document()
    for line in the_items_section_of(RESPONSE_ITEMS).splitlines():
        word.add_paragraph(line)
    data = io.BytesIO()
    word.save(data)
    share(bot, card_ts, "inspection-report.docx", data.getvalue(), "application/vnd.openxmlformats")
    shown = json.dumps(receipt(bot, card_ts)["blocks"])
    assert "*1 recommendation* and *4 areas for improvement*" in shown
    assert bot.slack.calls_to("files.info") and bot.slack.calls_to("files.download")


def test_a_file_that_is_not_a_report_gets_a_clear_reply_and_nothing_is_stored(bot: Bot) -> None:
    card_ts = log_inspection(bot)
    bot.command("recs S55-1")
    share(bot, card_ts, "photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
    said = [c.args["text"] for c in bot.slack.calls_to("chat.postMessage")][-1]
    assert "I couldn't read `photo.png`: it is not a PDF" in said
    assert "paste the recommendations as text" in said
    assert items(bot) == []


def test_a_file_over_20_mb_is_refused_before_it_is_downloaded(bot: Bot) -> None:
    card_ts = log_inspection(bot)
    bot.command("recs S55-1")
    share(
        bot,
        card_ts,
        "whole-report.pdf",
        b"%PDF-1.7\n" + b"0" * (20 * 1024 * 1024),
        "application/pdf",
    )
    said = [c.args["text"] for c in bot.slack.calls_to("chat.postMessage")][-1]
    # Nine bytes over: the sizes are printed so that the file and the limit never read the same.
    assert "is 20,971,529 bytes, and I read files up to 20,971,520 bytes (20 MB)" in said
    assert bot.slack.calls_to("files.download") == []


def test_a_second_paste_keeps_an_answer_only_under_the_same_items_words(bot: Bot) -> None:
    norfolk(bot)
    card_ts = log_inspection(bot)
    confirm(bot, review(bot, paste_items(bot, card_ts, the_items_section_of(RESPONSE_ITEMS))))
    afi_1 = items(bot)[1]
    answer(bot, afi_1.id)

    def paste_again(text: str) -> list[ReportItem]:
        listed = listing(bot)  # items on record: the list, with a way to paste more
        more = next(
            e
            for b in listed["blocks"]
            for e in b.get("elements", [])
            if e.get("action_id") == ids.ASK_FOR_ITEMS
        )
        bot.send.button_click(action_id=ids.ASK_FOR_ITEMS, value=more["value"], channel_id=CHANNEL)
        bot.settle()
        say(bot, card_ts, text, user="U0OFFICER")
        confirm(bot, review(bot, receipt(bot, card_ts)))
        return items(bot)

    # The same item, its words corrected: its answer stays; AFIs 2-4 are gone (kept, marked).
    corrected = "Chief constables should make sure that their force knows how many phones wait."
    kept = paste_again(f"Areas for improvement\n1. {corrected}")
    assert [(i.kind, i.number) for i in kept] == [("recommendation", "1"), ("afi", "1")]
    assert kept[1].id == afi_1.id and kept[1].answers and kept[1].text == corrected
    # Renumbered: AFI 1 now has other words. It is a new item, unanswered: no answer ever
    # stands under words it was not given for.
    moved = paste_again("Areas for improvement\n1. The force should publish its data monthly.")
    assert moved[1].id != afi_1.id and moved[1].answers == []


def test_the_list_of_a_report_with_no_afi_names_only_its_recommendation(bot: Bot) -> None:
    norfolk(bot)
    card_ts = log_inspection(bot)
    confirm(
        bot,
        review(bot, paste_items(bot, card_ts, "Recommendations\n1. Chief constables should act.")),
    )

    header = listing(bot)["blocks"][0]["text"]["text"]

    assert header == "S55-1: 1 recommendation"
