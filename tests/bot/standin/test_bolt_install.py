"""A real Bolt app's own "Add to Slack" flow and token rotation run against the stand-in:
what the app's install flow will be built on."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from slack_bolt import App
from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import FileInstallationStore
from slack_sdk.oauth.state_store import FileOAuthStateStore

from bot.standin import Identity, SignedSlackRequests, SlackStandIn, sign

CLIENT_ID = "1111.2222"
CLIENT_SECRET = "app-client-secret"
SIGNING_SECRET = "test-signing-secret"
REDIRECT = "https://s55.example/slack/oauth_redirect"
NORFOLK = Identity(
    team_id="T0002", team_domain="norfolk-police", bot_user_id="U0BOT0002", bot_id="B0BOT0002"
)


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    with SlackStandIn(token="xoxb-office-one") as server:
        server.add_workspace(NORFOLK)
        # An hour's life: under Bolt's two-hour margin, so it rotates before every event.
        server.configure_oauth(
            CLIENT_ID,
            CLIENT_SECRET,
            token_rotation=True,
            redirect_urls=[REDIRECT],
            token_seconds=3600,
        )
        yield server


def _bolt(slack: SlackStandIn, folder: Path) -> tuple[App, FileInstallationStore]:
    store = FileInstallationStore(base_dir=str(folder / "installations"))
    client = WebClient(base_url=slack.url)
    settings = OAuthSettings(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        scopes=["chat:write", "commands"],
        redirect_uri=REDIRECT,
        installation_store=store,
        state_store=FileOAuthStateStore(expiration_seconds=600, base_dir=str(folder / "states")),
        authorization_url=slack.authorize_url,
        install_page_rendering_enabled=False,
    )
    # Bolt's token rotator calls oauth.v2.access on its own WebClient (slack.com unless told):
    # the authorize it runs before each request gets one pointed at the stand-in.
    settings.authorize = InstallationStoreAuthorize(
        logger=logging.getLogger(__name__),
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        installation_store=store,
        client=client,
    )
    app = App(
        signing_secret=SIGNING_SECRET,
        client=client,
        oauth_settings=settings,
        process_before_response=True,
    )
    return app, store


def _install(app: App, slack: SlackStandIn, team_id: str) -> None:
    flow = app.oauth_flow
    assert flow is not None
    started = flow.handle_installation(BoltRequest(body="", query="", headers={}))
    assert started.status == 302
    location = started.headers["location"][0]
    assert location.startswith(slack.authorize_url + "?")
    cookie = started.headers["set-cookie"][0].split(";")[0]
    back = slack.approve_install(location, team_id=team_id, user_id="U0JANE")
    done = flow.handle_callback(
        BoltRequest(body="", query=urlsplit(back).query, headers={"cookie": [cookie]})
    )
    assert done.status == 200, done.body


def _deliver(app: App, slack: SignedSlackRequests, inner: dict[str, Any]) -> int:
    body = json.dumps(slack.event_envelope(inner))
    ts = str(int(time.time()))
    headers: dict[str, str | Sequence[str]] = {
        "content-type": ["application/json"],
        "x-slack-request-timestamp": [ts],
        "x-slack-signature": [sign(SIGNING_SECRET, ts, body)],
    }
    return app.dispatch(BoltRequest(body=body, headers=headers)).status


def test_bolt_installs_into_a_second_workspace_and_rotates_its_token(
    slack: SlackStandIn, tmp_path: Path
) -> None:
    app, store = _bolt(slack, tmp_path)
    _install(app, slack, "T0002")
    installed = store.find_installation(enterprise_id=None, team_id="T0002")
    assert installed is not None and installed.bot_user_id == "U0BOT0002"
    assert installed.bot_token is not None and installed.bot_token.startswith("xoxe.xoxb-1-")
    assert installed.bot_refresh_token is not None

    @app.message("hello")
    def greet(say: Any) -> None:
        say("hello, Norfolk")

    norfolk = SignedSlackRequests("http://unused.invalid/slack/events", SIGNING_SECRET).for_team(
        "T0002", "norfolk-police", bot_user_id="U0BOT0002"
    )
    inner = norfolk.message_event(user_id="U0JANE", channel_id="C0N", text="hello", ts="1.0001")
    assert _deliver(app, norfolk, inner) == 200
    # Bolt rotated first (the token had under two hours left), then posted with the new one.
    assert slack.refreshes("T0002") == 1 and slack.refused_refreshes("T0002") == 0
    rotated = store.find_installation(enterprise_id=None, team_id="T0002")
    assert rotated is not None and rotated.bot_token != installed.bot_token
    post = slack.wait_for("chat.postMessage")[0]
    assert post.headers["Authorization"] == f"Bearer {rotated.bot_token}"
    with slack.workspace_for("T0002").lock:
        assert [m["text"] for m in slack.workspace_for("T0002").messages["C0N"]] == [
            "hello, Norfolk"
        ]
    assert "C0N" not in slack.messages  # nothing in the first office


def test_bolt_forgets_an_installation_when_slack_says_the_app_was_removed(
    slack: SlackStandIn, tmp_path: Path
) -> None:
    app, store = _bolt(slack, tmp_path)
    app.enable_token_revocation_listeners()
    _install(app, slack, "T0002")
    norfolk = SignedSlackRequests("http://unused.invalid/slack/events", SIGNING_SECRET).for_team(
        "T0002", "norfolk-police", bot_user_id="U0BOT0002"
    )
    for inner in slack.uninstall("T0002"):
        assert _deliver(app, norfolk, inner) == 200
    assert store.find_installation(enterprise_id=None, team_id="T0002") is None
