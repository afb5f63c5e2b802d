"""The stand-in plays Socket Mode as Slack does, to the SDK client Bolt uses (slack_sdk builtin)."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.builtin import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from bot.standin import SignedSlackRequests, SlackStandIn

from .conftest import TOKEN

APP_TOKEN = "xapp-1-A0APP0001-standin"
SAMPLES = Path(__file__).parents[3] / "bot" / "standin" / "payloads"


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn(token=TOKEN, app_token=APP_TOKEN) as server:
        yield server


@pytest.fixture
def app_client(slack: SlackStandIn) -> Iterator[SocketModeClient]:
    """The SDK's Socket Mode client, acknowledging every envelope with a payload naming it."""
    frames: list[dict[str, Any]] = []
    client = SocketModeClient(
        app_token=APP_TOKEN,
        web_client=WebClient(token=TOKEN, base_url=slack.url),
        ping_interval=1,  # a dead line is noticed after five failed pings
    )

    def answer(client: SocketModeClient, request: SocketModeRequest) -> None:
        payload = {"text": f"got {request.type}"}
        client.send_socket_mode_response(SocketModeResponse(request.envelope_id, payload))

    client.socket_mode_request_listeners.append(answer)
    client.message_listeners.append(lambda _client, message, _raw: frames.append(message))
    client.frames = frames  # type: ignore[attr-defined]
    client.connect()
    try:
        yield client
    finally:
        client.close()


def opened(slack: SlackStandIn, token: str, *, as_form: bool = False) -> dict[str, Any]:
    """apps.connections.open with ``token`` in the Authorization header (or as a form field)."""
    request = urllib.request.Request(
        slack.url + "apps.connections.open",
        data=f"token={token}".encode() if as_form else b"",
        headers={} if as_form else {"Authorization": f"Bearer {token}"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=5) as answer:
        return json.loads(answer.read())


def test_apps_connections_open_gives_a_one_use_loopback_websocket_url(
    slack: SlackStandIn,
) -> None:
    url = opened(slack, APP_TOKEN)["url"]
    assert url.startswith("ws://127.0.0.1:") and "/link/?ticket=" in url
    assert url.endswith("&app_id=A0APP0001")
    with connect(url) as first:
        assert json.loads(first.recv(timeout=5))["type"] == "hello"
    with pytest.raises(InvalidStatus):
        connect(url)  # the ticket is spent


@pytest.mark.parametrize(
    ("token", "as_form", "error"),
    [
        ("xapp-1-A0APP0001-other", False, "invalid_auth"),
        (TOKEN, False, "not_allowed_token_type"),  # the bot token, where an app token belongs
        ("xoxb-someone-else", False, "invalid_auth"),
        (APP_TOKEN, True, "not_authed"),  # Slack takes it from the Authorization header only
    ],
)
def test_apps_connections_open_refuses_other_tokens_as_slack_does(
    slack: SlackStandIn, token: str, as_form: bool, error: str
) -> None:
    assert opened(slack, token, as_form=as_form) == {"ok": False, "error": error}
    assert slack.socket_mode.opened == 0


def test_the_app_token_opens_connections_and_nothing_else(slack: SlackStandIn) -> None:
    client = WebClient(token=APP_TOKEN, base_url=slack.url)
    with pytest.raises(SlackApiError) as refused:
        client.chat_postMessage(channel="C1", text="hi")
    assert refused.value.response["error"] == "not_allowed_token_type"


def test_the_client_gets_hello_then_envelopes_and_its_acks_are_recorded(
    slack: SlackStandIn, app_client: SocketModeClient
) -> None:
    link = slack.socket_mode
    link.wait_for_connection()
    requests = SignedSlackRequests("unused", "unused")
    command = requests.slash_command_fields("help")
    envelope_id = link.send("slash_commands", command)
    ack = link.wait_for_ack(envelope_id)
    assert ack.payload == {"text": "got slash_commands"} and ack.connection == 1
    # The SDK hands frames to its listeners on a thread pool, so the order they are recorded in
    # is not the order they came in; that hello comes first on the wire is
    # test_an_envelope_sent_as_soon_as_the_app_connects_comes_after_hello's.
    frames: list[dict[str, Any]] = app_client.frames  # type: ignore[attr-defined]
    deadline = time.monotonic() + 10
    while len(frames) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    (hello,) = [frame for frame in frames if frame["type"] == "hello"]
    assert hello["connection_info"] == {"app_id": "A0APP0001"}
    sent = link.sent[0]
    sample = json.loads((SAMPLES / "socket_mode_envelope_slash_commands.json").read_text())
    assert set(sent) == set(sample) and sent["accepts_response_payload"] is True
    assert sent["payload"] == command and set(command) <= set(sample["payload"])


def test_an_envelope_sent_as_soon_as_the_app_connects_comes_after_hello(
    slack: SlackStandIn,
) -> None:
    for number in range(1, 21):
        with connect(opened(slack, APP_TOKEN)["url"]) as app:
            # By number, not by the count so far: the handshake is done before the stand-in's
            # session has counted it, and the last round's connection may still be live.
            slack.socket_mode.wait_for_connection(number)
            slack.socket_mode.send("events_api", {"type": "event_callback"})
            assert json.loads(app.recv(timeout=5))["type"] == "hello"
            assert json.loads(app.recv(timeout=5))["type"] == "events_api"


def test_an_ack_frame_as_slack_documents_it_is_recorded_with_its_payload(
    slack: SlackStandIn,
) -> None:
    sample = json.loads((SAMPLES / "socket_mode_ack_with_payload.json").read_text())
    with connect(opened(slack, APP_TOKEN)["url"]) as app:
        app.recv(timeout=5)  # hello
        envelope_id = slack.socket_mode.send("events_api", {"type": "event_callback"})
        assert json.loads(app.recv(timeout=5))["envelope_id"] == envelope_id
        app.send(json.dumps({**sample, "envelope_id": envelope_id}))
        ack = slack.socket_mode.wait_for_ack(envelope_id)
    assert ack.payload == sample["payload"]


@pytest.mark.parametrize("how", ["disconnect", "drop"])
def test_after_a_disconnect_or_a_dropped_line_the_client_reconnects_with_a_new_url(
    slack: SlackStandIn, app_client: SocketModeClient, how: str
) -> None:
    link = slack.socket_mode
    link.wait_for_connection()
    getattr(link, how)()
    link.wait_for_connection(count=2, timeout=30)
    assert len(slack.wait_for("apps.connections.open", count=2)) == 2
    envelope_id = link.send("interactive", {"type": "block_actions", "actions": []})
    assert link.wait_for_ack(envelope_id).connection == 2
