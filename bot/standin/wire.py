"""HTTP plumbing of the stand-in: request parsing, recorded calls, answers, the request handler."""

from __future__ import annotations

import contextlib
import json
import secrets
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qs

# Arguments Slack accepts as JSON-encoded strings; recorded calls hold them decoded.
JSON_ARGS = ("blocks", "attachments", "view", "metadata", "files")
# Slack's edge answers 5xx with HTML pages, not JSON.
ERROR_PAGES = {
    500: "<html><body><h1>500 Internal Server Error</h1></body></html>",
    503: "<html><body><h1>503 Service Unavailable</h1></body></html>",
}

Answer = tuple[int, dict[str, str], bytes] | None  # None = close the connection without answering


@dataclass
class Call:
    """One request received; ``outcome``: "ok", "error:<code>", "429", "500", "503", "dropped".
    A private file's download is method "files.download" ("error:login_redirect" without
    the token)."""

    method: str
    args: dict[str, Any]
    headers: dict[str, str]
    at: float
    outcome: str = "ok"
    path: str = ""
    response: dict[str, Any] | None = None


@dataclass
class ApiRequest:
    args: dict[str, Any]
    token: str | None
    invalid_json: bool


def _header(headers: dict[str, str], name: str) -> str:
    return next((v for k, v in headers.items() if k.lower() == name), "")


def bearer_token(headers: dict[str, str]) -> str:
    """The token of an ``Authorization: Bearer …`` header; "" without one."""
    auth = _header(headers, "authorization")
    return auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else ""


def _form(raw: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(raw, keep_blank_values=True).items()}


def parse_api_request(query: str, headers: dict[str, str], body: bytes) -> ApiRequest:
    """Merge query, form or JSON body into args; find the token like Slack does."""
    args: dict[str, Any] = _form(query)
    is_json = "json" in _header(headers, "content-type")
    invalid_json = False
    if body and is_json:
        try:
            data = json.loads(body)
        except ValueError:
            data = None
        invalid_json = not isinstance(data, dict)
        args.update(data if isinstance(data, dict) else {})
    elif body:
        args.update(_form(body.decode("utf-8", "replace")))
    token_arg = args.pop("token", None)
    for key in JSON_ARGS:
        if isinstance(args.get(key), str):
            # Undecodable JSON stays a string; the method checks report it like Slack does.
            with contextlib.suppress(ValueError):
                args[key] = json.loads(args[key])
    auth = _header(headers, "authorization")
    # Slack ignores a token inside a JSON body: only the header or form/query fields count.
    if auth.startswith("Bearer "):
        token: str | None = auth[len("Bearer ") :]
    else:
        token = None if is_json else token_arg
    return ApiRequest(args, token or None, invalid_json)


def json_answer(status: int, body: dict[str, Any], extra: dict[str, str] | None = None) -> Answer:
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "X-Slack-Req-Id": secrets.token_hex(16),
        **(extra or {}),
    }
    return status, headers, json.dumps(body, separators=(",", ":")).encode()


def text_answer(status: int, text: str, ctype: str = "text/plain; charset=utf-8") -> Answer:
    return status, {"Content-Type": ctype}, text.encode()


def ratelimited_answer(retry_after: int) -> Answer:
    """Byte for byte web-api/ratelimited_429.http."""
    headers = {"retry-after": str(retry_after), "content-type": "application/json;charset=utf-8"}
    return 429, headers, b'{"ok":false,"error":"ratelimited"}'


def outcome_of(body: dict[str, Any]) -> str:
    return "ok" if body.get("ok") else f"error:{body.get('error')}"


class Routes(Protocol):
    """What answers the stand-in's requests (SlackStandIn)."""

    def _route(self, raw_path: str, headers: dict[str, str], body: bytes) -> Answer: ...


class StandInServer(ThreadingHTTPServer):
    """The stand-in's HTTP server, one thread a request, with what answers them."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], standin: Routes) -> None:
        super().__init__(address, Handler)
        self.standin = standin


class Handler(BaseHTTPRequestHandler):
    """Hands every request to ``server.standin._route``; ``None`` means drop the connection."""

    server: StandInServer
    server_version = "Apache"  # what slack.com announces (web-api/vcr cassettes)
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output quiet

    def do_GET(self) -> None:
        self._serve(b"")

    def do_POST(self) -> None:
        self._serve(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

    def _serve(self, body: bytes) -> None:
        standin = self.server.standin
        answer = standin._route(self.path, dict(self.headers.items()), body)
        if answer is None:
            # finish() then closes the socket: the client gets no status line at all.
            self.close_connection = True
            return
        status, headers, payload = answer
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)
