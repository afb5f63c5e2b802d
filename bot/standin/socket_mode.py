"""Socket Mode as Slack plays it: the WebSocket that ``apps.connections.open`` points to.

``apps.connections.open`` hands out a one-use ``ws://127.0.0.1:PORT/link/?ticket=…`` (Slack's
is ``wss://wss-….slack.com/link/?ticket=…&app_id=…``). On connecting the app gets ``hello``;
then the test plays envelopes (frames of payloads/socket_mode_envelope_*.json, from
python-slack-sdk's mock server) and the app answers each with an ack frame
``{"envelope_id": …, "payload": …}`` (payloads/socket_mode_ack_with_payload.json), recorded
here. ``disconnect`` sends Slack's "please reconnect" frame; ``drop`` cuts the line.
"""

from __future__ import annotations

import copy
import json
import secrets
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response
from websockets.sync.server import Server, ServerConnection, serve

_PAYLOADS = Path(__file__).with_name("payloads")
# Envelope type -> the sample frame it is built on.
ENVELOPES = {
    "slash_commands": "socket_mode_envelope_slash_commands.json",
    "interactive": "socket_mode_envelope_interactive_global_shortcut.json",
    "events_api": "socket_mode_envelope_events_api_message.json",
}


def _frame(name: str) -> dict[str, Any]:
    return json.loads((_PAYLOADS / name).read_text())


@dataclass(frozen=True)
class Ack:
    """The app's answer to one envelope; ``payload`` is None for a bare ack."""

    envelope_id: str
    payload: Any
    connection: int  # which connection (1, 2, …) carried it


class SocketModeLink:
    """The WebSocket side of Socket Mode: a loopback server, the open connections, the acks."""

    def __init__(self, app_id: str, host: str = "127.0.0.1") -> None:
        self.app_id = app_id
        self._cond = threading.Condition()
        self._tickets: set[str] = set()
        self._live: list[tuple[int, ServerConnection]] = []
        self._opened = 0
        self._acks: dict[str, Ack] = {}
        self._sent: list[dict[str, Any]] = []
        self._server: Server = serve(self._session, host, 0, process_request=self._admit)
        threading.Thread(
            target=self._server.serve_forever, name="slack-standin-socket", daemon=True
        ).start()

    def close(self) -> None:
        self._server.shutdown()
        for _number, connection in self.live:
            connection.close()

    # ---- what apps.connections.open hands out -------------------------------------------------
    def issue_url(self) -> str:
        """A new one-use WebSocket URL, as ``apps.connections.open`` answers it."""
        ticket = secrets.token_hex(16)
        with self._cond:
            self._tickets.add(ticket)
        host, port = self._server.socket.getsockname()[:2]
        return f"ws://{host}:{port}/link/?ticket={ticket}&app_id={self.app_id}"

    def _admit(self, connection: ServerConnection, request: Request) -> Response | None:
        # The ticket is spent on use: a client reconnecting must call apps.connections.open
        # again. Slack's answer to a spent ticket is not documented; this refuses the upgrade.
        ticket = request.path.partition("ticket=")[2].partition("&")[0]
        with self._cond:
            if ticket in self._tickets:
                self._tickets.discard(ticket)
                return None
        return connection.respond(401, "invalid ticket\n")

    # ---- one connection -----------------------------------------------------------------------
    def _session(self, connection: ServerConnection) -> None:
        # Slack's first frame on a connection is always ``hello``: the connection counts as live
        # (and envelopes may be sent on it) only once that has gone.
        with self._cond:
            self._opened += 1
            number = self._opened
            hello = self._hello(len(self._live) + 1)
        try:
            connection.send(json.dumps(hello))
        except ConnectionClosed:
            return
        with self._cond:
            self._live.append((number, connection))
            self._cond.notify_all()
        try:
            for raw in connection:
                self._take(raw, number)
        except ConnectionClosed:
            pass
        finally:
            with self._cond:
                self._live.remove((number, connection))
                self._cond.notify_all()

    def _hello(self, num_connections: int) -> dict[str, Any]:
        hello = _frame("socket_mode_hello.json")
        hello["num_connections"] = num_connections
        hello["connection_info"]["app_id"] = self.app_id
        return hello

    def _take(self, raw: str | bytes, number: int) -> None:
        try:
            frame = json.loads(raw)
        except ValueError:
            return  # Slack ignores what it cannot read; the envelope stays unacknowledged
        if isinstance(frame, dict) and isinstance(frame.get("envelope_id"), str):
            ack = Ack(frame["envelope_id"], frame.get("payload"), number)
            with self._cond:
                self._acks.setdefault(ack.envelope_id, ack)
                self._cond.notify_all()

    # ---- what a test plays --------------------------------------------------------------------
    @property
    def live(self) -> list[tuple[int, ServerConnection]]:
        with self._cond:
            return list(self._live)

    @property
    def opened(self) -> int:
        """How many connections were accepted so far."""
        with self._cond:
            return self._opened

    @property
    def acks(self) -> dict[str, Ack]:
        with self._cond:
            return dict(self._acks)

    @property
    def sent(self) -> list[dict[str, Any]]:
        with self._cond:
            return copy.deepcopy(self._sent)

    def send(self, kind: str, payload: dict[str, Any]) -> str:
        """Deliver ``payload`` in an envelope of ``kind`` (slash_commands, interactive or
        events_api) on the newest connection; returns the envelope_id to wait for."""
        envelope = _frame(ENVELOPES[kind])
        envelope.update(envelope_id=str(uuid.uuid4()), payload=copy.deepcopy(payload))
        self._newest().send(json.dumps(envelope))
        with self._cond:
            self._sent.append(envelope)
        return envelope["envelope_id"]

    def disconnect(self, reason: str = "too_many_websockets", timeout: float = 10.0) -> None:
        """Slack's ``disconnect`` frame: the app opens a new connection, and the old one is
        closed once it has (or ``timeout`` passes)."""
        number, connection = self._newest_numbered()
        frame = _frame("socket_mode_disconnect_too_many_websockets.json")
        frame.update(reason=reason, num_connections=len(self.live))
        frame["connection_info"]["app_id"] = self.app_id
        connection.send(json.dumps(frame))
        self._wait(lambda: self._opened > number, timeout)
        connection.close()

    def drop(self) -> None:
        """Cut the newest connection without a word, as a network failure does."""
        _number, connection = self._newest_numbered()
        connection.close_socket()

    def wait_for_connection(self, count: int = 1, timeout: float = 10.0) -> None:
        """Until ``count`` connections were opened in all, the last one still live."""
        self._wait(lambda: any(n >= count for n, _ in self._live), timeout, f"{count} conn.")

    def wait_for_ack(self, envelope_id: str, timeout: float = 10.0) -> Ack:
        self._wait(lambda: envelope_id in self._acks, timeout, f"an ack of {envelope_id}")
        return self.acks[envelope_id]

    def _newest(self) -> ServerConnection:
        return self._newest_numbered()[1]

    def _newest_numbered(self, timeout: float = 10.0) -> tuple[int, ServerConnection]:
        """The newest live connection. One whose hello is on its way becomes live a moment
        after the app has read it: waited for, up to ``timeout``."""
        self._wait(lambda: bool(self._live), timeout, "Socket Mode connection open")
        return max(self.live, key=lambda pair: pair[0])

    def _wait(self, done: Callable[[], bool], timeout: float, what: str = "") -> bool:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not done():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    if what:
                        raise AssertionError(f"no {what} within {timeout}s")
                    return False
                self._cond.wait(remaining)
        return True


__all__ = ["ENVELOPES", "Ack", "SocketModeLink"]
