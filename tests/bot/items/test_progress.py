"""An answered item keeps living after the response (docs/rules.md#r7): its owner or an officer
records progress from `/s55 recs S55-1` → Update; each update is checked field by field, stored as a
new revision, audited, told privately and noted in the card's thread; RAG is derived and shown."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import date

import pytest
from sqlalchemy import select

from bot import copy, ids
from bot.audit.history import write_csv
from bot.reminders.schedule import scheduled_pass
from storage.models import AuditEvent, Inspection
from tests.bot.items.progress_steps import (
    APPROVER,
    answered_afi,
    open_update,
    progress_rows,
    replied,
    submit_update,
    thread_notes,
    told_privately,
    update_button,
)
from tests.bot.items.steps import EDITOR, items
from tests.e2e import Bot

STRANGER = "U0STRANGE"


def set_state(bot: Bot, state: str) -> None:
    with bot.db.session() as session:
        session.scalars(select(Inspection)).one().state = state


def test_an_update_is_recorded_audited_told_and_noted_in_the_thread(bot: Bot) -> None:
    card_ts, item_id = answered_afi(bot)
    listed = bot.command("recs S55-1")[-1]
    shown = json.dumps(listed["blocks"], ensure_ascii=False)
    # Thu 2 May 2024: the target (Sun 30 Jun) is 59 days away; nothing recorded since the answer.
    assert (
        ":large_green_circle: Green · Not started · target Sun 30 Jun 2024 · "
        "owner Head of Professional Standards"
    ) in shown
    assert len(listed["blocks"]) <= 50

    form = open_update(bot, item_id)
    status = next(b for b in form["blocks"] if b["block_id"] == ids.PROGRESS_STATUS_BLOCK)
    target = next(b for b in form["blocks"] if b["block_id"] == ids.PROGRESS_TARGET_BLOCK)
    assert status["element"]["initial_option"]["value"] == "not_started"
    assert [o["value"] for o in status["element"]["options"]] == [
        "not_started",
        "in_progress",
        "complete",
        "closed",
    ]
    assert target["element"]["initial_date"] == "2024-06-30"

    reply = submit_update(
        bot,
        item_id,
        status="in_progress",
        note="Training plan agreed.\nFirst cohort in June.",
        target="2024-05-10",
    )
    assert reply.status == 200 and not reply.body
    assert told_privately(bot)[-1] == (
        "Recorded: AFI 1 of S55-1 is In progress, target Fri 10 May 2024, RAG Amber (update 1)."
    )
    assert progress_rows(bot) == [
        (
            1,
            "in_progress",
            "Training plan agreed.\nFirst cohort in June.",
            date(2024, 5, 10),
            EDITOR,
        )
    ]
    [note] = thread_notes(bot, card_ts, "progress:")
    assert note["text"] == (
        f":memo: <@{EDITOR}> updated *AFI 1* of *S55-1*: In progress, target Fri 10 May 2024 "
        "(revised from Sun 30 Jun 2024) · :large_orange_circle: Amber\n"
        "> Training plan agreed.\n> First cohort in June."
    )
    shown = json.dumps(bot.command("recs S55-1")[-1]["blocks"], ensure_ascii=False)
    assert ":large_orange_circle: Amber · In progress · target Fri 10 May 2024" in shown

    submit_update(bot, item_id, status="complete")
    assert told_privately(bot)[-1] == (
        "Recorded: AFI 1 of S55-1 is Complete, target Fri 10 May 2024, RAG Green (update 2)."
    )
    assert [r[:2] for r in progress_rows(bot)] == [(1, "in_progress"), (2, "complete")]
    notes = thread_notes(bot, card_ts, "progress:")
    assert len(notes) == 2 and "revised" not in notes[1]["text"]  # the target stood

    bot.command("history S55-1")
    history = replied(bot)[-1]
    assert "recorded update 1 of AFI 1: In progress, target Fri 10 May 2024, RAG Amber" in history
    assert "recorded update 2 of AFI 1: Complete, target Fri 10 May 2024, RAG Green" in history
    out = io.StringIO()
    write_csv(bot.db, out, tz=bot.services.settings.timezone)
    rows = [
        r for r in csv.DictReader(io.StringIO(out.getvalue())) if r["action"] == "progress recorded"
    ]
    assert [(r["actor"], r["what"]) for r in rows] == [
        (EDITOR, "recorded update 1 of AFI 1: In progress, target Fri 10 May 2024, RAG Amber"),
        (EDITOR, "recorded update 2 of AFI 1: Complete, target Fri 10 May 2024, RAG Green"),
    ]


def test_a_wrong_update_is_refused_under_its_fields_and_nothing_is_stored(bot: Bot) -> None:
    card_ts, item_id = answered_afi(bot)
    told_before = len(told_privately(bot))

    def errors(**fields: str | None) -> dict[str, str]:
        reply = submit_update(bot, item_id, **fields)
        assert reply.json()["response_action"] == "errors"
        return reply.json()["errors"]

    assert errors(status="closed", note="  ", target="2024-06-30") == {
        ids.PROGRESS_NOTE_BLOCK: "Say why no further action will be taken."
    }
    assert errors(status="in_progress", target="2024-04-29") == {
        ids.PROGRESS_TARGET_BLOCK: (
            "The target date cannot be before the report was published (Tue 30 Apr 2024)."
        )
    }
    assert errors(status="not_started", target="2024-06-30") == {
        ids.PROGRESS_STATUS_BLOCK: copy.PROGRESS_NO_CHANGE
    }
    assert errors(status=None) == {ids.PROGRESS_STATUS_BLOCK: copy.PROGRESS_NO_STATUS}
    assert progress_rows(bot) == []
    assert len(told_privately(bot)) == told_before  # said once, under the fields
    assert thread_notes(bot, card_ts, "progress:") == []


def test_closing_with_no_further_action_keeps_the_reason(bot: Bot) -> None:
    _, item_id = answered_afi(bot)
    submit_update(bot, item_id, status="closed", note="Superseded by the national programme.")
    assert progress_rows(bot)[0][1:3] == ("closed", "Superseded by the national programme.")
    assert "Closed — no further action" in told_privately(bot)[-1]


def test_only_editors_and_approvers_may_record_progress(bot: Bot) -> None:
    _, item_id = answered_afi(bot)
    bot.services.settings = dataclasses.replace(bot.services.settings, response_editors=(EDITOR,))
    assert open_update(bot, item_id, user=STRANGER) is None
    assert replied(bot)[-1] == copy.NOT_A_PROGRESS_RECORDER
    submit_update(bot, item_id, status="in_progress", user=STRANGER)  # an altered payload
    assert told_privately(bot)[-1] == copy.NOT_A_PROGRESS_RECORDER
    assert progress_rows(bot) == []

    assert open_update(bot, item_id, user=APPROVER) is not None  # an approver, not an editor
    submit_update(bot, item_id, status="in_progress", user=APPROVER)
    assert [r[4] for r in progress_rows(bot)] == [APPROVER]


def test_progress_is_recorded_after_the_inspection_is_complete_from_the_lists_accessory(
    bot: Bot,
) -> None:
    card_ts, item_id = answered_afi(bot)
    set_state(bot, "complete")
    listed = bot.command("recs S55-1")[-1]
    block_id, _ = update_button(listed, item_id)
    assert block_id == f"item_{item_id}"  # the section's accessory: answers are fixed now
    assert ids.ANSWER_ITEM not in json.dumps(listed["blocks"])
    submit_update(bot, item_id, status="in_progress", note="Started after publication.")
    assert progress_rows(bot)[0][1] == "in_progress"
    assert len(thread_notes(bot, card_ts, "progress:")) == 1


@pytest.mark.parametrize("state", ["withdrawn", "no response required"])
def test_an_inspection_withdrawn_or_needing_no_response_follows_no_progress(
    bot: Bot, state: str
) -> None:
    _, item_id = answered_afi(bot)
    set_state(bot, state)
    submit_update(bot, item_id, status="in_progress")
    assert told_privately(bot)[-1] == (
        f"S55-1 is {state}: its items' progress is no longer followed. Nothing was changed."
    )
    assert progress_rows(bot) == []


def test_an_item_without_an_answer_or_needing_none_has_no_progress(bot: Bot) -> None:
    answered_afi(bot)
    listed = json.dumps(bot.command("recs S55-1")[-1]["blocks"])
    recommendation, afi_2 = items(bot)[0], items(bot)[2]
    assert listed.count(ids.UPDATE_PROGRESS) == 1  # only the answered AFI 1
    submit_update(bot, afi_2.id, status="in_progress")
    assert told_privately(bot)[-1] == copy.ITEM_NEEDS_NO_ANSWER
    with bot.db.session() as session:
        session.get(type(recommendation), recommendation.id).directed_at = "force"
    submit_update(bot, recommendation.id, status="in_progress")
    assert told_privately(bot)[-1] == (
        "Recommendation 1 of S55-1 has no answer yet: answer it first (`/s55 recs S55-1`). "
        "Nothing was changed."
    )
    assert progress_rows(bot) == []


FAULTS = {
    "refused": lambda slack: slack.fail_next("chat.postMessage", status=500, times=3),
    "accepted, answer lost": lambda slack: (
        slack.drop_next("chat.postMessage", after_processing=True),
        slack.fail_next("conversations.replies", status=500, times=3),
    ),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_the_thread_note_is_posted_once_whatever_slack_does(bot: Bot, fault: str) -> None:
    card_ts, item_id = answered_afi(bot)
    FAULTS[fault](bot.slack)
    submit_update(bot, item_id, status="in_progress", note="Under way.")
    assert progress_rows(bot)[0][1] == "in_progress"  # stored whatever Slack said
    assert told_privately(bot)[-1].endswith(copy.SLACK_BEHIND)
    scheduled_pass(bot.services)
    scheduled_pass(bot.services)
    [note] = thread_notes(bot, card_ts, "progress:")
    assert "Under way." in note["text"]
    with bot.db.session() as session:
        audit = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "progress recorded")
        ).all()
    assert len(audit) == 1
