"""Buttons and forms that name nothing we keep (an old message, an altered payload) are
refused privately and specifically, and never logged as a crash (docs/rules.md#r8)."""

from __future__ import annotations

import dataclasses
import json
import logging

import pytest

from bot import copy, ids
from bot.domain.steps import DEFAULT_STEPS
from tests.bot.responses.test_responses import CC_TEXT, log_inspection, say
from tests.e2e import CHANNEL, Bot

APPROVER = "U0APPROVE"
SIGN_OFF = DEFAULT_STEPS[0]


@pytest.fixture
def approved(bot: Bot) -> Bot:
    bot.services.settings = dataclasses.replace(bot.services.settings, approvers=(APPROVER,))
    log_inspection(bot)
    return bot


@pytest.mark.parametrize(
    ("action_id", "value", "says"),
    [
        (ids.USE_DRAFT, "99999:1", copy.NO_SUCH_DRAFT),
        (ids.USE_DRAFT, "1", copy.BUTTON_NOT_UNDERSTOOD),
        (ids.USE_DRAFT, "one:two", copy.BUTTON_NOT_UNDERSTOOD),
        (ids.USE_DRAFT, "99999999999999999999:1", copy.BUTTON_NOT_UNDERSTOOD),
        (ids.START_AGAIN, "99999:1", copy.NO_SUCH_DRAFT),
        (ids.START_AGAIN, "", copy.BUTTON_NOT_UNDERSTOOD),
        (ids.REPLACE_RESPONSE, "99999:cc", copy.NO_SUCH_INSPECTION),
        (ids.REPLACE_RESPONSE, "1:neither", copy.BUTTON_NOT_UNDERSTOOD),
        (ids.CONFIRM_STEP, f"99999|{SIGN_OFF}", copy.NO_SUCH_INSPECTION),
        (ids.CONFIRM_STEP, f"x|{SIGN_OFF}", copy.BUTTON_NOT_UNDERSTOOD),
        (ids.CONFIRM_STEP, "1|Not one of the steps", copy.step_not_in_list("Not one of the steps")),
        (ids.UNDO_STEP, f"99999|{SIGN_OFF}", copy.NO_SUCH_INSPECTION),
        (ids.NOT_REQUIRED, "99999", copy.NO_SUCH_INSPECTION),
        (ids.NOT_REQUIRED, "S55-1", copy.BUTTON_NOT_UNDERSTOOD),
        (ids.SECTION_NONE, "99999:recs", copy.NO_SUCH_INSPECTION),
        (ids.SECTION_NONE, "1:cc", copy.BUTTON_NOT_UNDERSTOOD),
        (ids.SECTION_NONE, "x:recs", copy.BUTTON_NOT_UNDERSTOOD),
        (ids.CARD_MENU, "", copy.BUTTON_NOT_UNDERSTOOD),  # a menu without a chosen option
    ],
)
def test_a_button_naming_nothing_we_keep_is_refused_not_apologised_for(
    approved: Bot, caplog: pytest.LogCaptureFixture, action_id: str, value: str, says: str
) -> None:
    bot = approved
    before = len(bot.slack.calls_to("response_url"))
    with caplog.at_level(logging.ERROR):
        reply = bot.send.button_click(
            action_id=action_id, value=value, user_id=APPROVER, channel_id=CHANNEL
        )
        bot.settle()
    assert reply.status == 200
    [told] = bot.slack.wait_for("response_url", count=before + 1)[before:]
    assert told.args["text"] == says
    assert told.args.get("response_type") == "ephemeral"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def told_privately(bot: Bot) -> list[str]:
    """What the approver was told after a form: privately, or in a direct message."""
    return [
        call.args["text"]
        for method in ("chat.postEphemeral", "chat.postMessage")
        for call in bot.slack.calls_to(method)
        if call.args.get("user") == APPROVER or call.args.get("channel") == APPROVER
    ]


def reason_given() -> dict:
    return {ids.REASON_BLOCK: {ids.REASON_INPUT: {"type": "plain_text_input", "value": "Why"}}}


@pytest.mark.parametrize(
    ("callback_id", "metadata", "says"),
    [
        (ids.UNDO_STEP_VIEW, "not json", copy.FORM_NOT_UNDERSTOOD),
        (ids.UNDO_STEP_VIEW, json.dumps({"inspection": 1}), copy.FORM_NOT_UNDERSTOOD),
        (ids.UNDO_STEP_VIEW, json.dumps([1, 2]), copy.FORM_NOT_UNDERSTOOD),
        (
            ids.UNDO_STEP_VIEW,
            json.dumps({"inspection": 99999, "step": SIGN_OFF, "channel": CHANNEL}),
            copy.NO_SUCH_INSPECTION,
        ),
        (ids.NOT_REQUIRED_VIEW, "", copy.FORM_NOT_UNDERSTOOD),
        (ids.NOT_REQUIRED_VIEW, json.dumps({"inspection": "1"}), copy.FORM_NOT_UNDERSTOOD),
        (
            ids.NOT_REQUIRED_VIEW,
            json.dumps({"inspection": 99999, "channel": CHANNEL}),
            copy.NO_SUCH_INSPECTION,
        ),
        (ids.WITHDRAW_VIEW, "not json", copy.FORM_NOT_UNDERSTOOD),
        (
            ids.WITHDRAW_VIEW,
            json.dumps({"inspection": 99999, "channel": CHANNEL}),
            copy.NO_SUCH_INSPECTION,
        ),
    ],
)
def test_a_reason_form_naming_nothing_we_keep_is_refused_not_apologised_for(
    approved: Bot, caplog: pytest.LogCaptureFixture, callback_id: str, metadata: str, says: str
) -> None:
    bot = approved
    with caplog.at_level(logging.ERROR):
        reply = bot.send.submit_view(
            callback_id=callback_id,
            values=reason_given(),
            user_id=APPROVER,
            private_metadata=metadata,
        )
        bot.settle()
    assert reply.status == 200
    assert told_privately(bot) == [says]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_start_again_needs_the_same_permission_as_use_this(bot: Bot) -> None:
    bot.services.settings = dataclasses.replace(
        bot.services.settings, response_editors=("U0EDITOR1",)
    )
    card_ts = log_inspection(bot)
    say(bot, card_ts, CC_TEXT)
    from tests.bot.responses.test_responses import button, receipt

    shown = receipt(bot, card_ts)
    before = len(bot.slack.calls_to("response_url"))
    bot.send.button_click(
        action_id=ids.START_AGAIN,
        value=button(shown, ids.START_AGAIN)["value"],
        user_id="U0SOMEONE",
        channel_id=CHANNEL,
        message_ts=shown["ts"],
    )
    [told] = bot.slack.wait_for("response_url", count=before + 1)[before:]
    assert told.args["text"] == copy.not_a_response_editor("Chief Constable's response")
    assert "1 message," in receipt(bot, card_ts)["text"]  # the draft is untouched


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("edit:99999", copy.NO_SUCH_INSPECTION),
        ("ask:cc:1", copy.BUTTON_NOT_UNDERSTOOD),
        ("ask:recs:x", copy.BUTTON_NOT_UNDERSTOOD),
        ("delete:1", copy.BUTTON_NOT_UNDERSTOOD),
    ],
)
def test_a_card_menu_choice_we_never_offered_is_refused(
    approved: Bot, caplog: pytest.LogCaptureFixture, value: str, says: str
) -> None:
    bot = approved
    payload = bot.send.button_click_payload(
        action_id=ids.CARD_MENU, value="", user_id=APPROVER, channel_id=CHANNEL
    )
    option = {"text": {"type": "plain_text", "text": "?"}, "value": value}
    payload["actions"] = [
        {
            "type": "overflow",
            "action_id": ids.CARD_MENU,
            "block_id": ids.CARD_TITLE_BLOCK,
            "selected_option": option,
            "action_ts": "1.2",
        }
    ]
    before = len(bot.slack.calls_to("response_url"))
    with caplog.at_level(logging.ERROR):
        assert bot.send.block_action(payload).status == 200
        bot.settle()
    [told] = bot.slack.wait_for("response_url", count=before + 1)[before:]
    assert told.args["text"] == says
    assert bot.slack.calls_to("views.open") == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_an_edit_form_naming_nothing_we_keep_is_refused(
    approved: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    from tests.handlers.test_inspections import form

    bot = approved
    with caplog.at_level(logging.ERROR):
        reply = bot.send.submit_view(
            callback_id=ids.EDIT_INSPECTION_VIEW,
            values=form(),
            user_id=APPROVER,
            private_metadata="not json",
        )
        bot.settle()
    assert reply.status == 200 and reply.body == ""
    assert told_privately(bot) == [copy.FORM_NOT_UNDERSTOOD]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
