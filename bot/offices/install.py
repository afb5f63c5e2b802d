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
from urllib.parse import quote, urlsplit

from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_flow import OAuthFlow
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_bolt.request import BoltRequest
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
        team = installation.team_name or "your workspace"
        return _page(
            200,
            installed_page(team, set_up),
            link=(open_slack_link(installation.team_id, installation.app_id), OPEN_SLACK),
            back=True,
        )

    def failed(args: FailureArgs) -> BoltResponse:
        return _page(
            args.suggested_status_code, failed_page(args.reason), link=(INSTALL_PATH, AGAIN)
        )

    return _OurInstallPage(
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


class _OurInstallPage(OAuthFlow):
    """Bolt's flow with our own install page: Bolt's shows Slack's button image from Slack's
    CDN (a broken image wherever that cannot be reached, the sandbox included); ours is a plain
    link styled as a button, and needs nothing from the network."""

    def build_install_page_html(self, url: str, request: BoltRequest) -> str:
        return install_page(url)


INSTALL_INTRO = (
    "s55bot tracks an office's Section 55 responses to HMICFRS inspections in Slack. Adding it "
    "asks your permission for the scopes it needs, on Slack's own page."
)
ADD_TO_SLACK = "Add to Slack"
OPEN_SLACK = "Open s55bot in Slack"
AGAIN = "Try again"
# What every page says of the way back; the link above it opens the desktop app where there is
# one, so a browser-only person (or the sandbox) needs these words.
BACK_TO_SLACK = "Or go back to the Slack tab you came from: the app is under Apps."


def install_page(authorize: str) -> str:
    """The page at INSTALL_PATH: what s55bot is and the link to Slack's permission page."""
    return _html(INSTALL_INTRO, (authorize, ADD_TO_SLACK))


def open_slack_link(team_id: str | None, app_id: str | None) -> str:
    """Slack's deep link to the app's Home tab in the workspace (docs.slack.dev, "Deep
    linking into Slack": slack://app?team=…&id=…&tab=home); the workspace alone without an
    app ID."""
    if app_id:
        return f"slack://app?team={quote(team_id or '')}&id={quote(app_id)}&tab=home"
    return f"slack://open?team={quote(team_id or '')}"


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
            "when it was removed. If s55bot was removed from the team channel, type /invite "
            "@s55bot in it again; its Home tab's Change settings shows the rest."
        )
    return (
        f"s55bot is now in {team}. In Slack, open s55bot (under Apps) and its Home tab, then "
        "press Change settings to choose the team channel and the approvers; then type /invite "
        "@s55bot in that channel. Until the channel is chosen, /s55 says how to finish setting "
        "up."
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


def _page(
    status: int, text: str, *, link: tuple[str, str] | None = None, back: bool = False
) -> BoltResponse:
    """``link``: the next step (address, words); ``back``: say how to get back to Slack."""
    return BoltResponse(
        status=status,
        body=_html(text, link, back=back),
        headers={"Content-Type": "text/html; charset=utf-8"},
    )


# One small style for every page of the install, inline: the pages load nothing from anywhere.
_STYLE = (
    "body{margin:0;background:#f8f8f8;color:#1d1c1d;font:16px/1.5 -apple-system,'Segoe UI',"
    "Roboto,Helvetica,Arial,sans-serif}"
    "main{max-width:34rem;margin:4rem auto;padding:2rem;background:#fff;border:1px solid #ddd;"
    "border-radius:8px}h1{margin:0 0 1rem;font-size:1.5rem}"
    "a.button{display:inline-block;padding:.6rem 1.2rem;background:#4a154b;color:#fff;"
    "border-radius:6px;font-weight:700;text-decoration:none}a.button:focus,a.button:hover"
    "{background:#611f69}p.small{color:#616061;font-size:.9rem}"
)


def _html(text: str, link: tuple[str, str] | None, *, back: bool = False) -> str:
    """A self-contained page (no external resource), every text and link escaped."""
    button = (
        f'<p><a class="button" href="{html.escape(link[0])}">{html.escape(link[1])}</a></p>'
        if link
        else ""
    )
    return (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>s55bot</title><style>{_STYLE}</style></head><body><main><h1>s55bot</h1>"
        f"<p>{html.escape(text)}</p>"
        + button
        + (f'<p class="small">{html.escape(BACK_TO_SLACK)}</p>' if back else "")
        + "</main></body></html>"
    )
