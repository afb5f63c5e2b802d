"""Slack's side of "Add to Slack": the authorize page's codes, ``oauth.v2.access`` and the
tokens it issues (with token rotation), and what revoking them does.

Shapes and rules, each from Slack's documentation:

- The install flow: https://docs.slack.dev/authentication/installing-with-oauth (the user is
  sent to ``/oauth/v2/authorize?client_id&scope&user_scope&state&redirect_uri``; "Allow"
  redirects to ``redirect_uri?code=…&state=…``, "Cancel" to ``?error=access_denied&state=…``;
  the temporary code "will expire after ten minutes" and works once).
- ``oauth.v2.access``: https://docs.slack.dev/reference/methods/oauth.v2.access (client
  credentials "using the HTTP Basic authentication scheme" or as ``client_id`` /
  ``client_secret`` fields; ``redirect_uri`` "must match the originally submitted URI (if one
  was sent)"; errors ``invalid_client_id``, ``bad_client_secret``, ``invalid_code``,
  ``bad_redirect_uri``, ``invalid_grant_type``, ``invalid_refresh_token``).
- Token rotation: https://docs.slack.dev/authentication/using-token-rotation (access tokens
  expire "every 12 hours" (``expires_in`` 43200); ``grant_type=refresh_token`` answers a new
  access token and a new refresh token: "The refresh token is then revoked, and a new refresh
  token is used to exchange the new expiring access token when it expires"). The refresh
  answer's fields are those of the SDK's ``OAuthV2TokenRefreshResponse``
  (https://docs.slack.dev/tools/node-slack-sdk/reference/oauth/interfaces/OAuthV2TokenRefreshResponse).
- Dead tokens: ``token_expired`` for an expired rotating token, ``token_revoked`` ("the app has
  been removed") once uninstalled or revoked (https://docs.slack.dev/reference/methods/auth.revoke
  error table, the same on every method).
"""

from __future__ import annotations

import base64
import secrets
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

CODE_SECONDS = 600.0  # "the temporary code ... will expire after ten minutes"
TOKEN_SECONDS = 43200  # rotating access tokens "expire every 12 hours"

__all__ = [
    "CODE_SECONDS",
    "TOKEN_SECONDS",
    "AuthorizePageError",
    "Grant",
    "Installation",
    "OAuthApp",
]


class AuthorizePageError(Exception):
    """What Slack's authorize page shows instead of a consent screen (no redirect happens):
    an unknown ``client_id`` or a ``redirect_uri`` that is not one of the app's."""


@dataclass
class Grant:
    """One access token Slack handed out (by OAuth, or the fixed token of a workspace)."""

    token: str
    team_id: str
    kind: str  # "bot" or "user"
    user_id: str  # the bot user, or the person a user token acts for
    installation: str  # the installation's key: its team_id, or enterprise id if org-wide
    expires_at: float | None = None  # on the stand-in's clock; None: never expires
    revoked: bool = False
    enterprise_id: str | None = None
    is_enterprise_install: bool = False

    def problem(self, now: float) -> str | None:
        """The error a call with this token gets, or None while it is good."""
        if self.revoked:
            return "token_revoked"
        if self.expires_at is not None and now >= self.expires_at:
            return "token_expired"
        return None


@dataclass
class _Code:
    team_id: str
    user_id: str
    scope: str
    user_scope: str
    redirect_uri: str | None  # as sent to the authorize page (None: not sent)
    issued_at: float
    enterprise: dict[str, str] | None
    used: bool = False


@dataclass
class _Refresh:
    installation: str
    kind: str
    user_id: str
    revoked: bool = False


@dataclass
class Installation:
    """The app installed into one workspace (or one org, installed org-wide)."""

    key: str
    team_id: str  # the workspace the installing user pressed "Allow" in
    enterprise: dict[str, str] | None
    scope: str
    user_scope: str
    authed_user: str
    installed: bool = True
    refreshes: int = 0  # successful refresh grants
    refused_refreshes: int = 0  # refresh grants refused with invalid_refresh_token
    tokens: list[str] = field(default_factory=list)


class OAuthApp:
    """The app's credentials as Slack knows them, and every token and code it issued.

    Thread-safe: the HTTP server answers each request on its own thread, and a refresh must
    be atomic (two processes refreshing with one refresh token: only the first succeeds).
    """

    def __init__(self, now: Callable[[], float]) -> None:
        self._now = now
        self.lock = threading.RLock()
        self.client_id: str | None = None
        self.client_secret: str | None = None
        self.redirect_urls: list[str] = []
        self.token_rotation = False
        self.token_seconds = TOKEN_SECONDS
        self.grants: dict[str, Grant] = {}
        self.installations: dict[str, Installation] = {}
        self._codes: dict[str, _Code] = {}
        self._refresh: dict[str, _Refresh] = {}
        self._seq = 0

    def configure(
        self,
        client_id: str,
        client_secret: str,
        *,
        token_rotation: bool = False,
        redirect_urls: list[str] | None = None,
        token_seconds: int = TOKEN_SECONDS,
    ) -> None:
        with self.lock:
            self.client_id, self.client_secret = client_id, client_secret
            self.token_rotation = token_rotation
            self.redirect_urls = list(redirect_urls or [])
            self.token_seconds = token_seconds

    # ---- kept across a restart (the sandbox) -----------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        """The tokens and installations issued, as JSON-able values: a restarted Slack still
        knows the tokens an app stored (codes are not kept: they live ten minutes)."""
        with self.lock:
            return {
                "grants": [asdict(g) for g in self.grants.values()],
                "installations": [asdict(i) for i in self.installations.values()],
                "refresh": {token: asdict(held) for token, held in self._refresh.items()},
                "seq": self._seq,
            }

    def restore(self, saved: dict[str, Any]) -> None:
        """What :meth:`snapshot` kept, beside what is here already (a workspace's fixed
        token); TypeError / KeyError for a value that is not one."""
        with self.lock:
            self.grants.update({g["token"]: Grant(**g) for g in saved.get("grants", [])})
            self.installations.update(
                {i["key"]: Installation(**i) for i in saved.get("installations", [])}
            )
            self._refresh.update({t: _Refresh(**h) for t, h in saved.get("refresh", {}).items()})
            self._seq = max(self._seq, int(saved.get("seq", 0)))

    # ---- the authorize page -------------------------------------------------------------------
    def check_authorize(self, query: dict[str, str]) -> str | None:
        """The redirect_uri the page would send the user back to (None: not sent, and the
        app has no Redirect URL); raises AuthorizePageError where Slack shows an error."""
        with self.lock:
            if self.client_id is None or query.get("client_id") != self.client_id:
                raise AuthorizePageError("Invalid client_id parameter")
            redirect = query.get("redirect_uri") or None
            if (
                redirect is not None
                and self.redirect_urls
                and not any(redirect.startswith(allowed) for allowed in self.redirect_urls)
            ):
                # Slack: redirect_uri must match (or extend) one of the app's Redirect URLs.
                raise AuthorizePageError("redirect_uri did not match any configured URIs")
            return redirect

    def approve(
        self,
        authorize_url: str,
        *,
        team_id: str,
        user_id: str,
        enterprise: dict[str, str] | None = None,
    ) -> str:
        """The person pressed "Allow": the URL Slack redirects their browser to."""
        query = _query(authorize_url)
        redirect = self.check_authorize(query)
        target = redirect or (self.redirect_urls[0] if self.redirect_urls else None)
        if target is None:
            raise AuthorizePageError("No redirect_uri sent and the app has no Redirect URL")
        with self.lock:
            # Shaped like the doc's example code: "4724469134.4644010092847.232b4e…"
            code = ".".join(
                (
                    str(secrets.randbelow(10**10)),
                    str(secrets.randbelow(10**13)),
                    secrets.token_hex(32),
                )
            )
            self._codes[code] = _Code(
                team_id=team_id,
                user_id=user_id,
                scope=query.get("scope", ""),
                user_scope=query.get("user_scope", ""),
                redirect_uri=redirect,
                issued_at=self._now(),
                enterprise=enterprise,
            )
        return _with_query(target, {"code": code, "state": query.get("state", "")})

    def deny(self, authorize_url: str) -> str:
        """The person pressed "Cancel": Slack sends them back with error=access_denied."""
        query = _query(authorize_url)
        redirect = self.check_authorize(query)
        target = redirect or (self.redirect_urls[0] if self.redirect_urls else None)
        if target is None:
            raise AuthorizePageError("No redirect_uri sent and the app has no Redirect URL")
        return _with_query(target, {"error": "access_denied", "state": query.get("state", "")})

    # ---- oauth.v2.access --------------------------------------------------------------------
    def access(
        self,
        args: dict[str, Any],
        headers: dict[str, str],
        describe_team: Callable[[str], dict[str, str]],
        bot_user: Callable[[str], str],
    ) -> dict[str, Any]:
        """Answer ``oauth.v2.access``: a code exchange or a refresh grant."""
        client_id, client_secret = _client_credentials(args, headers)
        with self.lock:
            if self.client_id is None or client_id != self.client_id:
                return _error("invalid_client_id")
            if client_secret != self.client_secret:
                return _error("bad_client_secret")
            grant_type = str(args.get("grant_type") or "authorization_code")
            if grant_type == "refresh_token":
                return self._refresh_grant(str(args.get("refresh_token") or ""), describe_team)
            if grant_type != "authorization_code":
                return _error("invalid_grant_type")
            return self._code_grant(args, describe_team, bot_user)

    def _code_grant(
        self,
        args: dict[str, Any],
        describe_team: Callable[[str], dict[str, str]],
        bot_user: Callable[[str], str],
    ) -> dict[str, Any]:
        pending = self._codes.get(str(args.get("code") or ""))
        if pending is None or pending.used or self._now() - pending.issued_at > CODE_SECONDS:
            return _error("invalid_code")
        sent = args.get("redirect_uri") or None
        if pending.redirect_uri is not None and sent != pending.redirect_uri:
            return _error("bad_redirect_uri")
        pending.used = True
        enterprise = pending.enterprise
        key = enterprise["id"] if enterprise else pending.team_id
        install = Installation(
            key=key,
            team_id=pending.team_id,
            enterprise=enterprise,
            scope=pending.scope,
            user_scope=pending.user_scope,
            authed_user=pending.user_id,
        )
        old = self.installations.get(key)
        if old is not None:  # a re-install: the same installation, counted on
            install.refreshes, install.refused_refreshes = old.refreshes, old.refused_refreshes
            install.tokens = old.tokens
        self.installations[key] = install
        bot_user_id = bot_user(pending.team_id)
        bot = self._issue(install, "bot", bot_user_id)
        body: dict[str, Any] = {
            "ok": True,
            "app_id": None,  # filled in by the stand-in (the app's id)
            "authed_user": {"id": pending.user_id},
            "scope": pending.scope,
            "token_type": "bot",
            "access_token": bot["access_token"],
            "bot_user_id": bot_user_id,
            "team": None if enterprise else describe_team(pending.team_id),
            "enterprise": dict(enterprise) if enterprise else None,
            "is_enterprise_install": enterprise is not None,
        }
        body.update({k: v for k, v in bot.items() if k != "access_token"})
        if pending.user_scope:
            user = self._issue(install, "user", pending.user_id)
            body["authed_user"].update(scope=pending.user_scope, token_type="user", **user)
        return body

    def _issue(self, install: Installation, kind: str, user_id: str) -> dict[str, Any]:
        """A new access token (and, with rotation, its refresh token) for ``install``."""
        self._seq += 1
        team_num = _digits(install.team_id)
        secret = secrets.token_hex(12)
        prefix = "xoxb" if kind == "bot" else "xoxp"
        grant = Grant(
            token="",
            team_id=install.team_id,
            kind=kind,
            user_id=user_id,
            installation=install.key,
            enterprise_id=install.enterprise["id"] if install.enterprise else None,
            is_enterprise_install=install.enterprise is not None,
        )
        out: dict[str, Any] = {}
        if self.token_rotation:
            # Rotating tokens: "xoxe.xoxb-1-…" / "xoxe.xoxp-1-…", refresh "xoxe-1-…".
            grant.token = f"xoxe.{prefix}-1-{team_num}-{self._seq}-{secret}"
            grant.expires_at = self._now() + self.token_seconds
            refresh = f"xoxe-1-{team_num}-{self._seq}-{secrets.token_hex(16)}"
            self._refresh[refresh] = _Refresh(install.key, kind, user_id)
            out.update(refresh_token=refresh, expires_in=self.token_seconds)
        else:
            grant.token = f"{prefix}-{team_num}-{self._seq}-{secret}"
        self.grants[grant.token] = grant
        install.tokens.append(grant.token)
        out["access_token"] = grant.token
        return out

    def _refresh_grant(
        self, refresh_token: str, describe_team: Callable[[str], dict[str, str]]
    ) -> dict[str, Any]:
        held = self._refresh.get(refresh_token)
        install = self.installations.get(held.installation) if held is not None else None
        if held is None or install is None:
            return _error("invalid_refresh_token")
        if held.revoked or not install.installed:
            install.refused_refreshes += 1
            return _error("invalid_refresh_token")
        # "The refresh token is then revoked": a second refresh with it (another process that
        # read the same stored installation) is refused. The access token it had stays good
        # until it expires: Slack documents no early end for it.
        held.revoked = True
        install.refreshes += 1
        issued = self._issue(install, held.kind, held.user_id)
        enterprise = install.enterprise
        body: dict[str, Any] = {
            "ok": True,
            "app_id": None,
            "scope": install.scope if held.kind == "bot" else install.user_scope,
            "token_type": held.kind,
            **issued,
            "team": None if enterprise else describe_team(install.team_id),
            "enterprise": dict(enterprise) if enterprise else None,
            "is_enterprise_install": enterprise is not None,
        }
        if held.kind == "bot":
            body["bot_user_id"] = held.user_id
        else:
            body["user_id"] = held.user_id
        return body

    # ---- leaving ------------------------------------------------------------------------------
    def revoke(
        self, installation: str, *, bot: bool = True, users: list[str] | None = None
    ) -> dict[str, list[str]]:
        """Revoke the bot's tokens (``bot``) and those of ``users`` (None: every user's);
        returns {"bot": [user ids], "oauth": [user ids]} as tokens_revoked lists them."""
        revoked: dict[str, list[str]] = {"oauth": [], "bot": []}
        with self.lock:
            for grant in self.grants.values():
                if grant.installation != installation or grant.revoked:
                    continue
                wanted = bot if grant.kind == "bot" else users is None or grant.user_id in users
                if not wanted:
                    continue
                grant.revoked = True
                listed = revoked["bot" if grant.kind == "bot" else "oauth"]
                if grant.user_id not in listed:
                    listed.append(grant.user_id)
            for held in self._refresh.values():
                if held.installation == installation and (
                    bot if held.kind == "bot" else users is None or held.user_id in users
                ):
                    held.revoked = True
        return revoked

    def uninstall(self, installation: str) -> dict[str, list[str]]:
        with self.lock:
            revoked = self.revoke(installation)
            install = self.installations.get(installation)
            if install is not None:
                install.installed = False
            return revoked

    def find_installation(self, team_id: str) -> Installation | None:
        with self.lock:
            found = self.installations.get(team_id)
            if found is not None:
                return found
            return next((i for i in self.installations.values() if i.team_id == team_id), None)

    def grant(self, token: str) -> Grant | None:
        with self.lock:
            return self.grants.get(token)

    def add_static(self, token: str, team_id: str, bot_user_id: str) -> None:
        """A workspace's fixed bot token (``SlackStandIn(token=…)``): never expires."""
        with self.lock:
            self.grants[token] = Grant(token, team_id, "bot", bot_user_id, installation=team_id)


def _error(error: str) -> dict[str, Any]:
    return {"ok": False, "error": error}


def _digits(team_id: str) -> str:
    return "".join(c for c in team_id if c.isdigit()) or "0"


def _query(url: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query, keep_blank_values=True).items()}


def _with_query(url: str, params: dict[str, str]) -> str:
    return url + ("&" if urlsplit(url).query else "?") + urlencode(params)


def _client_credentials(args: dict[str, Any], headers: dict[str, str]) -> tuple[str, str]:
    """client_id / client_secret from HTTP Basic auth (Slack's preferred way) or the fields."""
    auth = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
    if auth.startswith("Basic "):
        try:
            decoded = base64.b64decode(auth[len("Basic ") :]).decode()
        except ValueError:
            decoded = ""
        client_id, _, client_secret = decoded.partition(":")
        return client_id, client_secret
    return str(args.get("client_id") or ""), str(args.get("client_secret") or "")
