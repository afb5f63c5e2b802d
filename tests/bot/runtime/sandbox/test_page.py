"""The sandbox page's server: loopback only, changes only from the page, a clear refusal for
bad input, and what the pretend Slack holds kept across a restart. The clock control exists
in the sandbox alone."""

from __future__ import annotations

import http.client
import json
import re
import time
from typing import Any
from urllib.parse import urlsplit

import pytest

from bot.copy import HELP
from bot.runtime.sandbox import cast
from bot.runtime.sandbox.page import hints
from bot.runtime.sandbox.running import DamagedSave
from tests.e2e import Bot

OFFICER = cast.OFFICER.user_id


def request(
    url: str,
    method: str,
    path: str,
    body: Any = None,
    *,
    headers: dict[str, str] | None = None,
) -> tuple[int, Any]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    sent = {"Content-Type": "application/json", "X-Sandbox-Request": "1", **(headers or {})}
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    conn.request(method, path, body=raw, headers=sent)
    reply = conn.getresponse()
    data = reply.read()
    conn.close()
    kind = reply.getheader("Content-Type") or ""
    return reply.status, json.loads(data) if kind == "application/json" else data


def screen_of(url: str, user: str = OFFICER) -> dict[str, Any]:
    status, screen = request(url, "GET", f"/sandbox/screen?as={user}&version=-1&since=0")
    assert status == 200
    return screen


def channel_text(url: str, user: str = OFFICER) -> str:
    return str(screen_of(url, user)["channel"])


def wait_for(found: Any, timeout: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := found():
            return value
        time.sleep(0.05)
    raise AssertionError("waited in vain")


def test_every_part_listens_on_loopback_only(sandbox_in: Any) -> None:
    running = sandbox_in()
    for url in (running.url, running.sandbox.standin.base):
        assert urlsplit(url).hostname == "127.0.0.1"
    assert running.sandbox._bot_server.url.startswith("http://127.0.0.1:")


def test_a_page_addressed_by_another_name_is_refused(sandbox_in: Any) -> None:
    # A web page elsewhere that points its own host name at 127.0.0.1 (DNS rebinding) gets no
    # answer it could read.
    running = sandbox_in()
    status, answer = request(running.url, "GET", "/", headers={"Host": "evil.example:3000"})
    assert status == 403 and "127.0.0.1" in answer["error"]


def test_changes_come_only_from_the_page_itself(sandbox_in: Any) -> None:
    running = sandbox_in()
    status, answer = request(
        running.url,
        "POST",
        "/sandbox/clock",
        {"as": OFFICER, "days": 1},
        headers={"X-Sandbox-Request": ""},
    )
    assert status == 403 and answer == {"error": "changes come only from the sandbox page"}
    assert "Tue 10 Nov 2026" in running.sandbox.clock_text()


def test_bad_requests_get_a_clear_refusal_and_change_nothing(sandbox_in: Any) -> None:
    running = sandbox_in()
    cases = [
        ("/sandbox/send", {"as": "U0NOBODY", "text": "hi"}, "choose who you are"),
        ("/sandbox/clock", {"as": OFFICER, "days": 0}, "move the clock by 1 to 120 days"),
        ("/sandbox/clock", {"as": OFFICER, "days": "lots"}, "move the clock by 1 to 120 days"),
        ("/sandbox/click", {"as": OFFICER, "where": {}}, "surface is missing"),
        ("/sandbox/upload", {"as": OFFICER, "data": "%%%"}, "did not arrive whole"),
        ("/sandbox/explode", {"as": OFFICER}, "no such action"),
        ("/sandbox/_init__", {"as": OFFICER}, "no such action"),
        ("/sandbox/_setattr__", {"as": OFFICER}, "no such action"),
        ("/sandbox/clock", {"as": OFFICER, "days": True}, "move the clock by 1 to 120 days"),
        (
            "/sandbox/submit",
            {"as": OFFICER, "view_id": "V1", "form": {"title/title_input": {"x": 1}}},
            "a form's fields are text",
        ),
        ("/sandbox/submit", {"as": OFFICER, "view_id": "V0NOPE"}, "no longer open"),
        ("/sandbox/close", {"as": OFFICER, "view_id": "V0NOPE"}, "no longer open"),
        (
            "/sandbox/click",
            {
                "as": OFFICER,
                "where": {"surface": "message", "ts": "1.000001"},
                "action_id": "card_menu",
                "block_id": "card_title",
            },
            "no longer there",
        ),
        ("/sandbox/send", {"as": OFFICER, "text": "hi", "thread": "1.000001"}, "not in the"),
    ]
    for path, body, said in cases:
        status, answer = request(running.url, "POST", path, body)
        assert status in (400, 404) and said in answer["error"], (path, answer)
    for body in (b"{not json", b"[" * 100_000):
        status, answer = request(running.url, "POST", "/sandbox/send", body)
        assert status == 400 and answer["error"] == "the request was not JSON"
    assert "Tue 10 Nov 2026" in running.sandbox.clock_text()


def test_typed_text_reaches_the_bot_escaped_as_slack_escapes_it(sandbox_in: Any) -> None:
    running = sandbox_in()
    request(running.url, "POST", "/sandbox/send", {"as": OFFICER, "text": "Tea & <!here>"})
    [typed] = [
        m for m in running.sandbox.standin.messages[cast.CHANNEL] if m.get("user") == OFFICER
    ]
    assert typed["text"] == "Tea &amp; &lt;!here&gt;"  # text, never a mention


def test_a_damaged_save_stops_the_start_with_the_way_out(sandbox_in: Any, tmp_path: Any) -> None:
    (tmp_path / "sandbox-slack.json").write_text('{"clock_offset": "abc"}')
    with pytest.raises(DamagedSave) as damaged:
        sandbox_in(tmp_path)
    assert str(damaged.value) == (
        "sandbox-slack.json cannot be read (no clock in it): delete it and sandbox.db to start "
        "the sandbox afresh"
    )


def test_the_message_box_suggests_every_sub_command_the_bots_help_names() -> None:
    named = set(re.findall(r"`/s55 (\w+)", HELP)) | set(re.findall(r"\(or `(\w+)`\)", HELP))
    named -= {"pcc"}  # `/s55 revise S55-1 cc` (or `pcc`): an argument, not a sub-command
    suggested = {hint["fill"].split(" ")[1] for hint in hints()}
    assert "afis" in named
    assert named <= suggested
    assert len({hint["fill"] for hint in hints()}) == len(hints())  # each once


def test_reloading_the_page_closes_an_open_modal_as_slacks_client_does(sandbox_in: Any) -> None:
    running = sandbox_in()
    request(running.url, "POST", "/sandbox/send", {"as": OFFICER, "text": "/s55 new"})
    wait_for(lambda: screen_of(running.url)["modal"]["key"])
    status, _ = request(running.url, "GET", f"/?as={OFFICER}")
    assert status == 200
    assert screen_of(running.url)["modal"] == {"key": "", "html": ""}


def test_a_command_that_is_not_the_bots_gets_slacks_own_answer(sandbox_in: Any) -> None:
    running = sandbox_in()
    request(running.url, "POST", "/sandbox/send", {"as": OFFICER, "text": "/giphy cats"})
    assert "/giphy is not a valid command" in channel_text(running.url)


def test_what_slack_holds_survives_a_restart_and_the_bot_goes_on_editing_its_card(
    sandbox_in: Any, tmp_path: Any
) -> None:
    first = sandbox_in(tmp_path)
    text = "/s55 add Police response to fraud | 1 October 2026"
    request(first.url, "POST", "/sandbox/send", {"as": OFFICER, "text": text})
    wait_for(lambda: "S55-1 · Police response to fraud" in channel_text(first.url))
    before = screen_of(first.url)
    first.stop()

    again = sandbox_in(tmp_path)
    assert "S55-1 · Police response to fraud" in channel_text(again.url)
    # Its screens count versions from 0 again, under another run: an open page, which drops
    # a screen older than the one it shows, knows not to compare the two runs' versions.
    after = screen_of(again.url)
    assert after["run"] != before["run"] and after["version"] < before["version"]
    request(
        again.url, "POST", "/sandbox/send", {"as": OFFICER, "text": "/s55 withdraw S55-1 a test"}
    )
    wait_for(lambda: "Withdrawn" in channel_text(again.url))
    cards = [m for m in again.sandbox.standin.messages[cast.CHANNEL] if "S55-1" in str(m)]
    assert len([m for m in cards if "thread_ts" not in m or m["thread_ts"] == m["ts"]]) == 1


def test_a_file_shared_in_a_thread_reaches_the_bot_and_downloads_whole(sandbox_in: Any) -> None:
    running = sandbox_in()
    request(
        running.url,
        "POST",
        "/sandbox/send",
        {"as": OFFICER, "text": "/s55 add Police response to fraud | 1 October 2026"},
    )
    card = wait_for(lambda: _card_ts(running))
    # As a person would, the CC's office answers once asked: the request in the card's thread
    # comes just after the card (a file shared before it was a race this test used to lose).
    wait_for(
        lambda: any(
            "Chief Constable's response" in (m.get("text") or "") for m in _thread(running, card)
        )
    )
    data = b"The Constabulary accepts this recommendation." + b" " * 3_000_000  # over 2 MiB
    status, _ = request(
        running.url,
        "POST",
        "/sandbox/upload",
        {
            "as": cast.CC_STAFF.user_id,
            "thread": card,
            "filename": "cc-response.txt",
            "mimetype": "text/plain",
            "data": __import__("base64").b64encode(data).decode(),
        },
    )
    assert status == 200
    shared = wait_for(lambda: [m for m in _thread(running, card) if m.get("files")])
    file_id = shared[0]["files"][0]["id"]
    assert request(running.url, "GET", f"/sandbox/files/{file_id}")[1] == data
    # The bot reads the file as it reads one in Slack: the CC's draft now holds its text.
    wait_for(
        lambda: any(
            "(with `cc-response.txt`" in (m.get("text") or "") for m in _thread(running, card)
        )
    )


def test_a_reply_after_a_restart_reaches_the_bot_as_the_ones_before_did(
    sandbox_in: Any, tmp_path: Any
) -> None:
    # Slack never reuses an event id, and the bot drops one it has seen (a redelivery): a
    # restarted sandbox must not number its events from 1 again.
    first = sandbox_in(tmp_path)
    say = {"as": OFFICER, "text": "/s55 add Police response to fraud | 1 October 2026"}
    request(first.url, "POST", "/sandbox/send", say)
    card = wait_for(lambda: _card_ts(first))
    wait_for(lambda: _thread_says(first, card, "Chief Constable's response"))  # asked first
    _reply_as_cc(first, card, "The Constabulary accepts the recommendation.")
    wait_for(lambda: _thread_says(first, card, "I have 1 message"))
    first.stop()

    again = sandbox_in(tmp_path)
    _reply_as_cc(again, card, "A plan is in place by March.")
    wait_for(lambda: _thread_says(again, card, "I have 2 messages"))


def _reply_as_cc(running: Any, card: str, text: str) -> None:
    said = {"as": cast.CC_STAFF.user_id, "text": text, "thread": card}
    assert request(running.url, "POST", "/sandbox/send", said)[0] == 200


def _thread_says(running: Any, card: str, words: str) -> bool:
    return any(words in (m.get("text") or "") for m in _thread(running, card))


def test_the_clock_control_does_not_exist_in_the_bot_that_serves_slack(bot: Bot) -> None:
    # `s55bot serve` runs exactly this app; the sandbox's paths are unknown to it.
    for method, path in (("POST", "/sandbox/clock"), ("GET", "/sandbox/screen"), ("GET", "/")):
        status, _ = request(bot.server.url, method, path, {"as": OFFICER, "days": 1})
        assert status == 404, path


def _card_ts(running: Any) -> str | None:
    messages = running.sandbox.standin.messages.get(cast.CHANNEL, [])
    return next((m["ts"] for m in messages if "S55-1" in json.dumps(m.get("blocks"))), None)


def _thread(running: Any, ts: str) -> list[dict[str, Any]]:
    messages = running.sandbox.standin.messages.get(cast.CHANNEL, [])
    return [m for m in messages if m.get("thread_ts") == ts and m["ts"] != ts]
