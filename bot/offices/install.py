"""Installing the app with "Add to Slack": Bolt's own OAuth flow (OAuthSettings) on the
project's stores (docs/rules.md#r25). An office's Slack admin opens ``/slack/install``, approves
the scopes, and the office is made (or, installing again after leaving, brought back with its
records); Slack's Web API, ``oauth.v2.access`` included, is reached at SLACK_API_URL.

Installs are per workspace: an org-wide (Enterprise Grid) install is refused with a page that
says how to install instead, since an office's records, channel and people are one workspace's.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlsplit

from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_flow import OAuthFlow
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.domain.audit import AuditAction
from bot.offices.installations import EncryptedInstallationStore, oauth_client, state_store
from bot.offices.tokens import MARGIN_MINUTES
from bot.settings import Settings
from storage.db import Database
from storage.offices import install_office
from storage.queries import record_audit

log = logging.getLogger("s55bot")

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
# manifest.yml's bot scopes (tests/test_manifest.py holds the two together).
BOT_SCOPES = (
    "commands",
    "chat:write",
    "channels:history",
    "groups:history",
    "channels:read",
    "groups:read",
    "users:read",
    "usergroups:read",
    "files:write",
    "files:read",
    "im:write",
)


def authorize_url(api_url: str) -> str:
    """Slack's authorize page beside its Web API: https://slack.com/oauth/v2/authorize for
    https://slack.com/api/ (and the stand-in's own for the stand-in's)."""
    parts = urlsplit(api_url)
    root = parts.path[: -len("api/")] if parts.path.endswith("api/") else parts.path
    return f"{parts.scheme}://{parts.netloc}{root.rstrip('/')}/oauth/v2/authorize"


def oauth_flow(
    settings: Settings,
    db: Database,
    store: EncryptedInstallationStore,
    *,
    now: Callable[[], datetime],
) -> OAuthFlow:
    def installed(args: SuccessArgs) -> BoltResponse:
        installation = args.installation
        if installation.is_enterprise_install or not installation.team_id:
            _revoke(settings.api_url, installation.bot_token)  # uninstalls it from the org
            store.delete_all(enterprise_id=installation.enterprise_id, team_id=None)
            return _page(400, ORG_WIDE_REFUSED)
        at = now()
        with db.across_offices().session() as session:
            office = install_office(
                session,
                team_id=installation.team_id,
                team_name=installation.team_name,
                installed_by=installation.user_id,
                now=at,
            )
            office_id, set_up = office.id, bool((office.settings or {}).get("S55_CHANNEL"))
        with db.for_office(office_id).session() as session:
            record_audit(
                session,
                inspection=None,
                actor=installation.user_id,
                action=AuditAction.INSTALLED,
                at=at,
                details={"team": installation.team_name or installation.team_id},
            )
        return _page(200, installed_page(installation.team_name or "your workspace", set_up))

    def failed(args: FailureArgs) -> BoltResponse:
        return _page(args.suggested_status_code, failed_page(args.reason))

    return OAuthFlow(
        client=oauth_client(settings.api_url),
        settings=OAuthSettings(
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            scopes=list(BOT_SCOPES),
            user_scopes=[],
            installation_store=store,
            installation_store_bot_only=True,
            state_store=state_store(db),
            install_path=INSTALL_PATH,
            redirect_uri_path=REDIRECT_PATH,
            authorization_url=authorize_url(settings.api_url),
            token_rotation_expiration_minutes=MARGIN_MINUTES,
            callback_options=CallbackOptions(success=installed, failure=failed),
        ),
    )


ORG_WIDE_REFUSED = (
    "s55bot is added to one workspace at a time, not to a whole organisation: each office's "
    "records, channel and people belong to its own workspace. Ask your Slack admin to add it "
    "to the office's workspace instead (choose the workspace at the top right of the page "
    "that asks for permission)."
)


def installed_page(team: str, set_up: bool = False) -> str:
    if set_up:  # installed again within the retention period: its records and settings are back
        return (
            f"s55bot is back in {team}, with this workspace's records and settings as they were "
            "when it was removed. /invite s55bot to the team channel again if it was removed "
            "from it; its Home tab's Change settings shows the rest."
        )
    return (
        f"s55bot is now in {team}. In Slack, open s55bot (under Apps) and its Home tab, then "
        "press Change settings to choose the team channel and the approvers; /invite s55bot to "
        "that channel. Until the channel is chosen, /s55 says how to finish setting up."
    )


def failed_page(reason: str) -> str:
    """Bolt's failure reasons (slack_bolt.oauth.oauth_flow) in words; nothing was stored."""
    if reason == "access_denied":
        return "s55bot was not added: permission was not given. Nothing was stored."
    if reason == "invalid_browser":
        return (
            "s55bot could not be added: this browser did not keep the cookie the install page "
            "set. Nothing was stored: open the install link again and finish in the same "
            "browser, with cookies allowed for this site."
        )
    return (
        f"s55bot could not be added ({reason}). Nothing was stored: open the install link "
        "again and approve within ten minutes."
    )


def _revoke(api_url: str, token: str | None) -> None:
    """auth.revoke: an app whose last token is revoked is uninstalled (Slack's auth.revoke
    page). Best effort: refused or unreachable, the token is still deleted here and unused."""
    if not token:
        return
    try:
        client = oauth_client(api_url)
        client.token = token
        client.auth_revoke()
    except (SlackApiError, SlackClientError, OSError) as failure:
        log.warning("could not revoke a refused org-wide install's token: %s", failure)


def _page(status: int, text: str) -> BoltResponse:
    body = (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>s55bot</title>'
        "</head><body><main><h1>s55bot</h1>"
        f"<p>{html.escape(text)}</p></main></body></html>"
    )
    return BoltResponse(
        status=status, body=body, headers={"Content-Type": "text/html; charset=utf-8"}
    )
