"""Acks first, bounded (docs/rules.md#r24): the Answer and Update forms are acknowledged in time
with the database refused, blackholed or locked, never with a 500; and the same Answer form
submitted eight times at once stores one revision, like the Update form."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import func, select

from bot import copy, ids
from storage.models import ItemAnswer, ItemProgress
from tests.bot.items.steps import (
    EDITOR,
    answer,
    answer_form_metadata,
    confirm,
    items,
    review,
    update_form_metadata,
)
from tests.bot.responses.test_responses import log_inspection, receipt
from tests.e2e import Bot
from tests.faults.conftest import Probe
from tests.faults.steps import reply_in_thread
from tests.faults.test_database_faults import Outage, outage  # noqa: F401  (the fixture)

ACK_SECONDS = 2.0
TOLD_WITHIN_SECONDS = 20.0
# The project's own: a recommendation to all chief constables and an AFI to the force, in the
# shape HMICFRS reports number them (e.g. "PEEL 2023-25: Norfolk", recommendations then AFIs).
ITEMS = (
    "Recommendations\n"
    "Recommendation 1\n"
    "By 30 June 2024, chief constables should make sure they tell the National Crime Agency "
    "the outcome of investigations into suspicious activity reports.\n"
    "Areas for improvement\n"
    "Area for improvement 1\n"
    "The force should make sure it supervises its vetting decisions.\n"
)


def an_item_to_answer(bot: Bot) -> int:
    """S55-1 with its items recorded; the recommendation's ID (it needs an answer)."""
    card_ts = log_inspection(bot)
    bot.command("recs S55-1")
    reply_in_thread(bot, card_ts, ITEMS, user="U0OFFICER")
    confirm(bot, review(bot, receipt(bot, card_ts)))
    return items(bot)[0].id


def answer_values(**fields: Any) -> dict[str, Any]:
    return {
        ids.ANSWER_RESPONSE_BLOCK: {
            ids.ANSWER_RESPONSE_INPUT: {
                "type": "static_select",
                "selected_option": {"value": fields.get("response", "accepted")},
            }
        },
        ids.ANSWER_ACTION_BLOCK: {ids.ANSWER_ACTION_INPUT: "We already comply."},
        ids.ANSWER_OWNER_BLOCK: {ids.ANSWER_OWNER_INPUT: "Head of Professional Standards"},
        ids.ANSWER_TARGET_BLOCK: {
            ids.ANSWER_TARGET_INPUT: {"type": "datepicker", "selected_date": "2024-06-30"}
        },
    }


def update_values() -> dict[str, Any]:
    return {
        ids.PROGRESS_STATUS_BLOCK: {
            ids.PROGRESS_STATUS_INPUT: {
                "type": "static_select",
                "selected_option": {"value": "in_progress"},
            }
        },
        ids.PROGRESS_NOTE_BLOCK: {
            ids.PROGRESS_NOTE_INPUT: {"type": "plain_text_input", "value": "Started."}
        },
        ids.PROGRESS_TARGET_BLOCK: {
            ids.PROGRESS_TARGET_INPUT: {"type": "datepicker", "selected_date": None}
        },
    }


def submit(bot: Bot, callback_id: str, values: dict[str, Any], metadata: dict[str, Any]) -> Any:
    return bot.send.submit_view(
        callback_id=callback_id,
        values=values,
        user_id=EDITOR,
        private_metadata=json.dumps(metadata),
    )


def test_the_answer_and_update_forms_are_acked_in_time_whatever_the_database_does(
    outage: Outage,  # noqa: F811
    probe: Probe,
) -> None:
    bot = outage.bot
    item_id = an_item_to_answer(bot)
    answer(bot, item_id)
    as_opened = {
        "answer": answer_form_metadata(bot, item_id),
        "update": update_form_metadata(bot, item_id),
    }
    bare = {"item": item_id, "channel": as_opened["answer"]["channel"]}  # an older form's
    outage.begin()
    forms = [
        (ids.ANSWER_ITEM_VIEW, answer_values(), as_opened["answer"]),
        (ids.ANSWER_ITEM_VIEW, answer_values(), bare),
        (ids.UPDATE_PROGRESS_VIEW, update_values(), as_opened["update"]),
        (ids.UPDATE_PROGRESS_VIEW, update_values(), bare),
    ]
    told_before = len(bot.slack.calls_to("chat.postEphemeral"))
    for callback_id, values, metadata in forms:
        reply = submit(bot, callback_id, values, metadata)
        probe.tried += 1
        probe.took(reply.elapsed)
        assert reply.status == 200, reply.body
        assert reply.elapsed < ACK_SECONDS + 0.5  # the bounded read, and the answer's way back
    told = bot.slack.wait_for(
        "chat.postEphemeral", count=told_before + len(forms), timeout=TOLD_WITHIN_SECONDS
    )[told_before:]
    assert [call.args["text"] for call in told] == [copy.DATABASE_NOT_ANSWERING] * len(forms)
    probe.refused += len(forms)


def test_the_same_answer_form_submitted_eight_times_at_once_stores_one_revision(
    bot: Bot, probe: Probe
) -> None:
    item_id = an_item_to_answer(bot)
    payload = bot.send.submit_view_payload(
        callback_id=ids.ANSWER_ITEM_VIEW,
        values=answer_values(),
        user_id=EDITOR,
        private_metadata=json.dumps(answer_form_metadata(bot, item_id)),
    )
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        replies = list(pool.map(lambda _: bot.send.view_submission(payload), range(8)))
    bot.settle()
    probe.took(time.monotonic() - started)
    probe.tried += 8
    assert [reply.status for reply in replies] == [200] * 8
    with bot.db.session() as session:
        stored = int(session.scalar(select(func.count()).select_from(ItemAnswer)) or 0)
    probe.stored += min(stored, 1)
    probe.doubled += max(0, stored - 1)
    assert stored == 1
    told = [c.args["text"] for c in bot.slack.calls_to("chat.postEphemeral")][-8:]
    assert set(told) == {"Recorded the answer to Recommendation 1 of S55-1."}


def test_the_same_update_form_submitted_eight_times_at_once_stores_one_update(
    bot: Bot, probe: Probe
) -> None:
    item_id = an_item_to_answer(bot)
    answer(bot, item_id)
    payload = bot.send.submit_view_payload(
        callback_id=ids.UPDATE_PROGRESS_VIEW,
        values=update_values(),
        user_id=EDITOR,
        private_metadata=json.dumps(update_form_metadata(bot, item_id)),
    )
    with ThreadPoolExecutor(max_workers=8) as pool:
        replies = list(pool.map(lambda _: bot.send.view_submission(payload), range(8)))
    bot.settle()
    probe.tried += 8
    assert [reply.status for reply in replies] == [200] * 8
    with bot.db.session() as session:
        stored = int(session.scalar(select(func.count()).select_from(ItemProgress)) or 0)
    probe.stored += min(stored, 1)
    probe.doubled += max(0, stored - 1)
    assert stored == 1
