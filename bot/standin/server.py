"""``SlackStandIn``: a local HTTP server playing Slack's Web API, upload URLs and response_urls."""

from __future__ import annotations

import copy
import dataclasses
import json
import threading
import time
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, quote, urlsplit

from .faults import SLACK_BURST, Fault, FaultPlan, RateLimiter
from .oauth import TOKEN_SECONDS, AuthorizePageError, Grant, Installation, OAuthApp
from .responses import Identity
from .wire import (
    ERROR_PAGES,
    Answer,
    Call,
    StandInServer,
    bearer_token,
    json_answer,
    outcome_of,
    parse_api_request,
    ratelimited_answer,
    text_answer,
)
from .workspace import Workspace

if TYPE_CHECKING:
    from .socket_mode import SocketModeLink

METHODS_FILE = Path(__file__).with_name("methods.json")
# The workspace's sign-in page, where a private file's URL sends a request without the token.
SIGN_IN_PAGE = (
    '<!DOCTYPE html><html lang="en-US"><head><title>Slack</title></head>'
    "<body><h1>Sign in to your workspace</h1></body></html>"
)

__all__ = ["Call", "SlackStandIn"]

# Slack's authorize page ("<app> is requesting permission to access the <team> Slack
# workspace"): the scopes asked for, and Cancel and Allow for the person signed in (the
# stand-in's sign-in, /signin, takes no password: it plays Slack on this computer only). Tests
# may press them through approve_install / deny_install instead.
CONSENT_PAGE = (
    '<!DOCTYPE html><html lang="en-US"><head><meta charset="utf-8"><title>Slack</title>'
    "<style>body{{font-family:Lato,Helvetica,Arial,sans-serif;color:#1d1c1d;max-width:600px;"
    "margin:40px auto;padding:0 16px}}h1{{font-size:24px}}h2{{font-size:17px}}"
    "button{{font-size:15px;font-weight:700;padding:8px 20px;border-radius:4px;"
    "border:1px solid #ccc;background:#fff}}button[value=allow]{{background:#007a5a;"
    "color:#fff;border-color:#007a5a}}.asked{{font-size:12px;color:#616061;"
    "word-break:break-all}}</style></head><body><main>"
    "<h1>{app} is requesting permission to access the {team} Slack workspace</h1>"
    "<p>{who}</p>"
    "<h2>What will {app} be able to view and do?</h2>"
    "<ul>{scopes}</ul><p class=asked>Bot scopes: {scope}<br>User scopes: {user_scope}</p>"
    '<form method="post" action="/oauth/v2/authorize/answer">'
    '<input type="hidden" name="authorize" value="{query}">'
    '<button name="answer" value="cancel">Cancel</button> '
    '<button name="answer" value="allow">Allow</button></form></main></body></html>'
)
SESSION_COOKIE = "d"  # Slack's own session cookie's name
AUTHORIZE_ERROR_PAGE = (
    '<!DOCTYPE html><html lang="en-US"><head><title>Slack</title></head><body>'
    "<h1>Oops! Something went wrong</h1><p>{error}</p></body></html>"
)


class SlackStandIn:
    """Fake slack.com for tests: records calls, keeps workspace state, injects faults."""

    def __init__(
        self,
        *,
        token: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        identity: Identity | None = None,
        clock: Callable[[], float] = time.monotonic,
        keep_calls: bool = True,
        on_call: Callable[[Call], None] | None = None,
        message_clock: Callable[[], float] | None = None,
        app_token: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        token_rotation: bool = False,
        redirect_urls: list[str] | None = None,
    ) -> None:
        """``keep_calls=False`` forgets each call once ``on_call`` has seen it (a long-running
        sandbox has no test to look back at them); ``message_clock`` (Unix seconds) makes
        message ts follow that clock instead of a fixed 2023 start; ``app_token`` (xapp-…)
        is the app-level token ``apps.connections.open`` takes (None: any xapp- token).

        ``client_id`` / ``client_secret`` make the stand-in know a distributed app (see
        :meth:`configure_oauth`); ``clock`` also times OAuth codes and expiring tokens,
        moved on by :meth:`advance_clock`."""
        self.token = token
        self.app_token = app_token
        self._socket_mode: SocketModeLink | None = None
        self.identity = identity or Identity()
        self._addr = (host, port)
        self._httpd: StandInServer | None = None
        self._thread: threading.Thread | None = None
        self._cond = threading.Condition()
        self._calls: list[Call] = []
        self._keep_calls, self._on_call = keep_calls, on_call
        self._faults = FaultPlan()
        self._rate = RateLimiter(clock)
        self._clock, self._offset = clock, 0.0
        self.oauth = OAuthApp(self.now)
        if client_id is not None and client_secret is not None:
            self.oauth.configure(
                client_id, client_secret, token_rotation=token_rotation, redirect_urls=redirect_urls
            )
        self.methods: dict[str, dict[str, Any]] = json.loads(METHODS_FILE.read_text())
        self.workspace = Workspace(
            self.identity, self.methods, lambda: self.base, message_clock=message_clock
        )
        self._message_clock = message_clock
        self._workspaces: dict[str, Workspace] = {self.identity.team_id: self.workspace}
        if token is not None:
            self.oauth.add_static(token, self.identity.team_id, self.identity.bot_user_id)

    # ---- lifecycle ----------------------------------------------------------------------------
    def start(self) -> SlackStandIn:
        if self._httpd is None:
            self._httpd = StandInServer(self._addr, self)
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.05},  # so stop() returns quickly
                name="slack-standin",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._socket_mode is not None:
            self._socket_mode.close()
            self._socket_mode = None
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> SlackStandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base(self) -> str:
        if self._httpd is None:
            raise RuntimeError("SlackStandIn is not started")
        host, port = self._httpd.socket.getsockname()[:2]
        return f"http://{host}:{port}/"

    @property
    def url(self) -> str:
        """Web API base URL for ``WebClient(base_url=...)`` / SLACK_API_URL."""
        return self.base + "api/"

    @property
    def socket_mode(self) -> SocketModeLink:
        """The Socket Mode WebSocket server (started on first use): play envelopes, see acks."""
        with self._cond:
            if self._socket_mode is None:
                from .socket_mode import SocketModeLink  # websockets: only where Socket Mode is

                self._socket_mode = SocketModeLink(self.identity.app_id, self._addr[0])
            return self._socket_mode

    # ---- recorded calls -----------------------------------------------------------------------
    @property
    def calls(self) -> list[Call]:
        with self._cond:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def reset(self) -> None:
        """Forget calls, state, faults and rate rules (keeps the server running)."""
        with self._cond:
            self._calls.clear()
        self._faults.clear()
        self._rate.clear()
        for workspace in self.workspaces.values():
            workspace.reset()

    def wait_for(
        self,
        method: str,
        count: int = 1,
        timeout: float = 20.0,
        predicate: Callable[[Call], bool] | None = None,
    ) -> list[Call]:
        """Block until ``count`` calls to ``method`` (matching ``predicate``) were received.

        It returns as soon as they are, so the timeout is only what a failing test waits: long
        enough that a loaded machine (the suite on four workers on two cores) is not taken for a
        bot that never answered.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [
                    c
                    for c in self._calls
                    if c.method == method and (predicate is None or predicate(c))
                ]
                remaining = deadline - time.monotonic()
                if len(found) >= count or remaining <= 0:
                    break
                self._cond.wait(remaining)
            if len(found) >= count:
                return found
            seen = (
                "\n".join(
                    f"  {c.method} [{c.outcome}] {json.dumps(c.args, default=str)[:200]}"
                    for c in self._calls
                )
                or "  (nothing)"
            )
        raise AssertionError(
            f"expected {count} call(s) to {method}, got {len(found)} within {timeout}s; "
            f"received:\n{seen}"
        )

    def _record(self, call: Call, outcome: str, response: dict[str, Any] | None = None) -> None:
        call.outcome, call.response = outcome, response
        with self._cond:
            if self._keep_calls:
                self._calls.append(call)
            self._cond.notify_all()
        if self._on_call is not None:
            self._on_call(call)

    # ---- workspace state for assertions and set-up --------------------------------------
    @property
    def messages(self) -> dict[str, list[dict[str, Any]]]:
        """Channel -> messages (top level and thread replies) in posting order; a snapshot."""
        with self.workspace.lock:
            return copy.deepcopy(self.workspace.messages)

    def message(
        self, channel: str, ts: str, *, team_id: str | None = None
    ) -> dict[str, Any] | None:
        """A message (a copy), or None; ``team_id``: in that workspace (default: the default
        one)."""
        workspace = self.workspace_for(team_id) if team_id else self.workspace
        with workspace.lock:
            return copy.deepcopy(workspace.find(channel, ts))

    @property
    def ephemerals(self) -> list[dict[str, Any]]:
        with self.workspace.lock:
            return copy.deepcopy(self.workspace.ephemerals)

    @property
    def views(self) -> dict[str, dict[str, Any]]:
        with self.workspace.lock:
            return copy.deepcopy(self.workspace.views)

    @property
    def files(self) -> dict[str, dict[str, Any]]:
        """file_id -> {"filename", "length", "data" (bytes), "object" (as files.info answers it,
        once complete), "title", "channels"}. Downloads are recorded as "files.download" calls."""
        with self.workspace.lock:
            return copy.deepcopy(self.workspace.files)

    def add_user_message(
        self, channel: str, text: str, *, user: str = "U0001", thread_ts: str | None = None
    ) -> str:
        """Seed a message written by a human (e.g. the parent of a thread); returns its ts."""
        ts = self.workspace.next_ts()
        msg = {
            "type": "message",
            "text": text,
            "user": user,
            "ts": ts,
            "team": self.identity.team_id,
        }
        self.workspace.add_message(channel, msg, thread_ts)
        return ts

    def set_usergroup(self, group_id: str, user_ids: list[str]) -> None:
        with self.workspace.lock:
            self.workspace.usergroups[group_id] = list(user_ids)

    def set_user(self, user_id: str, **fields: Any) -> None:
        """Override users.info fields (``profile={...}`` merges into the profile)."""
        with self.workspace.lock:
            self.workspace.users[user_id] = fields

    def set_channel(self, channel_id: str, **fields: Any) -> None:
        with self.workspace.lock:
            self.workspace.channels[channel_id] = fields

    def set_response(self, method: str, body: dict[str, Any]) -> None:
        """Answer ``method`` with a fixed body (after argument checks) from now on."""
        with self.workspace.lock:
            self.workspace.canned[method] = copy.deepcopy(body)

    def response_url(
        self,
        tag: str = "cmd",
        *,
        channel: str | None = None,
        user: str | None = None,
        message_ts: str | None = None,
        thread_ts: str | None = None,
        team_id: str | None = None,
    ) -> str:
        """A hooks.slack.com-like URL; bound ``channel``/``message_ts`` make replace/delete work;
        ``thread_ts``: an ephemeral answer shows in that thread, where the click was;
        ``team_id``: the workspace the command or click came from (default: the default one),
        where what is posted to the URL shows."""
        ctx = {"channel": channel, "user": user, "message_ts": message_ts, "thread_ts": thread_ts}
        workspace = self.workspace_for(team_id) if team_id else self.workspace
        return self.base.rstrip("/") + workspace.issue_response_url(tag, ctx)

    # ---- several workspaces -------------------------------------------------------------------
    @property
    def workspaces(self) -> dict[str, Workspace]:
        """team_id -> workspace state, the default one (``identity``) first."""
        with self._cond:
            return dict(self._workspaces)

    def add_workspace(self, identity: Identity, *, token: str | None = None) -> Workspace:
        """Another workspace (its own users, channels, messages, views, files, user groups):
        Web API calls with a token of that team act in it. ``token``: a fixed bot token for
        it, as ``SlackStandIn(token=…)`` is for the default one; tokens installed into it by
        OAuth (:meth:`approve_install`) belong to it as well."""
        with self._cond:
            if identity.team_id in self._workspaces:
                raise ValueError(f"workspace {identity.team_id} exists already")
            workspace = Workspace(
                identity, self.methods, lambda: self.base, message_clock=self._message_clock
            )
            self._workspaces[identity.team_id] = workspace
        if token is not None:
            self.oauth.add_static(token, identity.team_id, identity.bot_user_id)
        return workspace

    def workspace_for(self, team_id: str) -> Workspace:
        with self._cond:
            if team_id not in self._workspaces:
                raise KeyError(f"no workspace {team_id}: add it with add_workspace()")
            return self._workspaces[team_id]

    def _describe_team(self, team_id: str) -> dict[str, str]:
        ident = self.workspace_for(team_id).ident
        return {"id": team_id, "name": ident.team_name or ident.team_domain}

    # ---- the clock of codes and expiring tokens ----------------------------------------------
    def now(self) -> float:
        """The stand-in's time: ``clock`` (monotonic unless given) plus :meth:`advance_clock`."""
        return self._clock() + self._offset

    def advance_clock(self, seconds: float) -> None:
        """Move OAuth time on: an expiring token or a code ages by ``seconds`` at once."""
        with self._cond:
            self._offset += seconds

    # ---- OAuth: "Add to Slack" ---------------------------------------------------------------
    def configure_oauth(
        self,
        client_id: str,
        client_secret: str,
        *,
        token_rotation: bool = False,
        redirect_urls: list[str] | None = None,
        token_seconds: int = TOKEN_SECONDS,
    ) -> None:
        """The distributed app's credentials (its Basic Information page), whether token
        rotation is on (its OAuth & Permissions page), its Redirect URLs (a redirect_uri must
        start with one; none given: any) and how long a rotating token lives (12 hours)."""
        self.oauth.configure(
            client_id,
            client_secret,
            token_rotation=token_rotation,
            redirect_urls=redirect_urls,
            token_seconds=token_seconds,
        )

    @property
    def authorize_url(self) -> str:
        """Slack's authorize page on the stand-in (``OAuthSettings(authorization_url=…)``)."""
        return self.base + "oauth/v2/authorize"

    def approve_install(
        self,
        authorize_url: str,
        *,
        team_id: str | None = None,
        user_id: str = "U0001",
        enterprise_install: bool = False,
        enterprise_id: str = "E0001",
        enterprise_name: str = "Example Org",
    ) -> str:
        """A person of ``team_id`` (default: the default workspace) pressed "Allow" on the
        authorize page at ``authorize_url`` (the app's own link, query and all): returns the
        URL Slack redirects their browser to, ``redirect_uri?code=…&state=…``.
        ``enterprise_install``: they installed org-wide (oauth.v2.access then answers
        ``is_enterprise_install: true``, ``enterprise`` and ``team: null``).
        Raises AuthorizePageError where Slack's page shows an error instead."""
        team = team_id or self.identity.team_id
        self.workspace_for(team)  # a workspace the stand-in plays
        enterprise = {"id": enterprise_id, "name": enterprise_name} if enterprise_install else None
        return self.oauth.approve(
            authorize_url, team_id=team, user_id=user_id, enterprise=enterprise
        )

    def deny_install(self, authorize_url: str) -> str:
        """The person pressed "Cancel": ``redirect_uri?error=access_denied&state=…``."""
        return self.oauth.deny(authorize_url)

    def installation(self, team_id: str) -> Installation | None:
        """The app's installation into ``team_id`` (org-wide: its enterprise id), a copy."""
        with self.oauth.lock:
            found = self.oauth.find_installation(team_id)
            return copy.deepcopy(found)

    def refreshes(self, team_id: str) -> int:
        """How many refresh grants of that installation succeeded."""
        found = self.installation(team_id)
        return found.refreshes if found is not None else 0

    def refused_refreshes(self, team_id: str) -> int:
        """How many refresh grants of that installation were refused (a refresh token
        used twice: the lock-out an app rotating in two processes must not cause)."""
        found = self.installation(team_id)
        return found.refused_refreshes if found is not None else 0

    def live_tokens(self, team_id: str) -> list[str]:
        """Access tokens of ``team_id`` a call may use now (neither revoked nor expired)."""
        now = self.now()
        with self.oauth.lock:
            return [
                g.token
                for g in self.oauth.grants.values()
                if g.team_id == team_id and g.problem(now) is None
            ]

    # ---- leaving -------------------------------------------------------------------------------
    def uninstall(self, team_id: str) -> list[dict[str, Any]]:
        """The workspace removed the app: every token of it (the fixed one too) answers
        ``token_revoked`` from now on. Returns the inner events Slack then sends, for
        ``SignedSlackRequests.for_team(team_id).event(...)``: ``tokens_revoked`` and
        ``app_uninstalled`` ("the order ... not guaranteed to be sequential",
        docs.slack.dev/reference/events/app_uninstalled)."""
        found = self.oauth.find_installation(team_id)
        revoked = self.oauth.uninstall(found.key if found is not None else team_id)
        if found is None or found.key != team_id:
            self.oauth.revoke(team_id)  # the fixed token of the workspace
        return [_tokens_revoked(revoked), {"type": "app_uninstalled"}]

    def revoke_tokens(
        self, team_id: str, *, bot: bool = True, users: list[str] | None = None
    ) -> dict[str, Any]:
        """Revoke the bot token(s) of ``team_id`` (``bot``) and the user tokens of ``users``
        (None: all); the app stays installed. Returns the inner ``tokens_revoked`` event."""
        found = self.oauth.find_installation(team_id)
        revoked = self.oauth.revoke(
            found.key if found is not None else team_id, bot=bot, users=users
        )
        if found is not None and found.key != team_id:
            extra = self.oauth.revoke(team_id, bot=bot, users=users)
            for kind in ("bot", "oauth"):
                revoked[kind] += [u for u in extra[kind] if u not in revoked[kind]]
        return _tokens_revoked(revoked)

    # ---- Slack Connect -----------------------------------------------------------------------
    def connect_user(
        self,
        user_id: str,
        *,
        home_team_id: str,
        channels: list[str] | tuple[str, ...] = (),
        team_id: str | None = None,
        **fields: Any,
    ) -> None:
        """A person of ``home_team_id`` seen from workspace ``team_id`` (default: the default
        one): a member of its shared ``channels`` (Slack Connect), whose users.info answers
        their own team_id; with no channels they are a stranger (``is_stranger``). The
        channels become externally shared (conversations.info ``is_ext_shared``).
        ``fields`` as for :meth:`set_user`."""
        workspace = self.workspace_for(team_id or self.identity.team_id)
        with workspace.lock:
            workspace.external[user_id] = {"team_id": home_team_id, "channels": list(channels)}
            if fields:
                workspace.users[user_id] = fields
            for channel_id in channels:
                current = workspace.channels.setdefault(channel_id, {})
                shared = list(current.get("shared_team_ids") or [workspace.ident.team_id])
                if home_team_id not in shared:
                    shared.append(home_team_id)
                current.update(is_shared=True, is_ext_shared=True, shared_team_ids=shared)

    # ---- fault injection ----------------------------------------------------------------------
    def fail_next(
        self,
        method: str,
        status: int = 429,
        times: int = 1,
        retry_after: int = 1,
        after_processing: bool = False,
    ) -> None:
        """Answer the next ``times`` calls with HTTP ``status`` (429 carries Retry-After);
        ``after_processing`` applies the effect first (Slack did the work, then answered 5xx)."""
        self._faults.add(
            method,
            Fault("status", times, status, retry_after, after_processing=after_processing),
        )

    def pass_next(self, method: str, times: int = 1) -> None:
        """Let the next ``times`` calls through untouched, so that a fault queued after this
        hits a later call (say, the second chat.update of a change)."""
        self._faults.add(method, Fault("pass", times))

    def drop_next(self, method: str, times: int = 1, after_processing: bool = False) -> None:
        """Close the connection unanswered; ``after_processing`` applies the effect first."""
        self._faults.add(method, Fault("drop", times, after_processing=after_processing))

    def error_next(self, method: str, error: str = "channel_not_found", times: int = 1) -> None:
        """Answer the next ``times`` calls with 200 ``{"ok": false, "error": error}``."""
        self._faults.add(method, Fault("error", times, error=error))

    def enforce_rate(
        self, method: str, per_channel_per_second: float = 1.0, burst: int = SLACK_BURST
    ) -> None:
        """Answer 429 + Retry-After to calls over the rate (token bucket per channel, full at
        first: the first call goes at once, then ``burst`` calls may come close together)."""
        self._rate.enforce(method, per_channel_per_second, burst)

    # ---- request handling ---------------------------------------------------------------------
    def _route(self, raw_path: str, headers: dict[str, str], body: bytes) -> Answer:
        parts = urlsplit(raw_path)
        path = parts.path
        if path.startswith("/api/"):
            return self._api(path[len("/api/") :], parts.query, headers, body)
        if path.startswith("/upload/"):
            file_id = path[len("/upload/") :]
            args = {"file_id": file_id, "length": len(body)}
            call = Call("upload", args, headers, time.time(), path=path)
            return self._apply(call, lambda: self._upload(file_id, body))
        if path.startswith("/files-pri/"):
            return self._private_file(path, headers)
        if path == "/oauth/v2/authorize":
            return self._authorize_page(parts.query, headers)
        if path == "/oauth/v2/authorize/answer":
            return self._authorize_answer(body, headers)
        if path == "/signin":
            return self._sign_in(parts.query)
        if path == "/" and "redir" in parse_qs(parts.query):
            return text_answer(200, SIGN_IN_PAGE, "text/html; charset=utf-8")
        if path.startswith("/response/"):
            try:
                payload = json.loads(body or b"{}")
            except ValueError:
                payload = body.decode("utf-8", "replace")
            args = payload if isinstance(payload, dict) else {"body": payload}
            call = Call("response_url", args, headers, time.time(), path=path)
            return self._apply(call, lambda: self._respond(path, payload))
        return text_answer(404, "Not Found")

    def _authorize_page(self, query: str, headers: dict[str, str]) -> Answer:
        """GET /oauth/v2/authorize: the consent page (docs.slack.dev/authentication/
        installing-with-oauth), or Slack's error page for an unknown app or redirect_uri."""
        args = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
        call = Call("oauth.authorize", args, headers, time.time(), path="/oauth/v2/authorize")

        def process() -> tuple[Answer, str]:
            try:
                self.oauth.check_authorize(args)
            except AuthorizePageError as exc:
                page = AUTHORIZE_ERROR_PAGE.format(error=escape(str(exc)))
                return text_answer(400, page, "text/html; charset=utf-8"), "error:authorize"
            signed_in = self._signed_in(headers)
            team, who = "a", "Nobody is signed in to Slack in this browser."
            if signed_in is not None:
                workspace, user = signed_in
                team = escape(workspace.ident.team_name or workspace.ident.team_domain)
                name = (workspace.users.get(user) or {}).get("real_name") or user
                who = f"Signed in as {escape(str(name))}."
            page = CONSENT_PAGE.format(
                app=escape(self.identity.bot_name),
                team=team,
                who=who,
                scope=escape(args.get("scope", "")),
                scopes="".join(
                    f"<li>{escape(s)}</li>" for s in args.get("scope", "").split(",") if s
                ),
                user_scope=escape(args.get("user_scope", "")),
                query=escape(query),
            )
            return text_answer(200, page, "text/html; charset=utf-8"), "ok"

        return self._apply(call, process)

    def _authorize_answer(self, body: bytes, headers: dict[str, str]) -> Answer:
        """POST from the authorize page: Allow (as the person signed in) or Cancel, then
        Slack's redirect back to the app, as approve_install / deny_install answer it."""
        form = {k: v[-1] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
        call = Call("oauth.authorize", form, headers, time.time(), path="/oauth/v2/authorize")

        def process() -> tuple[Answer, str]:
            authorize_url = self.authorize_url + "?" + form.get("authorize", "")
            signed_in = self._signed_in(headers)
            try:
                if form.get("answer") != "allow":
                    back = self.deny_install(authorize_url)
                elif signed_in is None:
                    page = AUTHORIZE_ERROR_PAGE.format(error="Sign in to your workspace first.")
                    return text_answer(401, page, "text/html; charset=utf-8"), "error:signin"
                else:
                    workspace, user = signed_in
                    back = self.approve_install(
                        authorize_url, team_id=workspace.ident.team_id, user_id=user
                    )
            except AuthorizePageError as exc:
                page = AUTHORIZE_ERROR_PAGE.format(error=escape(str(exc)))
                return text_answer(400, page, "text/html; charset=utf-8"), "error:authorize"
            return (302, {"Location": back, "Content-Type": "text/plain"}, b""), "ok"

        return self._apply(call, process)

    def _sign_in(self, query: str) -> Answer:
        """GET /signin?team=T…&user=U…&redir=…: this browser is signed in to that workspace as
        that person (Slack's sign-in, without a password), then sent on to ``redir`` if it is
        on this computer's loopback address."""
        args = {k: v[-1] for k, v in parse_qs(query).items()}
        team, user = args.get("team", ""), args.get("user", "")
        if team not in self.workspaces or not user:
            page = AUTHORIZE_ERROR_PAGE.format(error="No such workspace or person.")
            return text_answer(404, page, "text/html; charset=utf-8")
        redir = args.get("redir", "")
        if urlsplit(redir).hostname != urlsplit(self.base).hostname:
            redir = self.base  # never on to another site
        cookie = f"{SESSION_COOKIE}={team}:{user}; Path=/; HttpOnly; SameSite=Lax"
        return 302, {"Location": redir, "Set-Cookie": cookie, "Content-Type": "text/plain"}, b""

    def _signed_in(self, headers: dict[str, str]) -> tuple[Workspace, str] | None:
        """The workspace and person this browser is signed in as (the session cookie)."""
        cookies = next((v for k, v in headers.items() if k.lower() == "cookie"), "")
        for part in cookies.split(";"):
            name, _, value = part.strip().partition("=")
            if name == SESSION_COOKIE:
                team, _, user = value.partition(":")
                workspace = self.workspaces.get(team)
                if workspace is not None and user:
                    return workspace, user
        return None

    def _private_file(self, path: str, headers: dict[str, str]) -> Answer:
        """GET url_private / url_private_download: /files-pri/{team}-{file_id}[/download]/{name}."""
        owner = path.split("/")[2]
        file_id = owner.partition("-")[2]
        args = {"file_id": file_id, "download": "/download/" in path}
        call = Call("files.download", args, headers, time.time(), path=path)

        def process() -> tuple[Answer, str]:
            team_id = owner.partition("-")[0]
            workspace = self.workspaces.get(team_id)
            found = workspace.file_download(file_id) if workspace is not None else None
            if found is None:
                return text_answer(404, "Not Found"), "error:file_not_found"
            if not self._bearer_accepted(headers, team_id):
                return self._to_sign_in(path), "error:login_redirect"
            data, mimetype = found
            return (200, {"Content-Type": mimetype}, data), "ok"

        return self._apply(call, process)

    def _bearer_accepted(self, headers: dict[str, str], team_id: str) -> bool:
        token = bearer_token(headers)
        if not token:
            return False
        workspace, _grant, error = self._resolve(token)
        return error is None and workspace is not None and workspace.ident.team_id == team_id

    def _resolve(self, token: str) -> tuple[Workspace | None, Grant | None, str | None]:
        """The workspace a token acts in, its grant, or the error Slack answers for it."""
        grant = self.oauth.grant(token)
        if grant is not None:
            problem = grant.problem(self.now())
            if problem is not None:
                return None, grant, problem
            return self.workspaces.get(grant.team_id), grant, None
        if self.token is None or token == self.token:
            return self.workspace, None, None  # token=None: any token acts in the default one
        return None, None, "invalid_auth"

    def _to_sign_in(self, path: str) -> Answer:
        # What files.slack.com does with no token or a refused one: no 401/403, but
        # "302 Found" to the workspace's sign-in page, https://{team}.slack.com/?redir=<path>
        # (slackapi/deno-slack-sdk#285 quotes that body; drewminns/slackdeletron#48 the 302),
        # whose HTML answers 200, so a client that follows redirects gets a web page
        # instead of the file (vercel/eve#1531: "HTTP 200 with a browser login page").
        location = f"{self.base}?redir={quote(path, safe='')}"
        body = f'<a href="{location}">Found</a>.'
        return (
            302,
            {"Location": location, "Content-Type": "text/html; charset=utf-8"},
            body.encode(),
        )

    def _upload(self, file_id: str, body: bytes) -> tuple[Answer, str]:
        # The upload URL names only the file: it goes to the workspace that handed it out.
        if not any(w.store_upload(file_id, body) for w in self.workspaces.values()):
            return text_answer(404, "Not Found"), "error:not_found"
        # Like web-api/files.upload_v2_step2_upload_url_response.txt
        return text_answer(200, f"OK - {len(body)}"), "ok"

    def _respond(self, path: str, payload: Any) -> tuple[Answer, str]:
        # A response_url acts in the workspace that issued it.
        issuer = next(
            (w for w in self.workspaces.values() if w.issued_response_url(path)), self.workspace
        )
        status, text = issuer.respond(path, payload)
        return text_answer(status, text, "text/html"), "ok" if status == 200 else f"error:{text}"

    def _api(self, method: str, query: str, headers: dict[str, str], body: bytes) -> Answer:
        req = parse_api_request(query, headers, body)
        call = Call(method, req.args, headers, time.time(), path=f"/api/{method}")

        def process() -> tuple[Answer, str]:
            if method not in self.methods:
                answer = {"ok": False, "error": "unknown_method", "req_method": method}
                return json_answer(404, answer), "error:unknown_method"
            retry_after = self._rate.check(method, str(req.args.get("channel", "")))
            if retry_after is not None:
                return ratelimited_answer(retry_after), "429"
            if method == "apps.connections.open":
                result = self._open_socket_link(headers)
            elif method == "oauth.v2.access":
                result = self._oauth_access(req.args, headers)
            elif req.invalid_json:
                result = {"ok": False, "error": "invalid_json"}
            elif not req.token:
                result = {"ok": False, "error": "not_authed"}
            elif req.token.startswith("xapp-"):
                # An app-level token opens Socket Mode connections and nothing else.
                result = {"ok": False, "error": "not_allowed_token_type"}
            else:
                result = self._call_as(req.token, method, req.args)
            call.response = result
            return json_answer(200, result), outcome_of(result)

        return self._apply(call, process)

    def _call_as(self, token: str, method: str, args: dict[str, Any]) -> dict[str, Any]:
        """Run ``method`` in the workspace ``token`` belongs to."""
        workspace, grant, error = self._resolve(token)
        if error is not None or workspace is None:
            return {"ok": False, "error": error or "account_inactive"}
        if method == "auth.revoke" and grant is not None:
            # "This method revokes an access token" (docs.slack.dev/reference/methods/
            # auth.revoke); test=true only says whether it would have been.
            test = str(args.get("test", "")).lower() in ("1", "true")
            if not test:
                with self.oauth.lock:
                    grant.revoked = True
            return {"ok": True, "revoked": not test}
        result = workspace.call(method, args)
        if method == "auth.test" and grant is not None and result.get("ok"):
            result["is_enterprise_install"] = grant.is_enterprise_install
            if grant.enterprise_id is not None:
                result["enterprise_id"] = grant.enterprise_id
            if grant.kind == "user":  # a user token answers for its person, no bot_id
                result.pop("bot_id", None)
                result.update(user_id=grant.user_id, user=grant.user_id.lower())
        return result

    def _oauth_access(self, args: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
        body = self.oauth.access(
            args,
            headers,
            self._describe_team,
            lambda team_id: self.workspace_for(team_id).ident.bot_user_id,
        )
        if body.get("ok"):
            body["app_id"] = self.identity.app_id
        return body

    def _open_socket_link(self, headers: dict[str, str]) -> dict[str, Any]:
        """apps.connections.open: Slack takes the app-level token from the Authorization
        header only ("passing it as a POST parameter will result in an error")."""
        token = bearer_token(headers)
        if not token:
            return {"ok": False, "error": "not_authed"}
        if not token.startswith("xapp-"):
            known = self.token is None or token == self.token
            return {"ok": False, "error": "not_allowed_token_type" if known else "invalid_auth"}
        if self.app_token is not None and token != self.app_token:
            return {"ok": False, "error": "invalid_auth"}
        with self.workspace.lock:  # set_response: say, a URL where nothing answers
            canned = copy.deepcopy(self.workspace.canned.get("apps.connections.open"))
        return canned or {"ok": True, "url": self.socket_mode.issue_url()}

    def _apply(self, call: Call, process: Callable[[], tuple[Answer, str]]) -> Answer:
        """Run injected faults for ``call.method`` around ``process`` and record the call."""
        fault = self._faults.take(call.method)
        if fault is not None and fault.kind == "pass":
            fault = None
        if fault is not None and fault.kind == "status" and fault.after_processing:
            process()  # the effect happens; the answer is lost in a server error
            fault = dataclasses.replace(fault, after_processing=False)
        if fault is not None and fault.kind == "status":
            self._record(call, str(fault.status))
            if fault.status == 429:
                return ratelimited_answer(fault.retry_after)
            return text_answer(
                fault.status, ERROR_PAGES.get(fault.status, "Server Error"), "text/html"
            )
        if fault is not None and fault.kind == "error":
            body = {"ok": False, "error": fault.error}
            self._record(call, f"error:{fault.error}", body)
            return json_answer(200, body)
        if fault is not None and fault.kind == "drop" and not fault.after_processing:
            self._record(call, "dropped")
            return None
        answer, outcome = process()
        if fault is not None:  # drop after processing: Slack did the work, the reply got lost
            self._record(call, "dropped", call.response)
            return None
        self._record(call, outcome, call.response)
        return answer


def _tokens_revoked(revoked: dict[str, list[str]]) -> dict[str, Any]:
    """The inner tokens_revoked event: "a hash keyed with the types of revoked tokens ...
    Each key contains an array of user IDs" (docs.slack.dev/reference/events/tokens_revoked)."""
    return {"type": "tokens_revoked", "tokens": {k: list(v) for k, v in revoked.items() if v}}
