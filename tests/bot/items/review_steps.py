"""The person's side of **Review**: buttons pressed inside the form, the forms pushed on top
of it, and the form as the bot last drew it."""

from __future__ import annotations

from typing import Any

from tests.bot.items.steps import EDITOR, item_rows, page_state
from tests.e2e import Bot


def press_in_review(
    bot: Bot,
    form: dict[str, Any],
    action_id: str,
    value: str,
    *,
    choices: dict[int, str] | None = None,
    user: str = EDITOR,
) -> None:
    """Press a button of the review form (its menus as ``choices`` left them)."""
    block_id = next(
        (
            block["block_id"]
            for block in form["blocks"]
            if block["type"] == "actions"
            and any(
                e.get("action_id") == action_id and e.get("value") == value
                for e in block["elements"]
            )
        ),
        None,
    )
    assert block_id is not None, f"no {action_id} button with {value} on the form"
    view = {**form, "state": {"values": page_state(form, choices)}}
    payload = bot.send.block_actions_payload(
        user_id=user,
        user_name="editor",
        action={"type": "button", "action_id": action_id, "value": value, "block_id": block_id},
        container={"type": "view", "view_id": form["id"]},
        trigger_id=bot.slack.workspace.issue_trigger(user),
        view=view,
    )
    assert bot.send.block_action(payload).status == 200
    bot.settle()


def drawn(bot: Bot, view_id: str) -> dict[str, Any]:
    """The review as the bot last drew it."""
    call = [c for c in bot.slack.calls_to("views.update") if c.args["view_id"] == view_id][-1]
    return {**call.args["view"], "id": view_id}


def pushed(bot: Bot) -> dict[str, Any]:
    return bot.slack.calls_to("views.push")[-1].args["view"]


def submit_pushed(bot: Bot, form: dict[str, Any], values: dict[str, Any]) -> Any:
    reply = bot.send.submit_view(
        callback_id=form["callback_id"],
        values=values,
        user_id=EDITOR,
        private_metadata=form["private_metadata"],
    )
    bot.settle()
    return reply


def words_on(form: dict[str, Any]) -> list[str]:
    """Each item's heading and words, as the form shows them."""
    return [block["text"]["text"] for block in item_rows(form)]


def uids(form: dict[str, Any]) -> list[str]:
    return [block["block_id"].split("_")[-1] for block in item_rows(form)]
