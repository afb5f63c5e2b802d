"""Every button, menu and form our messages carry (an ``action_id`` or ``callback_id`` from
bot.ids that bot.render puts on an element) has a listener on the real Bolt app; only the
inputs a form reads when it is submitted (``…_INPUT``) need none."""

from __future__ import annotations

import ast
from typing import Any

import pytest
from slack_bolt import BoltRequest, BoltResponse

from bot import ids
from tests.e2e import Bot
from tests.paths import REPOSITORY


def rendered_ids() -> set[tuple[str, str]]:
    """(``action_id`` | ``callback_id``, the name in bot.ids) for every element bot.render
    builds with one."""
    found = set()
    for path in REPOSITORY.joinpath("bot", "render").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.keyword)
                and node.arg in ("action_id", "callback_id")
                and isinstance(node.value, ast.Attribute)
                and isinstance(node.value.value, ast.Name)
                and node.value.value.id == "ids"
            ):
                found.add((node.arg, node.value.attr))
    return found


def request_for(field: str, value: str) -> BoltRequest:
    body: dict[str, Any]
    if field == "action_id":
        body = {"type": "block_actions", "actions": [{"action_id": value, "block_id": "b"}]}
    else:
        body = {"type": "view_submission", "view": {"callback_id": value, "type": "modal"}}
    return BoltRequest(body=body, mode="socket_mode")


def test_the_walk_finds_the_buttons_and_forms() -> None:
    assert ("action_id", "CONFIRM_STEP") in rendered_ids()
    assert ("callback_id", "NEW_INSPECTION_VIEW") in rendered_ids()


@pytest.mark.parametrize("field, name", sorted(rendered_ids()), ids=lambda x: x)
def test_every_button_menu_and_form_has_a_listener(bot: Bot, field: str, name: str) -> None:
    value = getattr(ids, name)
    request = request_for(field, value)
    listened = any(
        listener.matches(req=request, resp=BoltResponse(status=200))
        for listener in bot.server_app._listeners
    )
    if name.endswith("_INPUT") and field == "action_id":
        return  # read on submission; those that act at once (dispatch_action) are listened to
    assert listened, f"ids.{name} ({value!r}) reaches no listener"
