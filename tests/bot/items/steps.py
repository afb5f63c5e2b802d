"""What an office does with items, step by step, for the tests of items and of what uses them."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from bot import ids
from bot.domain.actions import stored_state
from bot.items.progress import note_digest
from storage.models import ReportItem
from tests.bot.responses.test_responses import press, receipt, say
from tests.e2e import CHANNEL, Bot

EDITOR = "U0EDITOR1"


def the_items_section_of(response: str) -> str:
    """What an officer pastes: the report's recommendations and AFIs, as a response in the old
    template words them (tests/fixtures/documents/pcc-response-old-template.txt)."""
    start = response.index(" Recommendation \n")
    return response[start : response.index("CHIEF CONSTABLE RESPONSE")]


def paste_items(bot: Bot, card_ts: str, text: str) -> dict[str, Any]:
    reply = bot.command("recs S55-1")[-1]["text"]
    assert "thread" in reply  # no items yet: the bot asks for them in the card's thread
    say(bot, card_ts, text, user="U0OFFICER")
    return receipt(bot, card_ts)


def review(bot: Bot, proposal: dict[str, Any], *, user: str = EDITOR) -> dict[str, Any]:
    """Press Review; return the form as the bot filled it (it opens at once, "Reading the
    items…", then shows the first page): its blocks, private_metadata and ``id``."""
    opened = len(bot.slack.calls_to("views.open"))
    updated = len(bot.slack.calls_to("views.update"))
    press(bot, proposal, ids.REVIEW_ITEMS, user=user)
    loading = bot.slack.wait_for("views.open", count=opened + 1)[-1].args["view"]
    assert "Reading the items" in json.dumps(loading)
    call = bot.slack.wait_for("views.update", count=updated + 1)[-1]
    return {**call.args["view"], "id": call.args["view_id"]}


def item_rows(form: dict[str, Any]) -> list[dict[str, Any]]:
    """The form's item sections, in order (each with its directed-at menu)."""
    return [
        block
        for block in form["blocks"]
        if block["block_id"].startswith(ids.ITEM_BLOCK_PREFIX)
        and block["block_id"][len(ids.ITEM_BLOCK_PREFIX) :].isdigit()
    ]


def page_state(form: dict[str, Any], choices: dict[int, str] | None = None) -> dict[str, Any]:
    """The form's state as Slack sends it back: each item's menu as shown, or as ``choices``
    (position on the page → value) picked."""
    values = {}
    for n, block in enumerate(item_rows(form)):
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
    return values


def confirm(
    bot: Bot,
    form: dict[str, Any],
    choices: dict[int, str] | None = None,
    *,
    complete: tuple[str, ...] | None = None,
    user: str = EDITOR,
) -> None:
    """Record them, as the form was proposed but for ``choices``; ``complete``: the kinds
    ticked as all the report's (None: the form's own ticks)."""
    values = page_state(form, choices)
    extent = next((b for b in form["blocks"] if b["block_id"] == ids.LIST_EXTENT_BLOCK), None)
    if extent is not None:
        ticked = complete
        if ticked is None:
            ticked = tuple(o["value"] for o in extent["element"].get("initial_options") or [])
        values[ids.LIST_EXTENT_BLOCK] = {
            ids.LIST_EXTENT_INPUT: {
                "type": "checkboxes",
                "selected_options": [{"value": kind} for kind in ticked],
            }
        }
    reply = bot.send.submit_view(
        callback_id=ids.REVIEW_ITEMS_VIEW,
        values=values,
        user_id=user,
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
        private_metadata=json.dumps(answer_form_metadata(bot, item_id)),
    )
    bot.settle()
    return reply


def answer_form_metadata(bot: Bot, item_id: int) -> dict[str, Any]:
    """What the Answer form the bot opens carries: the item, and the report's day (so that
    its ack checks the fields without the database)."""
    with bot.db.session() as session:
        item = session.get(ReportItem, item_id)
        published = item.inspection.published.isoformat() if item else None
    return {"item": item_id, "channel": CHANNEL, "published": published}


def update_form_metadata(bot: Bot, item_id: int) -> dict[str, Any]:
    """What the Update form the bot opens carries: the item as the form shows it (its status
    and target) and the report's day, so that its ack checks the fields without the database."""
    with bot.db.session() as session:
        item = session.get(ReportItem, item_id)
        if item is None or not item.answers:
            return {"item": item_id, "channel": CHANNEL}
        state = stored_state(item.answers[-1], item.progress)
        return {
            "item": item_id,
            "channel": CHANNEL,
            "published": item.inspection.published.isoformat(),
            "status": state.status.value,
            "target": state.target.isoformat() if state.target else None,
            "last_note": note_digest(item.progress[-1].note) if item.progress else None,
        }


def share(
    bot: Bot, card_ts: str, name: str, data: bytes, mimetype: str, *, user: str = "U0OFFICER"
) -> None:
    """``user`` shares a file in the card's thread: stored by Slack, then its event."""
    shared = bot.slack.workspace.share_file(user, name, data, mimetype)
    event = bot.send.message_event(
        user_id=user,
        channel_id=CHANNEL,
        text="",
        ts=bot.slack.workspace.next_ts(),
        thread_ts=card_ts,
        files=[shared],
    )
    assert bot.send.event(event).status == 200
    bot.settle()
