"""What the stand-in keeps for the people using it (the sandbox plays their Slack client):
trigger_ids that work once for three seconds, each person's stack of modals, ephemeral
messages an action's response_url replaces, and the whole workspace kept across a restart."""

from __future__ import annotations

import time

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.standin import SlackStandIn
from bot.standin import workspace as ws

MODAL = {
    "type": "modal",
    "title": {"type": "plain_text", "text": "Edit"},
    "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}],
}


def test_a_trigger_opens_one_modal_for_the_person_it_was_issued_to(
    standin: SlackStandIn, client: WebClient
) -> None:
    trigger = standin.workspace.issue_trigger("U1")
    opened = client.views_open(trigger_id=trigger, view=MODAL)["view"]
    assert [v["id"] for v in standin.workspace.modal_stack("U1")] == [opened["id"]]
    assert standin.workspace.modal_stack("U2") == []
    with pytest.raises(SlackApiError) as used:
        client.views_open(trigger_id=trigger, view=MODAL)
    assert used.value.response["error"] == "exchanged_trigger_id"


def test_a_trigger_expires_after_three_seconds(
    standin: SlackStandIn, client: WebClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    trigger = standin.workspace.issue_trigger("U1")
    later = time.monotonic() + ws.TRIGGER_SECONDS + 0.1
    monkeypatch.setattr(ws.time, "monotonic", lambda: later)
    with pytest.raises(SlackApiError) as late:
        client.views_open(trigger_id=trigger, view=MODAL)
    assert late.value.response["error"] == "expired_trigger_id"


def test_views_stack_up_to_three_and_submissions_close_update_or_clear_them(
    standin: SlackStandIn, client: WebClient
) -> None:
    space = standin.workspace
    first = client.views_open(trigger_id=space.issue_trigger("U1"), view=MODAL)["view"]["id"]
    for _ in range(2):
        client.views_push(trigger_id=space.issue_trigger("U1"), view=MODAL)
    with pytest.raises(SlackApiError) as full:
        client.views_push(trigger_id=space.issue_trigger("U1"), view=MODAL)
    assert full.value.response["error"] == "push_limit_reached"
    top = space.modal_stack("U1")[-1]["id"]
    errors = space.answer_submission(
        "U1", top, {"response_action": "errors", "errors": {"b": "no"}}
    )
    assert errors == {"b": "no"} and len(space.modal_stack("U1")) == 3
    assert space.answer_submission("U1", top, {}) is None  # closes the one submitted
    assert len(space.modal_stack("U1")) == 2
    updated = {**MODAL, "title": {"type": "plain_text", "text": "Done"}}
    space.answer_submission("U1", first, {"response_action": "update", "view": updated})
    assert space.modal_stack("U1")[0]["title"]["text"] == "Done"
    space.answer_submission("U1", first, {"response_action": "clear"})
    assert space.modal_stack("U1") == []


def test_an_actions_response_url_replaces_the_ephemeral_message_it_came_from(
    standin: SlackStandIn, client: WebClient
) -> None:
    posted = client.chat_postEphemeral(channel="C1", user="U1", text="Sure?")["message_ts"]
    url = standin.response_url("action", channel="C1", user="U1", message_ts=posted)
    status, _ = standin.workspace.respond(
        url.removeprefix(standin.base.rstrip("/")), {"replace_original": True, "text": "Done"}
    )
    assert status == 200
    assert [e["text"] for e in standin.workspace.ephemerals_for("U1")] == ["Done"]


def test_the_workspace_is_kept_whole_across_a_restart(
    standin: SlackStandIn, client: WebClient
) -> None:
    client.chat_postMessage(channel="C1", text="card")
    standin.workspace.share_file("U1", "cc.txt", b"\x00bytes", "text/plain")
    saved = standin.workspace.snapshot()
    with SlackStandIn(token="xoxb-test") as again:
        again.workspace.restore(saved)
        assert [m["text"] for m in again.messages["C1"]] == ["card"]
        assert [f["data"] for f in again.files.values()] == [b"\x00bytes"]
        assert float(again.workspace.next_ts()) > float(again.messages["C1"][0]["ts"])


def test_message_ts_follow_a_given_clock_and_still_always_increase() -> None:
    with SlackStandIn(token="t", message_clock=lambda: 1715000000.0) as standin:
        first, second = standin.workspace.next_ts(), standin.workspace.next_ts()
    assert first == "1715000000.000000" and second == "1715000000.000001"
