"""Recommendations and AFIs item by item (s.55(5B)), told as the office's story: the report's
own words pasted in the thread become a proposal, confirmed item by item; each item directed at
the force is answered; sign-off waits for every answer; the document and the CSV show them."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path
from typing import Any

import docx
from sqlalchemy import func, select

from bot import ids
from bot.domain.steps import DEFAULT_STEPS
from storage.models import AuditEvent, ItemAnswer, ReportItem
from tests.bot.exports.test_export import uploaded
from tests.bot.responses.test_responses import CC_TEXT, log_inspection, press, receipt, say
from tests.bot.signoff.test_signoff import APPROVER, card, click, last_reply, state, step_button
from tests.e2e import CHANNEL, Bot
from tests.paths import REPOSITORY

SEEDS = REPOSITORY.parent / "shared" / "seeds"
EDITOR = "U0EDITOR1"
CYBER_ITEMS = (SEEDS / "response-2019-cyber-keep-the-light-on.txt").read_text(encoding="utf-8")


def norfolk(bot: Bot) -> Bot:
    bot.services.settings = dataclasses.replace(
        bot.services.settings, approvers=(APPROVER,), area="Norfolk"
    )
    return bot


def the_items_section_of(seed: str) -> str:
    """What an officer pastes: the report's recommendations and AFIs, as the seed words them."""
    start = seed.index(" Recommendation \n")
    return seed[start : seed.index("CHIEF CONSTABLE RESPONSE")]


def paste_items(bot: Bot, card_ts: str, text: str) -> dict[str, Any]:
    reply = bot.command("recs S55-1")[-1]["text"]
    assert "thread" in reply  # no items yet: the bot asks for them in the card's thread
    say(bot, card_ts, text, user="U0OFFICER")
    return receipt(bot, card_ts)


def review(bot: Bot, proposal: dict[str, Any], *, user: str = EDITOR) -> dict[str, Any]:
    """Press Review; return the form the bot opened."""
    before = len(bot.slack.calls_to("views.open"))
    press(bot, proposal, ids.REVIEW_ITEMS, user=user)
    return bot.slack.wait_for("views.open", count=before + 1)[-1].args["view"]


def confirm(bot: Bot, form: dict[str, Any], choices: dict[int, str] | None = None) -> None:
    values = {}
    for block in form["blocks"]:
        if block["block_id"].startswith(ids.ITEM_BLOCK_PREFIX):
            n = int(block["block_id"][len(ids.ITEM_BLOCK_PREFIX) :])
            chosen = (choices or {}).get(n, block["accessory"]["initial_option"]["value"])
            values[block["block_id"]] = {
                ids.DIRECTED_AT_SELECT: {
                    "type": "static_select",
                    "selected_option": {
                        "value": chosen,
                        "text": {"type": "plain_text", "text": chosen},
                    },
                }
            }
    reply = bot.send.submit_view(
        callback_id=ids.REVIEW_ITEMS_VIEW,
        values=values,
        user_id=EDITOR,
        private_metadata=form["private_metadata"],
    )
    assert reply.status == 200 and not reply.body, reply.body
    bot.settle()


def items(bot: Bot) -> list[ReportItem]:
    with bot.db.session() as session:
        rows = session.scalars(
            select(ReportItem).where(ReportItem.removed.is_(False)).order_by(ReportItem.id)
        ).all()
        for row in rows:
            _ = row.answers
        session.expunge_all()
    return list(rows)


def listing(bot: Bot) -> dict[str, Any]:
    return bot.command("recs S55-1")[-1]


def answer(bot: Bot, item_id: int, **fields: Any) -> Any:
    values = {
        ids.ANSWER_RESPONSE_BLOCK: {
            ids.ANSWER_RESPONSE_INPUT: {
                "type": "static_select",
                "selected_option": {"value": fields.get("response", "accepted")},
            }
        },
        ids.ANSWER_ACTION_BLOCK: {
            ids.ANSWER_ACTION_INPUT: fields.get("action", "We already comply.")
        },
        ids.ANSWER_OWNER_BLOCK: {
            ids.ANSWER_OWNER_INPUT: fields.get("owner", "Head of Professional Standards")
        },
        ids.ANSWER_TARGET_BLOCK: {
            ids.ANSWER_TARGET_INPUT: {
                "type": "datepicker",
                "selected_date": fields.get("target", "2024-06-30"),
            }
        },
    }
    reply = bot.send.submit_view(
        callback_id=ids.ANSWER_ITEM_VIEW,
        values=values,
        user_id=EDITOR,
        private_metadata=json.dumps({"item": item_id, "channel": CHANNEL}),
    )
    bot.settle()
    return reply


def test_pasted_items_are_proposed_confirmed_answered_and_gate_the_sign_off(bot: Bot) -> None:
    norfolk(bot)
    card_ts = log_inspection(bot)
    proposal = paste_items(bot, card_ts, the_items_section_of(CYBER_ITEMS))
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
    form = review(bot, paste_items(bot, card_ts, the_items_section_of(CYBER_ITEMS)))
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
    confirm(bot, review(bot, paste_items(bot, card_ts, the_items_section_of(CYBER_ITEMS))))
    afi_1 = items(bot)[1]
    refused = answer(bot, afi_1.id, action="", owner="", target="2019-01-01")
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
    confirm(bot, review(bot, paste_items(bot, card_ts, the_items_section_of(CYBER_ITEMS))))
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
