"""The stand-in plays files.info and the private download of a file like Slack does."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.standin import SlackStandIn
from tests.paths import SLACK_SAMPLES

from .conftest import TOKEN

SPEC = SLACK_SAMPLES / "spec" / "slack_web_openapi_v2.json"
# What Slack's Web API spec requires of a files.info answer (checked against the spec itself in
# the reference group, below).
FILES_INFO_REQUIRED = ["ok", "file", "comments"]


@pytest.mark.reference
def test_the_required_keys_of_files_info_are_the_specs() -> None:
    spec = json.loads(SPEC.read_text())
    required = spec["paths"]["/files.info"]["get"]["responses"]["200"]["schema"]["required"]
    assert sorted(required) == sorted(FILES_INFO_REQUIRED)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # let the 302 itself reach the test


def _get(url: str, token: str | None = None, follow: bool = True) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url)
    if token is not None:
        req.add_unredirected_header("Authorization", f"Bearer {token}")
    handlers = [] if follow else [_NoRedirect()]
    try:
        with urllib.request.build_opener(*handlers).open(req, timeout=5) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def _shared(standin: SlackStandIn, data: bytes = b"The response.") -> dict[str, Any]:
    return standin.workspace.share_file("U0CC", "response.docx", data, DOCX)


def test_files_info_answers_the_spec_shape_for_a_shared_file(
    standin: SlackStandIn, client: WebClient
) -> None:
    shared = _shared(standin)
    answer = client.files_info(file=shared["id"]).data
    assert all(key in answer for key in FILES_INFO_REQUIRED)
    assert answer["comments"] == [] and answer["response_metadata"] == {"next_cursor": ""}
    file = answer["file"]
    assert (file["id"], file["name"], file["size"]) == (shared["id"], "response.docx", 13)
    assert (file["user"], file["mimetype"], file["filetype"]) == ("U0CC", DOCX, "docx")
    base = f"{standin.base}files-pri/T0001-{shared['id']}"
    assert file["url_private"] == f"{base}/response.docx"
    assert file["url_private_download"] == f"{base}/download/response.docx"


def test_files_info_knows_what_the_bot_uploaded(standin: SlackStandIn, client: WebClient) -> None:
    uploaded = client.files_upload_v2(content="the document", filename="doc.txt", channel="C1")
    file_id = uploaded["files"][0]["id"]
    file = client.files_info(file=file_id)["file"]
    assert file["id"] == file_id and file["size"] == len("the document")
    assert _get(file["url_private_download"], TOKEN)[2] == b"the document"


def test_files_info_refuses_an_unknown_or_missing_file(client: WebClient) -> None:
    with pytest.raises(SlackApiError) as unknown:
        client.files_info(file="F0NOPE")
    assert unknown.value.response["error"] == "file_not_found"
    with pytest.raises(SlackApiError) as missing:
        client.api_call("files.info", params={})
    assert missing.value.response["error"] == "invalid_arguments"


def test_the_download_with_the_bot_token_is_the_file(standin: SlackStandIn) -> None:
    data = bytes(range(256)) * 100
    shared = _shared(standin, data)
    status, headers, body = _get(shared["url_private_download"], TOKEN)
    assert (status, body, headers["Content-Type"]) == (200, data, DOCX)
    assert _get(shared["url_private"], TOKEN)[2] == data
    call = standin.wait_for("files.download")[0]
    assert call.outcome == "ok" and call.args == {"file_id": shared["id"], "download": True}


@pytest.mark.parametrize("token", [None, "xoxb-someone-else"])
def test_without_the_token_slack_sends_to_its_sign_in_page(
    standin: SlackStandIn, token: str | None
) -> None:
    url = _shared(standin)["url_private_download"]
    status, headers, body = _get(url, token, follow=False)
    assert status == 302 and headers["Location"].startswith(standin.base + "?redir=%2Ffiles-pri")
    assert b"Found" in body
    # Followed, as browsers and most HTTP clients do: a web page answered 200, not the file.
    status, headers, body = _get(url, token)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert body.startswith(b"<!DOCTYPE html>")
    assert standin.calls_to("files.download")[0].outcome == "error:login_redirect"


def test_an_unknown_file_is_not_found(standin: SlackStandIn) -> None:
    assert _get(f"{standin.base}files-pri/T0001-F0NOPE/download/x.txt", TOKEN)[0] == 404
    assert _get(f"{standin.base}files-pri/T0002-F0NOPE/x.txt", TOKEN)[0] == 404


def test_faults_can_be_injected_into_the_download(standin: SlackStandIn) -> None:
    url = _shared(standin)["url_private_download"]
    standin.fail_next("files.download", status=500)
    assert _get(url, TOKEN)[0] == 500
    standin.drop_next("files.download")
    with pytest.raises((urllib.error.URLError, ConnectionError)):
        _get(url, TOKEN)
    assert _get(url, TOKEN)[0] == 200
    outcomes = [c.outcome for c in standin.calls_to("files.download")]
    assert outcomes == ["500", "dropped", "ok"]


def test_a_restored_workspace_serves_its_files_at_its_own_address(standin: SlackStandIn) -> None:
    shared = _shared(standin, b"kept")
    saved = standin.workspace.snapshot()
    with SlackStandIn(token=TOKEN) as again:
        again.workspace.restore(saved)
        file = again.workspace.call("files.info", {"file": shared["id"]})["file"]
        assert file["url_private"].startswith(again.base)
        assert _get(file["url_private_download"], TOKEN)[2] == b"kept"
