"""The sandbox page's web server (WSGI): the page, its two static files, what one person sees,
and what they do: each turned into Slack's request by the pretend Slack client."""

from __future__ import annotations

import base64
import binascii
import ipaddress
import json
import mimetypes
import re
from collections.abc import Callable, Iterable
from importlib.resources import files
from typing import Any
from urllib.parse import parse_qs, quote

from bot.copy import HELP

from . import cast, demo
from .running import MAX_DAYS_PER_MOVE, NotFresh, Sandbox
from .screens import Screens
from .slack_client import Gone, MessageTooLong, PretendSlackClient, Where
from .templating import environment

StartResponse = Callable[..., Any]
LONG_POLL_SECONDS = 15.0
# Each open page holds one thread in its long poll: room for a tab per person, and more.
PAGE_THREADS = 32
MAX_BODY_BYTES = 40 * 1024 * 1024  # a 25 MB upload, in base64, inside JSON
# What the server itself takes in (it holds a body whole before the page's code sees it): more
# than MAX_BODY_BYTES, so that a body over it is refused by the page's code with its one-line
# JSON error; beyond this, waitress refuses it with a plain 413 before reading it.
SERVER_BODY_BYTES = 2 * MAX_BODY_BYTES
# The page's own scripts and styles only: no inline script or style, nothing from elsewhere.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# A shared file, opened on its own: nothing in it runs (an SVG or HTML file is a download).
FILE_POLICY = "default-src 'none'; sandbox"
# Pictures shown in a message as Slack shows them; any other file is only ever downloaded.
SHOWN_IMAGES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
STATIC = {"sandbox.js": "text/javascript", "sandbox.css": "text/css", "blockkit.css": "text/css"}
_USAGE = re.compile(r"• `(/s55 [^`]*)`\s*(?:\(([^)]*)\))?\s*(.*)")


class Refused(Exception):
    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status


def make_page_app(sandbox: Sandbox) -> Callable[[dict, StartResponse], Iterable[bytes]]:
    zone = sandbox.settings.timezone
    screens = {
        office.team_id: Screens(
            sandbox.standin, office, zone, today=lambda: sandbox.services.today()
        )
        for office in cast.OFFICES
    }
    actions = _Actions(sandbox)

    def wsgi(environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        try:
            _check_origin(environ)
            return _route(environ, start_response, sandbox, screens, actions)
        except Refused as refusal:
            return _json(start_response, {"error": str(refusal)}, refusal.status)

    return wsgi


def _route(
    environ: dict,
    start_response: StartResponse,
    sandbox: Sandbox,
    screens: dict[str, Screens],
    actions: _Actions,
) -> Iterable[bytes]:
    method, path = environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", "/")
    if method == "GET" and path == "/":
        return _page(start_response, sandbox, _query(environ))
    if method == "GET" and path == "/sandbox/install":
        return _add_to_slack(start_response, sandbox, _query(environ))
    if method == "GET" and path.startswith("/static/") and path[8:] in STATIC:
        name = path[8:]
        content = files("bot.runtime.sandbox").joinpath("static", name).read_bytes()
        return _send(start_response, "200 OK", STATIC[name] + "; charset=utf-8", content)
    if method == "GET" and path == "/favicon.ico":
        return _send(start_response, "204 No Content", "image/x-icon", b"")
    if method == "GET" and path == "/sandbox/screen":
        return _json(start_response, _screen(sandbox, screens, _query(environ)))
    if method == "GET" and path.startswith("/sandbox/files/"):
        shown = _query(environ).get("view") == "1"
        return _download(start_response, sandbox, path.rsplit("/", 1)[-1], shown=shown)
    if method == "POST" and path.startswith("/sandbox/"):
        body = _body(environ)
        answer = actions.run(path.removeprefix("/sandbox/"), body)
        return _json(start_response, answer)
    raise Refused("404 Not Found", "no such page in the sandbox")


# ---- the page and what one person sees ---------------------------------------------------------
def _page(
    start_response: StartResponse, sandbox: Sandbox, query: dict[str, str]
) -> Iterable[bytes]:
    """The page of one workspace: the one of the person in ``as``, or ``workspace`` (a
    team_id), or the first; its people in the person switcher, the others in the rail."""
    office = (
        cast.office_of(query.get("as", ""))
        or cast.office_for_team(query.get("workspace"))
        or cast.NORFOLK
    )
    sandbox.page_loaded(office)
    boot = {
        "people": [{"user_id": p.user_id, "name": p.name} for p in office.people],
        "hints": hints(),
        "since": sandbox.clock.now().timestamp(),
        "workspace_url": f"https://{office.identity.team_domain}.slack.com/",
        "demo": office == cast.NORFOLK,  # the demo's story is the first office's
    }
    html = (
        environment()
        .get_template("page.html")
        .render(
            office=office,
            offices=cast.OFFICES,
            channel=office.channel,
            channel_name=office.channel_name,
            bot_name=cast.BOT_NAME,
            people=office.people,
            installed=sandbox.installed(office.team_id),
            clock=sandbox.clock_text(),
            boot=boot,
        )
    )
    return _send(
        start_response,
        "200 OK",
        "text/html; charset=utf-8",
        html.encode(),
        [("Content-Security-Policy", CONTENT_SECURITY_POLICY)],
    )


def _add_to_slack(
    start_response: StartResponse, sandbox: Sandbox, query: dict[str, str]
) -> Iterable[bytes]:
    """Add to Slack, for the person in ``as``: on to Slack's sign-in as them, then the bot's
    install page (a new tab; the page notices the install by itself)."""
    user = _person(query.get("as"))
    office = cast.office_of(user)
    assert office is not None  # _person knows them
    start_response(
        "302 Found",
        [("Location", sandbox.install_url(office, user)), ("Cache-Control", "no-store")],
    )
    return [b""]


def _screen(sandbox: Sandbox, screens: dict[str, Screens], query: dict[str, str]) -> dict[str, Any]:
    user = _person(query.get("as"))
    office = cast.office_of(user)
    assert office is not None  # _person knows them
    seen = _number(query.get("version"), -1)
    version = sandbox.version()
    if seen == version:  # nothing new: wait for a change (a long poll), then answer
        version = sandbox.wait_for_change(version, LONG_POLL_SECONDS)
    since = float(_number(query.get("since"), 0))
    thread = query.get("thread")
    shown = screens[office.team_id]
    key, modal = shown.modal(user)
    return {
        "version": version,
        "run": sandbox.run_id,
        "clock": sandbox.clock_text(),
        "channel": shown.channel(user, since, lambda: sandbox.app_state(office.team_id)),
        "thread": shown.thread(user, since, thread) if thread else "",
        "home": shown.home(user) if query.get("tab") == "home" else "",
        "installed": sandbox.installed(office.team_id),
        "untouched": sandbox.untouched(),
        "modal": {"key": key, "html": modal},
    }


def hints() -> list[dict[str, str]]:
    """The sub-commands, from the bot's own help (its "• `/s55 …`" lines), as the message
    box suggests them; `/s55 help` first."""
    found = [{"usage": "/s55 help", "fill": "/s55 help", "says": "what I can do, with examples"}]
    for line in HELP.splitlines():
        match = _USAGE.match(line.strip())
        if match is None or match.group(1).startswith("/s55 help"):
            continue
        usage, says = match.group(1), match.group(3).replace("`", "").strip(" .")
        for each in (usage, *_alternatives(usage, match.group(2) or "")):
            fill = each.split(" <", 1)[0].split(" [", 1)[0]
            fill = fill.split(" S55-1", 1)[0] + (" S55-" if "S55-1" in each else " ")
            if all(hint["fill"] != fill for hint in found):
                found.append({"usage": each, "fill": fill, "says": says})
    return found


def _alternatives(usage: str, aside: str) -> list[str]:
    """The usages an aside such as "(or `afis`)" names: each word in place of the usage's
    last one, or of its sub-command when the last is the reference (`/s55 recs S55-1` (or
    `afis`) is `/s55 afis S55-1`). The help names `/s55 afis` so the box suggests it too."""
    if not aside.startswith("or "):
        return []
    words = usage.split(" ")
    at = 1 if words[-1] == "S55-1" else len(words) - 1
    return [
        " ".join([*words[:at], other, *words[at + 1 :]])
        for other in re.findall(r"`([^`]+)`", aside)
    ]


# ---- what people do ---------------------------------------------------------------------------
class _Actions:
    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    def run(self, name: str, body: dict[str, Any]) -> dict[str, Any]:
        handlers = {
            "send": self._send,
            "click": self._click,
            "submit": self._submit,
            "close": self._close,
            "home": self._home,
            "upload": self._upload,
            "clock": self._clock,
            "demo": self._demo,
        }
        if name not in handlers:
            raise Refused("404 Not Found", "no such action in the sandbox")
        user = _person(body.get("as"))
        try:
            return handlers[name](user, body) or {}
        except Gone as gone:
            raise Refused("404 Not Found", str(gone)) from None

    def _slack(self, user: str) -> PretendSlackClient:
        """The Slack client of the person's workspace."""
        office = cast.office_of(user)
        assert office is not None  # _person knows them
        return self.sandbox.slacks[office.team_id]

    def _send(self, user: str, body: dict[str, Any]) -> None:
        try:
            self._slack(user).send(user, _text(body, "text"), _optional_text(body, "thread"))
        except MessageTooLong as refusal:
            raise Refused("400 Bad Request", str(refusal)) from None

    def _click(self, user: str, body: dict[str, Any]) -> None:
        spot = body.get("where")
        if not isinstance(spot, dict):
            spot = {}
        where = Where(
            surface=_text(spot, "surface"),
            ts=_optional_text(spot, "ts"),
            view_id=_optional_text(spot, "view_id"),
        )
        if where.surface not in ("message", "ephemeral", "home", "modal"):
            raise Refused("400 Bad Request", "a click must say where it happened")
        self._slack(user).click(
            user,
            where,
            block_id=_text(body, "block_id", allow_empty=True),
            action_id=_text(body, "action_id"),
            chosen=body.get("chosen"),
            form=_form(body),
        )

    def _submit(self, user: str, body: dict[str, Any]) -> dict[str, Any]:
        errors = self._slack(user).submit(user, _text(body, "view_id"), _form(body))
        return {"errors": errors or {}}

    def _close(self, user: str, body: dict[str, Any]) -> None:
        self._slack(user).close(user, _text(body, "view_id"))

    def _home(self, user: str, body: dict[str, Any]) -> None:
        self._slack(user).open_home(user)

    def _upload(self, user: str, body: dict[str, Any]) -> dict[str, Any]:
        try:
            data = base64.b64decode(_text(body, "data", allow_empty=True), validate=True)
        except (binascii.Error, ValueError):
            raise Refused("400 Bad Request", "the file did not arrive whole") from None
        refused = self._slack(user).upload(
            user,
            _text(body, "filename"),
            data,
            _text(body, "mimetype"),
            thread_ts=_optional_text(body, "thread"),
        )
        if refused:
            raise Refused("413 Content Too Large", refused)
        return {}

    def _clock(self, user: str, body: dict[str, Any]) -> dict[str, Any]:
        if body.get("remind"):
            sent = self.sandbox.run_reminders()
            return {"said": f"Reminders ran for {self.sandbox.clock_text()}. {_sent(sent)}."}
        if body.get("to") == "deadline":
            moved = self.sandbox.move_to_deadline()
            if moved is None:
                return {"said": "No open inspection has a deadline ahead: the clock stays."}
            now = self.sandbox.clock_text()
            return {"said": f"Now {now}, the nearest deadline. {_sent(moved)}."}
        days = body.get("days")
        if type(days) is not int or not 1 <= days <= MAX_DAYS_PER_MOVE:
            raise Refused("400 Bad Request", f"move the clock by 1 to {MAX_DAYS_PER_MOVE} days")
        sent = self.sandbox.move_days(days)
        return {"said": f"Now {self.sandbox.clock_text()}. {_sent(sent)}."}

    def _demo(self, user: str, body: dict[str, Any]) -> dict[str, Any]:
        """The demo, started from the page (as ``s55bot sandbox --demo`` would): only while
        nothing has happened here, since it sets the clock back to its first day, in 2024."""
        try:
            self.sandbox.start_demo(demo.play, demo.STARTS)
        except NotFresh as refused:
            raise Refused("409 Conflict", f"The demo cannot start here: {refused}.") from None
        except demo.DemoFailed as failed:
            raise Refused("500 Internal Server Error", str(failed)) from None
        return {"said": f"The demo has started: now {self.sandbox.clock_text()}."}


def _sent(count: int) -> str:
    if count == 0:
        return "No reminder was due (each is sent once)"
    return f"{count} reminder{'s were' if count != 1 else ' was'} sent"


# ---- checks and plumbing ----------------------------------------------------------------------
def _check_origin(environ: dict) -> None:
    """Loopback only, addressed by a loopback name (no DNS rebinding), and changes only from
    the page itself (a custom header no other site can send without asking)."""
    if not ipaddress.ip_address(environ.get("REMOTE_ADDR", "0.0.0.0")).is_loopback:
        raise Refused("403 Forbidden", "the sandbox answers only this computer")
    host = environ.get("HTTP_HOST", "").rsplit(":", 1)[0]
    if host not in ("127.0.0.1", "localhost", "[::1]"):
        raise Refused("403 Forbidden", "open the sandbox at http://127.0.0.1")
    if environ.get("REQUEST_METHOD") == "POST" and environ.get("HTTP_X_SANDBOX_REQUEST") != "1":
        raise Refused("403 Forbidden", "changes come only from the sandbox page")


def _body(environ: dict) -> dict[str, Any]:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY_BYTES:
        raise Refused("413 Content Too Large", "that is more than the sandbox takes at once")
    try:
        body = json.loads(environ["wsgi.input"].read(length) or b"{}")
    except (ValueError, RecursionError):
        raise Refused("400 Bad Request", "the request was not JSON") from None
    if not isinstance(body, dict):
        raise Refused("400 Bad Request", "the request was not a JSON object")
    return body


def _person(user: Any) -> str:
    if not isinstance(user, str) or cast.person(user) is None:
        raise Refused("400 Bad Request", "choose who you are in the person switcher")
    return user


def _text(body: dict[str, Any], name: str, *, allow_empty: bool = False) -> str:
    value = body.get(name)
    if not isinstance(value, str) or (not value and not allow_empty):
        raise Refused("400 Bad Request", f"{name} is missing")
    return value


def _optional_text(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    return value if isinstance(value, str) and value else None


def _form(body: dict[str, Any]) -> dict[str, Any]:
    """A form's fields as a browser gives them: text, or a list of the boxes ticked."""
    form = body.get("form")
    if form is None:
        return {}
    if not isinstance(form, dict) or not all(_field_value(v) for v in form.values()):
        raise Refused("400 Bad Request", "a form's fields are text, or lists of text")
    return form


def _field_value(value: Any) -> bool:
    if value is None or isinstance(value, str):
        return True
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _number(value: str | None, default: float) -> float:
    try:
        return float(value) if value is not None else default
    except ValueError:
        return default


def _query(environ: dict) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}


def _download(
    start_response: StartResponse, sandbox: Sandbox, file_id: str, *, shown: bool = False
) -> Iterable[bytes]:
    """A file as a download (``attachment``: a browser never opens it as a page of the
    sandbox, where a script in it would act as anyone); ``shown``: a picture shown in its
    message, or opened at full size, typed as a picture (a PNG, JPEG, GIF or WebP: an SVG is
    no picture here, it can hold script). Nothing served runs: nosniff, and a policy of its
    own that allows nothing."""
    stored = next(
        (w.files.get(file_id) for w in sandbox.standin.workspaces.values() if file_id in w.files),
        None,
    )
    if not stored or stored.get("data") is None:
        raise Refused("404 Not Found", "no such file")
    name = str(stored.get("filename") or file_id)
    kind = mimetypes.guess_type(name)[0] or ""
    picture = shown and kind in SHOWN_IMAGES
    served = kind if picture else "application/octet-stream"
    disposition = "inline" if picture else "attachment"
    headers = [
        ("Content-Disposition", f"{disposition}; filename*=UTF-8''{quote(name)}"),
        ("Content-Security-Policy", FILE_POLICY),
    ]
    return _send(start_response, "200 OK", served, stored["data"], headers)


def _json(start_response: StartResponse, value: Any, status: str = "200 OK") -> Iterable[bytes]:
    return _send(start_response, status, "application/json", json.dumps(value).encode())


def _send(
    start_response: StartResponse,
    status: str,
    content_type: str,
    body: bytes,
    headers: list[tuple[str, str]] | None = None,
) -> Iterable[bytes]:
    start_response(
        status,
        [
            ("Content-Type", content_type),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            *(headers or []),
        ],
    )
    return [body]
