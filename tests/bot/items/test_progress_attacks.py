"""Altered and odd input on the Update form and the item snooze controls (docs/rules.md#r7): each is
refused privately in words that say what was wrong, and nothing is stored or posted."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from sqlalchemy import func, select

from bot import copy, ids
from bot.reminders.schedule import scheduled_pass
from storage.models import AuditEvent, Reminder, ReportItem
from tests.bot.items.progress_steps import (
    answered_afi,
    progress_rows,
    replied,
    submit_update,
    thread_notes,
    told_privately,
)
from tests.bot.reminders.test_action_nudges import item_row, live, on
from tests.bot.reminders.test_snooze import in_thread, use
from tests.e2e import CHANNEL, Bot


def audit_and_follow_ups(bot: Bot) -> tuple[int, int]:
    with bot.db.session() as session:
        return (
            session.scalar(select(func.count()).select_from(AuditEvent)),
            session.scalar(select(func.count()).select_from(Reminder)),
        )


def test_a_form_naming_an_item_id_too_large_for_the_database_is_not_understood(
    bot: Bot,
) -> None:
    answered_afi(bot)
    before = audit_and_follow_ups(bot)
    for forged in (10**9, 2**31, 10**30):
        reply = bot.send.submit_view(
            callback_id=ids.UPDATE_PROGRESS_VIEW,
            values={},
            user_id="U0EDITOR1",
            private_metadata=json.dumps({"item": forged, "channel": CHANNEL}),
        )
        bot.settle()
        assert reply.status == 200
        assert told_privately(bot)[-1] == copy.FORM_NOT_UNDERSTOOD
    assert audit_and_follow_ups(bot) == before


def test_a_target_date_that_is_not_a_day_is_refused_under_the_field(bot: Bot) -> None:
    _, item_id = answered_afi(bot)
    for forged in ("2024-13-45", "next week", "30/06/2025"):
        reply = submit_update(bot, item_id, status="in_progress", target=forged)
        assert reply.json() == {
            "response_action": "errors",
            "errors": {ids.PROGRESS_TARGET_BLOCK: copy.PROGRESS_TARGET_NOT_A_DAY},
        }
    assert progress_rows(bot) == []


def test_a_target_in_the_year_9999_is_stored_and_read_back_everywhere(bot: Bot) -> None:
    card_ts, item_id = answered_afi(bot)
    submit_update(bot, item_id, status="in_progress", target="9999-12-31")
    assert progress_rows(bot)[0][3] == date(9999, 12, 31)
    assert told_privately(bot)[-1].startswith("Recorded: AFI 1 of S55-1 is In progress, target")
    scheduled_pass(bot.services)
    assert "target Fri 31 Dec 9999" in json.dumps(bot.command("recs S55-1")[-1]["blocks"])
    [note] = thread_notes(bot, card_ts, "progress:")
    assert "Fri 31 Dec 9999" in note["text"]


def test_a_note_with_mentions_and_markup_pings_nobody_and_stays_quoted(bot: Bot) -> None:
    card_ts, item_id = answered_afi(bot)
    typed = "<!channel> ask <@U0BOSS001> *now*\n\n```\n<https://evil.example|click>"
    submit_update(bot, item_id, status="in_progress", note=typed)
    [note] = thread_notes(bot, card_ts, "progress:")
    quoted = note["text"].split("\n", 1)[1]
    assert "<!channel>" not in quoted and "<@U0BOSS001>" not in quoted and "<http" not in quoted
    assert all(line.startswith(">") for line in quoted.split("\n"))
    assert progress_rows(bot)[0][2] == typed  # stored as typed


def test_the_same_update_submitted_twice_is_recorded_once(bot: Bot) -> None:
    card_ts, item_id = answered_afi(bot)
    submit_update(bot, item_id, status="in_progress", note="Plan agreed.")
    again = submit_update(bot, item_id, status="in_progress", note=" Plan agreed. ")
    assert again.json()["errors"] == {ids.PROGRESS_NOTE_BLOCK: copy.PROGRESS_SAME_AS_LAST}
    assert [r[:3] for r in progress_rows(bot)] == [(1, "in_progress", "Plan agreed.")]
    assert len(thread_notes(bot, card_ts, "progress:")) == 1
    submit_update(bot, item_id, status="in_progress", note="Plan agreed.", target="2024-07-31")
    assert [r[0] for r in progress_rows(bot)] == [1, 2]  # the same note with a new target


def test_a_double_click_on_submit_records_one_update_however_the_requests_interleave(
    bot: Bot,
) -> None:
    card_ts, item_id = answered_afi(bot)
    with ThreadPoolExecutor(4) as pool:
        list(
            pool.map(
                lambda _: submit_update(bot, item_id, status="in_progress", note="Plan agreed."),
                range(4),
            )
        )
    bot.settle()
    assert [r[:3] for r in progress_rows(bot)] == [(1, "in_progress", "Plan agreed.")]
    assert len(thread_notes(bot, card_ts, "progress:")) == 1


def test_an_items_snooze_until_the_last_day_of_the_calendar_is_refused(bot: Bot) -> None:
    card_ts, item_id = answered_afi(bot)
    live(bot, date(2024, 5, 2), date(2024, 6, 16))
    [soon] = in_thread(bot, card_ts, "action:")
    bot.clock.current = on(date(2024, 6, 16))
    before = audit_and_follow_ups(bot)
    [said] = use(bot, soon, ids.SNOOZE_DATE, "9999-12-31")
    assert said.startswith("Pick an earlier day") and "Nothing was changed" in said
    assert item_row(bot, item_id).snoozed_until is None
    assert audit_and_follow_ups(bot) == before
    # the day before it is a day like any other
    assert use(bot, soon, ids.SNOOZE_DATE, "9999-12-30") == []
    [note] = in_thread(bot, card_ts, "item-snoozed:")
    assert "they resume on Fri 31 Dec 9999" in note["text"]


def test_an_items_snooze_control_naming_no_item_on_record_is_refused(bot: Bot) -> None:
    card_ts, _ = answered_afi(bot)
    live(bot, date(2024, 5, 2), date(2024, 6, 16))
    [soon] = in_thread(bot, card_ts, "action:")
    bot.clock.current = on(date(2024, 6, 16))
    before = audit_and_follow_ups(bot)
    for forged in (f"{ids.ITEM_SNOOZE_BLOCK_PREFIX}99999", f"{ids.ITEM_SNOOZE_BLOCK_PREFIX}x"):
        said = use(bot, soon, ids.SNOOZE_CHOICE, "3", block_id=forged)
        assert said in ([copy.NO_SUCH_ITEM], [copy.BUTTON_NOT_UNDERSTOOD])
    assert audit_and_follow_ups(bot) == before


def test_a_forged_update_button_is_refused_privately_and_opens_no_form(bot: Bot) -> None:
    _, item_id = answered_afi(bot)
    opened = len(bot.slack.calls_to("views.open"))
    for forged, said in (
        ("", copy.BUTTON_NOT_UNDERSTOOD),
        ("-1", copy.BUTTON_NOT_UNDERSTOOD),
        ("1e3", copy.BUTTON_NOT_UNDERSTOOD),
        ("99999999999", copy.BUTTON_NOT_UNDERSTOOD),
        ("\uff10\uff11", copy.BUTTON_NOT_UNDERSTOOD),  # full-width digits
        ("0", copy.NO_SUCH_ITEM),
        ("999999999", copy.NO_SUCH_ITEM),
    ):
        reply = bot.send.button_click(
            action_id=ids.UPDATE_PROGRESS,
            value=forged,
            user_id="U0EDITOR1",
            channel_id=CHANNEL,
            block_id=f"item_{item_id}",
        )
        bot.settle()
        assert reply.status == 200
        assert replied(bot)[-1] == said, forged
    assert len(bot.slack.calls_to("views.open")) == opened


def test_a_removed_item_takes_no_update(bot: Bot) -> None:
    _, item_id = answered_afi(bot)
    with bot.db.session() as session:
        session.get(ReportItem, item_id).removed = True
    before = audit_and_follow_ups(bot)
    submit_update(bot, item_id, status="in_progress", note="Late news.")
    assert told_privately(bot)[-1] == copy.NO_SUCH_ITEM
    assert progress_rows(bot) == [] and audit_and_follow_ups(bot) == before


def test_a_huge_note_is_refused_under_its_field(bot: Bot) -> None:
    _, item_id = answered_afi(bot)
    reply = submit_update(bot, item_id, status="in_progress", note="x" * 100_000)
    assert reply.json()["errors"] == {ids.PROGRESS_NOTE_BLOCK: "Keep the note to 3,000 characters."}
    assert progress_rows(bot) == []


def test_an_old_nudges_snooze_is_refused_once_the_item_is_complete(bot: Bot) -> None:
    card_ts, item_id = answered_afi(bot)
    live(bot, date(2024, 5, 2), date(2024, 6, 16))
    [soon] = in_thread(bot, card_ts, "action:")
    bot.clock.current = on(date(2024, 6, 16))
    submit_update(bot, item_id, status="complete", note="Done.")
    before = audit_and_follow_ups(bot)
    assert use(bot, soon, ids.SNOOZE_CHOICE, "3") == [
        "AFI 1 of S55-1 is Complete: its owner is nudged no more, so there is nothing to "
        "snooze. Nothing was changed."
    ]
    assert item_row(bot, item_id).snoozed_until is None
    assert audit_and_follow_ups(bot) == before
    assert in_thread(bot, card_ts, "item-snoozed:") == []
