"""A file a person shares arrives whole through files.info and its private URL, or a clear
refusal says why not; Slack not answering is "try again later"."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from slack_sdk import WebClient

from bot.domain.errors import UnreadableFile
from bot.settings import Settings, load_settings
from bot.slack.client import make_client
from bot.slack.files import (
    MAX_FILE_BYTES,
    FileNotReachable,
    FileRefused,
    SharedFile,
    download_shared_file,
)
from bot.standin import SlackStandIn

TOKEN = "xoxb-files-test"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(scope="module")
def standin() -> Iterator[SlackStandIn]:
    with SlackStandIn(token=TOKEN) as server:
        yield server


@pytest.fixture
def slack(standin: SlackStandIn) -> Iterator[SlackStandIn]:
    standin.reset()
    yield standin


@pytest.fixture
def settings(standin: SlackStandIn) -> Settings:
    return load_settings({"SLACK_BOT_TOKEN": TOKEN, "SLACK_API_URL": standin.url}, dotenv=False)


@pytest.fixture
def client(settings: Settings) -> WebClient:
    return make_client(settings)


def share(slack: SlackStandIn, data: bytes, name: str = "response.docx", mime: str = DOCX) -> str:
    return str(slack.workspace.share_file("U0CC", name, data, mime)["id"])


def test_the_whole_file_arrives_byte_for_byte(
    slack: SlackStandIn, client: WebClient, settings: Settings
) -> None:
    data = bytes(range(256)) * 4096 + b"\x00end"  # 1 MB and a bit, every byte value
    file_id = share(slack, data)
    got = download_shared_file(client, settings, file_id)
    assert got == SharedFile(file_id, "response.docx", DOCX, len(data), data)
    [download] = slack.calls_to("files.download")
    assert download.headers["Authorization"] == f"Bearer {TOKEN}"


def test_a_file_over_the_limit_is_refused_before_any_download(
    slack: SlackStandIn, client: WebClient, settings: Settings
) -> None:
    file_id = share(slack, b"small")
    slack.workspace.files[file_id]["object"]["size"] = 30 * 1024 * 1024  # as files.info says
    with pytest.raises(UnreadableFile) as refused:
        download_shared_file(client, settings, file_id)
    assert "`response.docx`: it is 30.0 MB, and I read files up to 20 MB" in refused.value.reply
    assert slack.calls_to("files.info") and not slack.calls_to("files.download")


def test_more_bytes_than_files_info_said_are_refused_too(
    slack: SlackStandIn, client: WebClient, settings: Settings
) -> None:
    file_id = share(slack, b"x" * (MAX_FILE_BYTES + 1))
    slack.workspace.files[file_id]["object"]["size"] = 10  # Slack's size was wrong
    with pytest.raises(
        UnreadableFile,
        match=r"is 20,971,521 bytes, and I read files up to 20,971,520 bytes \(20 MB\)",
    ):
        download_shared_file(client, settings, file_id)


def test_a_wrong_token_gets_slacks_sign_in_page_and_a_clear_refusal(
    slack: SlackStandIn, client: WebClient, settings: Settings
) -> None:
    file_id = share(slack, b"the response")
    wrong = dataclasses.replace(settings, bot_token="xoxb-revoked")
    with pytest.raises(FileRefused) as refused:
        download_shared_file(client, wrong, file_id)
    assert "`response.docx`: it was not handed over by Slack" in refused.value.reply
    assert "files:read" in refused.value.reply
    assert "sign-in page" in refused.value.detail
    assert slack.calls_to("files.download")[0].outcome == "error:login_redirect"


def test_a_shared_html_file_is_not_taken_for_the_sign_in_page(
    slack: SlackStandIn, client: WebClient, settings: Settings
) -> None:
    file_id = share(slack, b"<html><p>response</p></html>", "r.html", "text/html")
    assert download_shared_file(client, settings, file_id).data.startswith(b"<html>")


def test_a_deleted_file_and_a_missing_scope_get_their_own_replies(
    slack: SlackStandIn, client: WebClient, settings: Settings
) -> None:
    with pytest.raises(UnreadableFile, match="no longer in Slack") as gone:
        download_shared_file(client, settings, "F0DELETED")
    assert not isinstance(gone.value, FileRefused)
    slack.error_next("files.info", "missing_scope")
    with pytest.raises(FileRefused, match="files:read") as refused:
        download_shared_file(client, settings, share(slack, b"x"))
    assert refused.value.detail == "files.info: missing_scope"


@pytest.mark.parametrize("fault", [500, 503, "drop"])
def test_slack_not_answering_the_download_is_not_reachable(
    slack: SlackStandIn, client: WebClient, settings: Settings, fault: object
) -> None:
    file_id = share(slack, b"the response")
    if fault == "drop":
        slack.drop_next("files.download")
    else:
        slack.fail_next("files.download", status=int(str(fault)))
    with pytest.raises(FileNotReachable):
        download_shared_file(client, settings, file_id)
    assert download_shared_file(client, settings, file_id).data == b"the response"


def test_slack_unreachable_is_not_reachable(settings: Settings) -> None:
    gone = dataclasses.replace(settings, api_url="http://127.0.0.1:9/api/")
    client = WebClient(base_url=gone.api_url, token=TOKEN, timeout=2)
    with pytest.raises(FileNotReachable):
        download_shared_file(client, gone, "F0001")


def test_files_info_failing_with_5xx_is_not_reachable(
    slack: SlackStandIn, settings: Settings
) -> None:
    client = WebClient(base_url=settings.api_url, token=TOKEN, retry_handlers=[])
    slack.fail_next("files.info", status=500)
    with pytest.raises(FileNotReachable):
        download_shared_file(client, settings, share(slack, b"x"))
    assert not slack.calls_to("files.download")


class _Elsewhere(BaseHTTPRequestHandler):
    """Another host: a redirect from here to the file must not carry the token along."""

    def do_GET(self) -> None:
        self.send_response(302)
        self.send_header("Location", self.server.target)  # type: ignore[attr-defined]
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_the_token_never_follows_a_redirect_to_another_host(
    slack: SlackStandIn, client: WebClient, settings: Settings
) -> None:
    file_id = share(slack, b"the response")
    info = client.files_info(file=file_id).data
    elsewhere = ThreadingHTTPServer(("127.0.0.1", 0), _Elsewhere)
    elsewhere.target = info["file"]["url_private_download"]  # type: ignore[attr-defined]
    threading.Thread(target=elsewhere.serve_forever, daemon=True).start()
    try:
        info["file"]["url_private_download"] = f"http://127.0.0.1:{elsewhere.server_port}/f"
        slack.set_response("files.info", info)
        with pytest.raises(FileRefused):
            download_shared_file(client, settings, file_id)
    finally:
        elsewhere.shutdown()
        elsewhere.server_close()
    [arrived] = slack.calls_to("files.download")
    assert "authorization" not in {name.lower() for name in arrived.headers}
