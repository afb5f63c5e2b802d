"""Injected faults look like Slack's; slack_sdk's retry handlers react as in production."""

from __future__ import annotations

import http.client
import json
import time
import urllib.request
from urllib.parse import urlsplit

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.standin import SlackStandIn

from .conftest import TOKEN


def test_429_then_success_honours_retry_after(standin: SlackStandIn, client: WebClient) -> None:
    standin.fail_next("chat.postMessage", status=429, retry_after=1)
    started = time.monotonic()
    assert client.chat_postMessage(channel="C1", text="x")["ok"]
    assert time.monotonic() - started >= 1.0  # slack_sdk waited Retry-After
    assert [c.outcome for c in standin.calls_to("chat.postMessage")] == ["429", "ok"]
    assert len(standin.messages["C1"]) == 1


def test_429_wire_format_is_slacks(standin: SlackStandIn) -> None:
    standin.fail_next("auth.test", status=429, retry_after=7)
    url = urlsplit(standin.url)
    conn = http.client.HTTPConnection(url.hostname, url.port)
    conn.request("POST", url.path + "auth.test", headers={"Authorization": f"Bearer {TOKEN}"})
    resp = conn.getresponse()
    assert resp.status == 429 and resp.getheader("Retry-After") == "7"
    assert resp.read() == b'{"ok":false,"error":"ratelimited"}'
    conn.close()


def test_500_twice_then_success(standin: SlackStandIn, client: WebClient) -> None:
    standin.fail_next("chat.postMessage", status=500, times=2)
    assert client.chat_postMessage(channel="C1", text="x")["ok"]
    assert [c.outcome for c in standin.calls_to("chat.postMessage")] == ["500", "500", "ok"]


def test_503_beyond_retries_surfaces(standin: SlackStandIn, client: WebClient) -> None:
    standin.fail_next("chat.postMessage", status=503, times=3)
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="C1", text="x")
    assert err.value.response.status_code == 503
    assert "C1" not in standin.messages


def test_drop_before_processing_is_retried_without_duplicate(
    standin: SlackStandIn, client: WebClient
) -> None:
    standin.drop_next("chat.postMessage")
    client.chat_postMessage(channel="C1", text="x")
    assert [c.outcome for c in standin.calls_to("chat.postMessage")] == ["dropped", "ok"]
    assert len(standin.messages["C1"]) == 1


def test_drop_after_processing_duplicates_on_retry(
    standin: SlackStandIn, client: WebClient
) -> None:
    """The real hazard: Slack posted it, the answer was lost, the SDK retried, two messages."""
    standin.drop_next("chat.postMessage", after_processing=True)
    client.chat_postMessage(channel="C1", text="only once, please")
    assert [c.outcome for c in standin.calls_to("chat.postMessage")] == ["dropped", "ok"]
    assert [m["text"] for m in standin.messages["C1"]] == ["only once, please"] * 2


def test_drop_without_retry_handler_raises(standin: SlackStandIn) -> None:
    standin.drop_next("auth.test")
    with pytest.raises((ConnectionError, OSError)):
        WebClient(base_url=standin.url, token=TOKEN, retry_handlers=[]).auth_test()


def test_error_next(standin: SlackStandIn, client: WebClient) -> None:
    standin.error_next("chat.postMessage", error="not_in_channel", times=2)
    for _ in range(2):
        with pytest.raises(SlackApiError, match="not_in_channel"):
            client.chat_postMessage(channel="C1", text="x")
    assert client.chat_postMessage(channel="C1", text="x")["ok"]
    assert [c.outcome for c in standin.calls_to("chat.postMessage")] == [
        "error:not_in_channel",
        "error:not_in_channel",
        "ok",
    ]


def test_enforce_rate_per_channel() -> None:
    now = [100.0]
    with SlackStandIn(token=TOKEN, clock=lambda: now[0]) as standin:
        client = WebClient(base_url=standin.url, token=TOKEN, retry_handlers=[])
        standin.enforce_rate("chat.postMessage", per_channel_per_second=1.0)
        client.chat_postMessage(channel="C1", text="1")
        client.chat_postMessage(channel="C1", text="2: a short burst is allowed")
        client.chat_postMessage(channel="C2", text="other channel is fine")
        with pytest.raises(SlackApiError) as err:
            client.chat_postMessage(channel="C1", text="3")
        assert err.value.response.status_code == 429
        assert err.value.response.headers["retry-after"] == "1"
        now[0] += 1.0
        client.chat_postMessage(channel="C1", text="4")
        with pytest.raises(SlackApiError):  # one a second, once the burst is spent
            client.chat_postMessage(channel="C1", text="5")
        texts = [m["text"] for m in standin.messages["C1"]]
        assert texts == ["1", "2: a short burst is allowed", "4"]


def test_response_url_is_recorded_and_applied(standin: SlackStandIn, client: WebClient) -> None:
    ts = client.chat_postMessage(channel="C1", text="vote")["ts"]
    url = standin.response_url("action", channel="C1", user="U1", message_ts=ts)
    assert url.startswith(standin.base + "response/action/")

    def post(body: dict) -> tuple[int, str]:
        req = urllib.request.Request(
            url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(req) as resp:
            return resp.status, resp.read().decode()

    assert post({"text": "only you", "response_type": "ephemeral"}) == (200, "ok")
    assert post({"text": "voted", "replace_original": True}) == (200, "ok")
    assert post({"text": "for all", "response_type": "in_channel"}) == (200, "ok")
    calls = standin.wait_for("response_url", count=3)
    assert calls[1].args["replace_original"] is True and calls[1].path.startswith("/response/")
    assert standin.message("C1", ts)["text"] == "voted"
    assert standin.ephemerals[0]["text"] == "only you" and standin.ephemerals[0]["user"] == "U1"
    assert [m["text"] for m in standin.messages["C1"]] == ["voted", "for all"]
    post({"delete_original": True})
    assert standin.message("C1", ts) is None


def test_wait_for_times_out_with_listing(standin: SlackStandIn, client: WebClient) -> None:
    client.auth_test()
    with pytest.raises(
        AssertionError, match=r"(?s)expected 1 call\(s\) to chat.postMessage.*auth.test"
    ):
        standin.wait_for("chat.postMessage", timeout=0.05)


def test_reset_forgets_everything(standin: SlackStandIn, client: WebClient) -> None:
    client.chat_postMessage(channel="C1", text="x")
    standin.fail_next("auth.test", status=500)
    standin.reset()
    assert standin.calls == [] and standin.messages == {}
    assert client.auth_test()["ok"]
