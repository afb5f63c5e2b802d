"""Block Kit limits, the generated method table, and smaller wire details."""

from __future__ import annotations

import json

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.standin import SlackStandIn, limits
from bot.standin.build_methods import build
from bot.standin.server import METHODS_FILE
from tests.paths import SLACK_SAMPLES

SPEC = SLACK_SAMPLES / "spec" / "slack_web_openapi_v2.json"


def _text(n: int, kind: str = "plain_text") -> dict:
    return {"type": kind, "text": "x" * n}


@pytest.mark.parametrize(
    ("block", "pointer"),
    [
        ({"type": "header", "text": _text(151)}, "/blocks/0/text/text"),
        ({"type": "context", "elements": [_text(1, "mrkdwn")] * 11}, "/blocks/0/elements"),
        (
            {
                "type": "actions",
                "elements": [
                    {"type": "button", "text": _text(1), "action_id": f"a{i}"} for i in range(26)
                ],
            },
            "/blocks/0/elements",
        ),
        (
            {
                "type": "section",
                "text": _text(10),
                "accessory": {"type": "button", "text": _text(76), "action_id": "a"},
            },
            "/blocks/0/accessory/text/text",
        ),
        ({"text": _text(1)}, "/blocks/0"),
    ],
)
def test_message_block_limits(block: dict, pointer: str) -> None:
    code, messages = limits.check_message("t", [block])
    assert code == "invalid_blocks"
    assert messages[0].startswith("[ERROR] ") and messages[0].endswith(f"[json-pointer:{pointer}]")


def test_limits_at_the_edge_are_accepted() -> None:
    blocks = [
        {"type": "header", "text": _text(150)},
        {"type": "section", "text": _text(3000, "mrkdwn")},
        {"type": "context", "elements": [_text(1, "mrkdwn")] * 10},
    ] * 16 + [{"type": "divider"}] * 2
    assert len(blocks) == 50
    assert limits.check_message("x" * 40_000, blocks) is None
    view = {"type": "modal", "title": _text(24), "blocks": [{"type": "divider"}] * 100}
    assert limits.check_view(view) == []


def test_committed_methods_json_matches_generator() -> None:
    methods = json.loads(METHODS_FILE.read_text())
    assert methods["files.getUploadURLExternal"]["required"] == ["filename", "length"]
    assert methods["files.completeUploadExternal"]["required"] == ["files"]
    assert "metadata" in methods["chat.postMessage"]["args"]
    assert "token" not in methods["chat.postMessage"]["args"]


@pytest.mark.reference
def test_committed_methods_json_is_what_the_generator_makes_of_slacks_spec() -> None:
    methods = json.loads(METHODS_FILE.read_text())
    tiers = json.loads(SPEC.with_name("rate_limit_tiers.json").read_text())
    assert build(json.loads(SPEC.read_text()), tiers) == methods


def test_json_body_token_is_ignored_and_bad_json_refused(standin: SlackStandIn) -> None:
    import urllib.request

    def post(data: bytes, headers: dict) -> dict:
        req = urllib.request.Request(standin.url + "auth.test", data=data, headers=headers)
        with urllib.request.urlopen(req) as resp:
            return json.loads(resp.read())

    token = "xoxb-standin-test"
    assert (
        post(json.dumps({"token": token}).encode(), {"Content-Type": "application/json"})["error"]
        == "not_authed"
    )
    assert (
        post(b"{nope", {"Content-Type": "application/json", "Authorization": f"Bearer {token}"})[
            "error"
        ]
        == "invalid_json"
    )
    assert post(f"token={token}".encode(), {})["ok"] is True


def test_history_broadcast_and_upload_errors(standin: SlackStandIn, client: WebClient) -> None:
    parent = client.chat_postMessage(channel="C1", text="parent")["ts"]
    client.chat_postMessage(channel="C1", text="quiet reply", thread_ts=parent)
    client.chat_postMessage(channel="C1", text="loud reply", thread_ts=parent, reply_broadcast=True)
    history = client.conversations_history(channel="C1")["messages"]
    assert [m["text"] for m in history] == ["loud reply", "parent"]  # newest first
    assert standin.message("C1", parent)["reply_count"] == 2
    with pytest.raises(SlackApiError, match="thread_not_found"):
        client.conversations_replies(channel="C1", ts="1.000000")
    file_id = client.files_getUploadURLExternal(filename="a.txt", length=3)["file_id"]
    with pytest.raises(SlackApiError, match="file_not_found"):  # never uploaded
        client.files_completeUploadExternal(files=[{"id": file_id, "title": "a"}])
    with pytest.raises(SlackApiError, match="invalid_arguments"):
        client.api_call("files.getUploadURLExternal", params={"filename": "a", "length": "many"})


def test_an_images_alt_text_is_kept_up_to_slacks_limit(
    standin: SlackStandIn, client: WebClient
) -> None:
    said = "Each response's publication against its statutory deadline. " * 16  # 960 characters
    file_id = client.files_getUploadURLExternal(filename="c.png", length=3, alt_txt=said)["file_id"]
    assert standin.workspace.files[file_id]["alt_txt"] == said
    with pytest.raises(SlackApiError, match="alt_txt_too_large"):
        client.files_getUploadURLExternal(filename="c.png", length=3, alt_txt="x" * 1001)
    # Shared, the image's file object carries its description, as Slack's file shape does.
    shared = client.files_upload_v2(
        channel="C1", file_uploads=[{"filename": "d.png", "content": b"png", "alt_txt": said}]
    )
    assert shared["files"][0]["alt_txt"] == said
    assert standin.messages["C1"][-1]["files"][0]["alt_txt"] == said
