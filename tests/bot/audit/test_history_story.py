"""History reads as sentences (docs/rules.md#r13): a whole year's story, through every action the
audit log records, read back by `/s55 history` and `s55bot audit --csv` without one stored detail
(no `{`, no `[`) and without one action left undescribed, on both databases."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from bot import ids
from bot.audit.history import write_csv
from bot.compliance.posting import request_report
from bot.domain.audit import AuditAction
from bot.domain.steps import DEFAULT_STEPS
from bot.items.progress import record_progress
from bot.offices.settings import save_office_settings
from bot.reminders.item_snooze import resume_item, snooze_item
from bot.reminders.snooze import Place, resume, snooze
from storage.models import AuditEvent
from tests.bot.documents.test_counts_from_the_record import ALL_FIVE, paste_more
from tests.bot.items.steps import confirm, items, review
from tests.bot.publication.test_sign_off_freezes_what_is_published import (
    OFFICER,
    edit_link,
    ready_to_sign,
    record,
    sign_off,
)
from tests.bot.responses.test_responses import button, press, receipt, say
from tests.bot.signoff.test_signoff import APPROVER, card, click, step_button, submit_reason
from tests.e2e import CHANNEL, Bot


def told(bot: Bot) -> str:
    return bot.slack.calls_to("response_url")[-1].args["text"]


def review_parts(bot: Bot, card_ts: str) -> None:
    """Review the draft and save it with its first part left out: "draft reviewed"."""
    message = receipt(bot, card_ts)
    element = button(message, ids.REVIEW_DRAFT)
    bot.send.button_click(
        action_id=ids.REVIEW_DRAFT, value=element["value"], user_id=OFFICER, channel_id=CHANNEL
    )
    bot.settle()
    view = bot.slack.calls_to("views.open")[-1].args["view"]
    parts = [
        b["block_id"]
        for b in view["blocks"]
        if b.get("block_id", "").startswith(ids.PART_BLOCK_PREFIX)
    ]
    values = {
        block: {ids.INCLUDE_PART: {"type": "checkboxes", "selected_options": []}}
        for block in parts[:1]
    }
    values |= {
        block: {
            ids.INCLUDE_PART: {"type": "checkboxes", "selected_options": [{"value": "include"}]}
        }
        for block in parts[1:]
    }
    bot.send.submit_view(
        callback_id=ids.REVIEW_DRAFT_VIEW,
        values=values,
        user_id=OFFICER,
        private_metadata=view["private_metadata"],
    )
    bot.settle()


def test_a_whole_storys_history_is_sentences_for_every_action(bot: Bot) -> None:
    card_ts = ready_to_sign(bot)  # logged, items, an answer, none, both responses
    inspection_id = record(bot).id
    place = Place(channel=CHANNEL, thread_ts=card_ts)
    snooze(bot.services, inspection_id=inspection_id, choice=1, actor=OFFICER, place=place)
    resume(bot.services, inspection_id=inspection_id, actor=OFFICER, place=place)

    # A revision of the PCC's response in two parts, reviewed, confirmed, while a revision of
    # the CC's waits its turn; the CC's then pasted, cleared and pasted again.
    bot.command("revise S55-1 pcc", user_id=OFFICER)
    bot.settle()
    say(bot, card_ts, "The PCC notes the report.")
    say(bot, card_ts, "The PCC accepts recommendation 4.")
    bot.command("revise S55-1 cc", user_id=OFFICER)  # waits for the PCC's draft
    review_parts(bot, card_ts)
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT, user=OFFICER)
    say(bot, card_ts, "The Chief Constable accepts it.")
    press(bot, receipt(bot, card_ts), ids.START_AGAIN, user=OFFICER)
    say(bot, card_ts, "The Chief Constable accepts recommendation 4.")
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT, user=OFFICER)

    # The key findings through the thread; the five recommendations, marked complete later.
    bot.command("findings S55-1", user_id=OFFICER)
    say(bot, card_ts, "The register of corruption investigations was comprehensive.")
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT, user=OFFICER)
    confirm(bot, review(bot, paste_more(bot, card_ts, ALL_FIVE)), user=OFFICER)
    bot.send.button_click(
        action_id=ids.LIST_EXTENT_BUTTON,
        value=f"{inspection_id}:recommendation:complete",
        user_id=OFFICER,
        channel_id=CHANNEL,
    )
    bot.settle()

    # Signed off, reopened by an approver's correction, undone by hand, signed again, done.
    sign_off(bot, card_ts)
    edit_link(bot, APPROVER)
    sign_off(bot, card_ts)
    click(bot, card_ts, step_button(card(bot, card_ts), DEFAULT_STEPS[0], ids.UNDO_STEP))
    submit_reason(bot, ids.UNDO_STEP_VIEW, "the PCC wants to read it again")
    sign_off(bot, card_ts, *DEFAULT_STEPS)

    # After the response: progress, the item's nudges snoozed and resumed, the year's report.
    item = next(i for i in items(bot) if i.number == "4")
    reopened = {"status": "in_progress", "note": "A new case came in.", "target": "2024-09-30"}
    record_progress(bot.services, item.id, reopened, actor=OFFICER)
    snooze_item(bot.services, item_id=item.id, choice=3, actor=OFFICER, place=place)
    resume_item(bot.services, item_id=item.id, actor=OFFICER, place=place)
    record_progress(bot.services, item.id, {"status": "complete", "note": "Done."}, actor=OFFICER)
    request_report(bot.services, "2024", actor=OFFICER, channel=CHANNEL)

    # Two more inspections: one withdrawn, one needing no response.
    bot.command("add Logged twice | 30 April 2024 | https://example.org/twice", user_id=OFFICER)
    bot.command("withdraw S55-2 logged twice by mistake", user_id=OFFICER)
    bot.command("add A national report | 1 May 2024", user_id=OFFICER)
    bot.settle()
    cards = [
        c
        for c in bot.slack.calls_to("chat.postMessage")
        if c.args.get("channel") == CHANNEL and not c.args.get("thread_ts")
    ]
    click(
        bot,
        cards[-1].response["ts"],
        {"action_id": ids.NOT_REQUIRED, "value": "3", "block_id": ids.CARD_ACTIONS_BLOCK},
    )
    submit_reason(bot, ids.NOT_REQUIRED_VIEW, "a national report with nothing for the force")

    # An approver (the admin of an office nobody installed through Slack) names the area.
    save_office_settings(bot.services, APPROVER, {"S55_AREA": "Norfolk"})
    bot.command("history settings")
    assert told(bot).endswith(f"<@{APPROVER}> changed the police area from none to “Norfolk”")

    bot.command("history S55-1")
    history = told(bot)
    out = io.StringIO()
    write_csv(bot.db, out, tz=bot.services.settings.timezone)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    for said in [history, *(row["what"] for row in rows)]:
        assert "{" not in said and "}" not in said and "[" not in said, said
    assert "reopened sign-off: changed after sign-off: the link" in history
    assert "recorded that the recommendations listed are all the report's" in history
    assert "recorded 5 recommendations (4 added, 0 changed, 0 removed)" in history

    with bot.db.session(read_only=True) as session:
        recorded = set(session.scalars(select(AuditEvent.action)))
    # An office's installing, leaving and erasure happen on a host for many offices, whose
    # story is tests/bot/runtime/test_host.py's.
    on_a_host = {AuditAction.INSTALLED, AuditAction.UNINSTALLED, AuditAction.RECORDS_ERASED}
    missing = {a.value for a in AuditAction} - recorded - on_a_host
    assert missing == set(), f"the story never records {sorted(missing)}"
    assert {row["action"] for row in rows} == recorded
