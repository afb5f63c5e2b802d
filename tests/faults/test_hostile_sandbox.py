"""The sandbox server against hostile input (docs/rules.md#r24): a body over its limit and a message
over Slack's 40,000 characters get its one-line JSON refusal (never a 500 and a traceback), a shared
file is served only as a download under an unguessable ID, and the page runs under a
Content-Security-Policy (tests/bot/runtime/sandbox/test_story_in_a_browser.py checks in Chromium
that the page still works under it)."""

from __future__ import annotations

import base64
import http.client
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.runtime.sandbox import cast
from bot.runtime.sandbox.page import MAX_BODY_BYTES
from tests.bot.runtime.sandbox.conftest import Running, start_sandbox
from tests.bot.runtime.sandbox.test_page import request
from tests.faults import hostile
from tests.faults.conftest import Probe

OFFICER = cast.OFFICER.user_id
SLACK_FILE_ID = re.compile(r"F[0-9A-Z]{10}")


@pytest.fixture
def sandbox(tmp_path: Path, migrated_sqlite_file: Path) -> Iterator[Running]:
    running = start_sandbox(tmp_path, migrated=migrated_sqlite_file)
    yield running
    running.stop()


def raw_get(running: Running, path: str) -> http.client.HTTPResponse:
    port = int(running.url.rstrip("/").rsplit(":", 1)[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    reply = connection.getresponse()
    reply.read()
    connection.close()
    return reply


def one_line_json_refusal(status: int, body: Any) -> bool:
    return isinstance(body, dict) and set(body) == {"error"} and "\n" not in body["error"]


@pytest.mark.parametrize("characters", [40_001, 45_000, 3 * 1024 * 1024])
def test_a_message_over_slacks_40000_characters_is_refused_as_slack_does(
    sandbox: Running, characters: int, probe: Probe
) -> None:
    status, body = request(
        sandbox.url, "POST", "/sandbox/send", {"as": OFFICER, "text": "x" * characters}
    )
    probe.tried += 1
    probe.refused += int(status == 400)
    assert status == 400
    assert one_line_json_refusal(status, body)
    assert body["error"].startswith("msg_too_long: Slack takes a message of up to 40,000")
    assert f"{characters:,}" in body["error"]


def test_a_message_of_exactly_40000_characters_is_sent(sandbox: Running) -> None:
    status, _body = request(
        sandbox.url, "POST", "/sandbox/send", {"as": OFFICER, "text": "x" * 40_000}
    )
    assert status == 200


def test_a_body_over_the_limit_gets_the_one_line_json_refusal(
    sandbox: Running, probe: Probe
) -> None:
    status, body = request(
        sandbox.url, "POST", "/sandbox/send", b"{" + b" " * MAX_BODY_BYTES + b"}"
    )
    probe.tried += 1
    probe.refused += int(status == 413)
    assert status == 413
    assert one_line_json_refusal(status, body)


def upload(running: Running, name: str, data: bytes, mimetype: str) -> str:
    before = set(running.sandbox.standin.files)
    status, _ = request(
        running.url,
        "POST",
        "/sandbox/upload",
        {
            "as": OFFICER,
            "filename": name,
            "data": base64.b64encode(data).decode(),
            "mimetype": mimetype,
        },
    )
    assert status == 200
    [file_id] = set(running.sandbox.standin.files) - before
    return file_id


def test_an_uploaded_svg_is_only_ever_a_download_under_an_unguessable_id(
    sandbox: Running, probe: Probe
) -> None:
    ids = [upload(sandbox, f"chart-{n}.svg", hostile.SVG, "image/svg+xml") for n in range(3)]
    probe.tried += 1
    assert all(SLACK_FILE_ID.fullmatch(file_id) for file_id in ids)
    assert len({file_id[1:6] for file_id in ids}) == 3, "no common, counting prefix"
    for path in (f"/sandbox/files/{ids[0]}", f"/sandbox/files/{ids[0]}?view=1"):
        served = raw_get(sandbox, path)
        assert served.status == 200
        assert served.getheader("Content-Type") == "application/octet-stream"
        assert (served.getheader("Content-Disposition") or "").startswith("attachment;")
        assert served.getheader("X-Content-Type-Options") == "nosniff"
        assert served.getheader("Content-Security-Policy") == "default-src 'none'; sandbox"
    probe.refused += 1


def test_a_picture_is_shown_as_one_and_still_runs_nothing(sandbox: Running) -> None:
    file_id = upload(sandbox, "photo.png", hostile.PNG, "image/png")
    served = raw_get(sandbox, f"/sandbox/files/{file_id}?view=1")
    assert served.getheader("Content-Type") == "image/png"
    assert served.getheader("X-Content-Type-Options") == "nosniff"
    assert served.getheader("Content-Security-Policy") == "default-src 'none'; sandbox"


def test_the_page_has_a_content_security_policy_and_no_inline_script(sandbox: Running) -> None:
    page = raw_get(sandbox, "/")
    policy = page.getheader("Content-Security-Policy") or ""
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
