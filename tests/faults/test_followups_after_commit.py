"""Slack failing after the database has committed (docs/rules.md#r21): the user is told what
was stored, nothing stalls, and the next reminder pass brings Slack in line, every follow-up
message exactly once."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import ids
from bot.domain.steps import DEFAULT_STEPS
from bot.followups.delivery import STALE_AFTER
from bot.reminders.owed import deliver_all_owed
from bot.reminders.schedule import scheduled_pass
from bot.standin import SlackStandIn
from storage import reminders
from storage.models import DraftMessage, Inspection, Reminder, Response, ResponseDraft
from tests.bot.responses.test_responses import CC_TEXT, log_inspection, press, receipt, say
from tests.e2e import CHANNEL, Bot

APPROVER = "U0APPROVE"
LOOK_UPS = ("conversations.replies",)  # how a thread is searched for a lost post


def fail_500(method: str) -> Callable[[SlackStandIn], None]:
    # The client retries an edit 3 times; post_once tries 3 times; an upload is tried once.
    times = {"chat.update": 4, "chat.postMessage": 3}.get(method, 1)
    return lambda slack: slack.fail_next(method, status=500, times=times)


def not_found(method: str) -> Callable[[SlackStandIn], None]:
    return lambda slack: slack.error_next(method, error="message_not_found")


def lost_then_unknown(method: str) -> Callable[[SlackStandIn], None]:
    """Slack posts it but the answer is lost, and the look-up that follows fails too."""

    def inject(slack: SlackStandIn) -> None:
        slack.drop_next(method, after_processing=True)
        for look_up in LOOK_UPS:
            slack.fail_next(look_up, status=500)

    return inject


def dropped(method: str) -> Callable[[SlackStandIn], None]:
    return lambda slack: slack.drop_next(method, after_processing=True)


# (follow-up, method, calls of that method let through first, fault)
DRAFT_FAULTS = [
    (target, method, skip, name, fault(method))
    for target, method, skip in (
        ("card edit", "chat.update", 0),
        ("receipt edit", "chat.update", 1),
        ("PCC prompt", "chat.postMessage", 0),
    )
    for name, fault in (
        {"chat.update": [("500", fail_500), ("message_not_found", not_found)]}.get(
            method, [("500", fail_500), ("dropped after processing", lost_then_unknown)]
        )
    )
]
STEP_FAULTS = [
    (target, method, skip, name, fault(method))
    for target, method, skip in (
        ("card edit", "chat.update", 0),
        ("step note", "chat.postMessage", 0),
        ("completion note", "chat.postMessage", 1),
        ("docx upload", "files.completeUploadExternal", 0),
        ("html upload", "files.completeUploadExternal", 1),
    )
    for name, fault in {
        "chat.update": [("500", fail_500), ("message_not_found", not_found)],
        "chat.postMessage": [("500", fail_500), ("dropped after processing", lost_then_unknown)],
        "files.completeUploadExternal": [("500", fail_500), ("dropped after processing", dropped)],
    }[method]
]


def inject(bot: Bot, method: str, skip: int, fault: Callable[[SlackStandIn], None]) -> None:
    if skip:
        bot.slack.pass_next(method, times=skip)
    fault(bot.slack)


def replies(bot: Bot) -> list[str]:
    return [call.args.get("text", "") for call in bot.slack.calls_to("response_url")]


def keys_in_slack(bot: Bot) -> Counter[str]:
    """Every keyed message of ours in the channel and its threads, and every file shared."""
    found: Counter[str] = Counter()
    for message in bot.slack.messages[CHANNEL]:
        key = ((message.get("metadata") or {}).get("event_payload") or {}).get("key")
        if key:
            found[key] += 1
        for shared in message.get("files") or []:
            found[f"file:{shared['name']}"] += 1
    return found


def nothing_pending(bot: Bot) -> bool:
    with bot.db.session() as session:
        return not session.scalars(select(Reminder.key).where(Reminder.sent_at.is_(None))).all()


@pytest.mark.parametrize(
    ("target", "method", "skip", "fault"),
    [pytest.param(t, m, s, f, id=f"{t}-{n}") for t, m, s, n, f in DRAFT_FAULTS],
)
def test_use_this_with_slack_failing_after_the_commit_stores_asks_for_the_pcc_and_catches_up(
    bot: Bot, target: str, method: str, skip: int, fault: Callable[[SlackStandIn], None]
) -> None:
    card_ts = log_inspection(bot)
    say(bot, card_ts, CC_TEXT)
    before = len(replies(bot))
    inject(bot, method, skip, fault)
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT)

    assert replies(bot)[before:] == [
        "Stored the Chief Constable's response to S55-1 as revision 1. Slack didn't take every "
        "update just now; the card and its thread will catch up within minutes. "
        "Nothing needs doing again."
    ]
    say(bot, card_ts, "The PCC welcomes the report.")  # before Slack has caught up
    with bot.db.session() as session:
        [response] = session.scalars(select(Response)).all()
        pcc = session.scalars(select(ResponseDraft).where(ResponseDraft.kind == "pcc")).one()
        pasted = session.scalars(select(DraftMessage).where(DraftMessage.draft_id == pcc.id))
        assert (response.kind, response.revision) == ("cc", 1)
        assert pcc.status == "collecting" and [m.raw_text for m in pasted] == [
            "The PCC welcomes the report."
        ]
        inspection = session.scalars(select(Inspection)).one()
        assert inspection.state == "awaiting PCC response"

    scheduled_pass(bot.services)

    assert nothing_pending(bot)
    shown = keys_in_slack(bot)
    assert shown[f"prompt:{pcc.id}"] == 1 and set(shown.values()) == {1}, shown
    card = bot.slack.message(CHANNEL, card_ts)
    assert "received from <@U0EDITOR1>" in str(card["blocks"])
    confirmed = [
        m
        for m in bot.slack.messages[CHANNEL]
        if m.get("metadata", {}).get("event_payload", {}).get("key") == "receipt:1"
    ]
    assert "Use this" not in str(confirmed[0]["blocks"])
    assert not any("nothing was changed" in text for text in replies(bot))


@pytest.fixture
def approved(bot: Bot) -> Bot:
    bot.services.settings = dataclasses.replace(bot.services.settings, approvers=(APPROVER,))
    return bot


def click_step(bot: Bot, card_ts: str, step: str) -> None:
    card = bot.slack.message(CHANNEL, card_ts)
    for block in card["blocks"]:
        accessory = block.get("accessory") or {}
        if accessory.get("action_id") == ids.CONFIRM_STEP and accessory["value"].endswith(step):
            reply = bot.send.button_click(
                action_id=ids.CONFIRM_STEP,
                value=accessory["value"],
                user_id=APPROVER,
                channel_id=CHANNEL,
                message_ts=card_ts,
                block_id=block["block_id"],
            )
            assert reply.status == 200
            bot.settle()
            return
    raise AssertionError(f"no button for {step!r} on the card")


@pytest.mark.parametrize(
    ("target", "method", "skip", "fault"),
    [pytest.param(t, m, s, f, id=f"{t}-{n}") for t, m, s, n, f in STEP_FAULTS],
)
def test_the_last_step_with_slack_failing_after_the_commit_is_recorded_and_caught_up(
    approved: Bot, target: str, method: str, skip: int, fault: Callable[[SlackStandIn], None]
) -> None:
    bot = approved
    card_ts = log_inspection(bot)
    bot.command("none S55-1 recommendations")  # sign-off needs them recorded
    bot.command("none S55-1 afis")
    say(bot, card_ts, CC_TEXT)
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
    say(bot, card_ts, "The PCC welcomes the report.")
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
    for step in DEFAULT_STEPS[:-1]:
        click_step(bot, card_ts, step)
    before = len(replies(bot))
    inject(bot, method, skip, fault)
    click_step(bot, card_ts, DEFAULT_STEPS[-1])

    assert replies(bot)[before:] == [
        f"Recorded “{DEFAULT_STEPS[-1]}” for S55-1. Slack didn't take every update just now; "
        "the card and its thread will catch up within minutes. Nothing needs doing again."
    ]
    with bot.db.session() as session:
        assert session.scalars(select(Inspection.state)).one() == "complete"

    scheduled_pass(bot.services)

    assert nothing_pending(bot)
    shown = keys_in_slack(bot)
    assert set(shown.values()) == {1}, shown
    assert {key for key in shown if key.startswith(("note:", "complete:", "file:"))} == {
        *(f"note:{n}" for n in range(1, 6)),
        "complete:5",
        "file:S55-1-section-55-response-draft-for-publication.docx",  # at sign-off
        "file:S55-1-section-55-response-draft-for-publication.html",
        "file:S55-1-section-55-response.docx",
        "file:S55-1-section-55-response.html",
    }
    assert "*State*\\nComplete" in str(bot.slack.message(CHANNEL, card_ts)["blocks"]).replace(
        "\n", "\\n"
    )
    assert not any("nothing was changed" in text for text in replies(bot))


def test_start_again_with_the_receipt_edit_failing_says_what_was_done_and_catches_up(
    bot: Bot,
) -> None:
    card_ts = log_inspection(bot)
    say(bot, card_ts, CC_TEXT)
    before = len(replies(bot))
    bot.slack.fail_next("chat.update", status=500, times=4)
    press(bot, receipt(bot, card_ts), ids.START_AGAIN)

    assert replies(bot)[before:] == [
        "Cleared the draft of the Chief Constable's response; paste the text again. Slack "
        "didn't take every update just now; the card and its thread will catch up within "
        "minutes. Nothing needs doing again."
    ]
    assert "1 message," in receipt(bot, card_ts)["text"]  # Slack still shows the old receipt
    scheduled_pass(bot.services)
    assert nothing_pending(bot)
    assert "1 message," not in receipt(bot, card_ts)["text"]


def test_no_response_required_with_slack_failing_is_recorded_and_its_note_posted_once(
    approved: Bot,
) -> None:
    bot = approved
    log_inspection(bot)
    lost_then_unknown("chat.postMessage")(bot.slack)
    reply = bot.send.submit_view(
        callback_id=ids.NOT_REQUIRED_VIEW,
        values={ids.REASON_BLOCK: {ids.REASON_INPUT: {"type": "plain_text_input", "value": "N/A"}}},
        user_id=APPROVER,
        private_metadata=json.dumps({"inspection": 1, "channel": CHANNEL}),
    )
    assert reply.status == 200
    bot.settle()
    with bot.db.session() as session:
        assert session.scalars(select(Inspection.state)).one() == "no response required"
    told = [c.args["text"] for c in bot.slack.calls_to("chat.postEphemeral")]
    assert not any("nothing was changed" in text for text in told)

    scheduled_pass(bot.services)
    assert nothing_pending(bot)
    shown = keys_in_slack(bot)
    assert len([k for k in shown if k.startswith("not-required:")]) == 1
    assert set(shown.values()) == {1}, shown


def rate_limited(method: str) -> Callable[[SlackStandIn], None]:
    """Slack did nothing and says when to come back (the client waits and tries again)."""
    return lambda slack: slack.fail_next(method, status=429, retry_after=1)


# The approvers' turn (after the PCC's Use this) and the draft document at sign-off.
NEW_KIND_FAULTS = [
    (kind, method, name, fault(method))
    for kind, method, faults in (
        (
            "turn",
            "chat.postMessage",
            [("429", rate_limited), ("500", fail_500), ("dropped", lost_then_unknown)],
        ),
        (
            "draft",
            "files.completeUploadExternal",
            [("429", rate_limited), ("500", fail_500), ("dropped", dropped)],
        ),
    )
    for name, fault in faults
]


def ready_for_sign_off(bot: Bot, *, before_the_pcc: Callable[[], None] = lambda: None) -> str:
    card_ts = log_inspection(bot)
    bot.command("none S55-1 recommendations")
    bot.command("none S55-1 afis")
    say(bot, card_ts, CC_TEXT)
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
    say(bot, card_ts, "The PCC welcomes the report.")
    before_the_pcc()
    press(bot, receipt(bot, card_ts), ids.USE_DRAFT)
    return card_ts


def new_kinds_once(bot: Bot) -> None:
    """The turn note and the draft (one message, both files) are each in Slack once."""
    shown = keys_in_slack(bot)
    assert set(shown.values()) == {1}, shown
    assert shown["turn:2"] == 1
    assert {key for key in shown if "draft-for-publication" in key} == {
        "file:S55-1-section-55-response-draft-for-publication.docx",
        "file:S55-1-section-55-response-draft-for-publication.html",
    }


def two_passes(bot: Bot, *, at_once: bool = False) -> None:
    """Two reminder passes, one after the other or both at the same moment."""
    if not at_once:
        scheduled_pass(bot.services)
        scheduled_pass(bot.services)
        return
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda _: deliver_all_owed(bot.services), "ab"))


@pytest.mark.parametrize(
    ("kind", "method", "fault"),
    [pytest.param(k, m, f, id=f"{k}-{n}") for k, m, n, f in NEW_KIND_FAULTS],
)
def test_the_turn_note_and_the_draft_document_reach_slack_once_whatever_slack_does(
    approved: Bot, kind: str, method: str, fault: Callable[[SlackStandIn], None]
) -> None:
    bot = approved
    turn_fault = (lambda: inject(bot, method, 0, fault)) if kind == "turn" else (lambda: None)
    card_ts = ready_for_sign_off(bot, before_the_pcc=turn_fault)
    two_passes(bot)  # before sign-off, while the note is still true
    if kind == "draft":
        inject(bot, method, 0, fault)
    click_step(bot, card_ts, DEFAULT_STEPS[0])
    with bot.db.session() as session:
        assert session.scalars(select(Inspection.state)).one() == "publishing"

    two_passes(bot)

    assert nothing_pending(bot)
    new_kinds_once(bot)
    assert not any("nothing was changed" in text for text in replies(bot))


def test_after_a_crash_between_slack_taking_them_and_the_database_noting_it_they_stay_once(
    approved: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The process dies after posting the turn note (then the draft), before marking it sent:
    its claim outlives it, and the pass after the claim goes stale finds it in Slack."""
    bot = approved
    crashed: set[str] = set()

    def die_once_per_key(session: object, sent: list, **kw: object) -> None:
        new = {row["key"] for row in sent} & {"turn:2", "draft:1:1"} - crashed
        if new:
            crashed.update(new)
            raise SystemExit("killed")  # nothing after this line ran in the dead process
        real_mark_sent(session, sent, **kw)

    def after_the_crash_claims_go_stale() -> None:
        assert not nothing_pending(bot)
        scheduled_pass(bot.services)  # fresh claims: the dead process might still be posting
        assert not nothing_pending(bot)
        bot.clock.current += STALE_AFTER + timedelta(minutes=1)
        scheduled_pass(bot.services)
        assert nothing_pending(bot)

    real_mark_sent = reminders.mark_sent
    monkeypatch.setattr(reminders, "mark_sent", die_once_per_key)
    card_ts = ready_for_sign_off(bot)
    after_the_crash_claims_go_stale()
    click_step(bot, card_ts, DEFAULT_STEPS[0])
    after_the_crash_claims_go_stale()

    assert crashed == {"turn:2", "draft:1:1"}
    new_kinds_once(bot)


def test_two_passes_at_once_deliver_the_turn_note_and_the_draft_once(approved: Bot) -> None:
    bot = approved

    def slack_refuses() -> None:
        bot.slack.error_next("chat.postMessage", error="internal_error")

    card_ts = ready_for_sign_off(bot, before_the_pcc=slack_refuses)
    assert not nothing_pending(bot)
    two_passes(bot, at_once=True)
    bot.slack.error_next("files.completeUploadExternal", error="internal_error")
    click_step(bot, card_ts, DEFAULT_STEPS[0])
    assert not nothing_pending(bot)
    two_passes(bot, at_once=True)

    assert nothing_pending(bot)
    new_kinds_once(bot)
