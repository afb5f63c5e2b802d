"""The Answer form says what it needs (docs/rules.md#r6): owner and target date are asked for, not
"(optional)", while the response chosen plans an action (accepted, partially accepted), with a
hint saying so; choosing another response redraws the form with them optional, keeping what was
typed (views.update, same block and action IDs); a refusal names the field it is about."""

from __future__ import annotations

import json
from typing import Any

from bot import copy, ids
from tests.bot.items.steps import (
    EDITOR,
    answer,
    confirm,
    items,
    listing,
    paste_items,
    review,
    the_items_section_of,
)
from tests.bot.items.test_items import RESPONSE_ITEMS, norfolk
from tests.bot.responses.test_responses import log_inspection
from tests.e2e import CHANNEL, Bot


def open_the_answer_form(bot: Bot) -> dict[str, Any]:
    """AFI 1 (for all chief constables) recorded; its Answer button pressed: the form."""
    norfolk(bot)
    card_ts = log_inspection(bot)
    confirm(bot, review(bot, paste_items(bot, card_ts, the_items_section_of(RESPONSE_ITEMS))))
    [button] = [
        b["accessory"]
        for b in listing(bot)["blocks"]
        if b.get("accessory", {}).get("action_id") == ids.ANSWER_ITEM
    ]
    reply = bot.send.button_click(
        action_id=ids.ANSWER_ITEM, value=button["value"], user_id=EDITOR, channel_id=CHANNEL
    )
    assert reply.status == 200
    bot.settle()
    return opened(bot)


def opened(bot: Bot, view_id: str | None = None) -> dict[str, Any]:
    """The Answer form as Slack holds it now (the newest one, or ``view_id``)."""
    forms = [
        view
        for view in bot.slack.workspace.views.values()
        if view.get("callback_id") == ids.ANSWER_ITEM_VIEW and view_id in (None, view["id"])
    ]
    return forms[-1]


def block(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    return next(b for b in view["blocks"] if b.get("block_id") == block_id)


def choose(bot: Bot, view: dict[str, Any], response: str) -> dict[str, Any]:
    """``EDITOR`` picks ``response`` in the open form; the form as it is then."""
    select = block(view, ids.ANSWER_RESPONSE_BLOCK)["element"]
    payload = bot.send.block_actions_payload(
        user_id=EDITOR,
        user_name="editor",
        action={
            **select,
            "block_id": ids.ANSWER_RESPONSE_BLOCK,
            "selected_option": {"value": response, "text": {"type": "plain_text", "text": "x"}},
        },
        container={"type": "view", "view_id": view["id"]},
        trigger_id=bot.slack.workspace.issue_trigger(EDITOR),
        view=view,
    )
    assert bot.send.block_action(payload).status == 200
    bot.settle()
    return opened(bot, view["id"])


def asks_for(view: dict[str, Any], block_id: str) -> tuple[bool, str]:
    """(optional?, hint) of a field."""
    found = block(view, block_id)
    return bool(found.get("optional")), found["hint"]["text"]


def test_a_new_answer_asks_for_an_owner_and_a_target_and_says_when_they_are_needed(
    bot: Bot,
) -> None:
    form = open_the_answer_form(bot)

    assert asks_for(form, ids.ANSWER_OWNER_BLOCK) == (False, copy.ANSWER_OWNER_HINT)
    assert asks_for(form, ids.ANSWER_TARGET_BLOCK) == (False, copy.ANSWER_TARGET_HINT)
    assert "Needed when the response is accepted or partially accepted" in copy.ANSWER_OWNER_HINT
    assert block(form, ids.ANSWER_RESPONSE_BLOCK)["dispatch_action"] is True


def test_a_response_that_plans_no_action_makes_them_optional_and_back(bot: Bot) -> None:
    form = open_the_answer_form(bot)

    not_accepted = choose(bot, form, "not_accepted")
    assert not_accepted["id"] == form["id"]  # the same form, redrawn (views.update)
    assert asks_for(not_accepted, ids.ANSWER_OWNER_BLOCK) == (
        True,
        copy.ANSWER_OWNER_HINT_NOT_NEEDED,
    )
    assert asks_for(not_accepted, ids.ANSWER_TARGET_BLOCK) == (
        True,
        copy.ANSWER_TARGET_HINT_NOT_NEEDED,
    )
    chosen = block(not_accepted, ids.ANSWER_RESPONSE_BLOCK)["element"]["initial_option"]
    assert chosen["value"] == "not_accepted"
    # Same blocks, same IDs: Slack keeps what the person had typed.
    assert [b.get("block_id") for b in not_accepted["blocks"]] == [
        b.get("block_id") for b in form["blocks"]
    ]

    accepted = choose(bot, not_accepted, "partially_accepted")
    assert asks_for(accepted, ids.ANSWER_OWNER_BLOCK) == (False, copy.ANSWER_OWNER_HINT)
    assert asks_for(accepted, ids.ANSWER_TARGET_BLOCK) == (False, copy.ANSWER_TARGET_HINT)


def test_an_accepted_answer_without_owner_or_target_is_refused_naming_each_field(
    bot: Bot,
) -> None:
    open_the_answer_form(bot)
    afi_1 = items(bot)[1]

    refused = answer(bot, afi_1.id, owner="", target=None).json()

    assert refused["errors"][ids.ANSWER_OWNER_BLOCK].startswith("Owner is needed when")
    assert refused["errors"][ids.ANSWER_TARGET_BLOCK].startswith("Target date is needed when")
    assert ids.ANSWER_ACTION_BLOCK not in refused["errors"]


def test_a_not_accepted_answer_needs_no_owner_or_target(bot: Bot) -> None:
    open_the_answer_form(bot)
    afi_1 = items(bot)[1]

    stored = answer(
        bot, afi_1.id, response="not_accepted", owner="", target=None, action="Not held here."
    )

    assert stored.status == 200 and not stored.body
    assert json.dumps(items(bot)[1].answers[-1].response) == '"not_accepted"'
