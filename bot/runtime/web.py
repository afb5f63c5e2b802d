"""The WSGI application: Slack's endpoint and a health check, served by waitress."""

from __future__ import annotations

import io
import json
import re
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier
from waitress import wasyncore

from storage.db import Database

SLACK_PATH = "/slack/events"
HEALTH_PATH = "/healthz"

StartResponse = Callable[..., Any]

# The largest request Slack sends is a message event: at most 40,000 characters of text,
# which JSON-escaped (an emoji as two \uXXXX escapes, 12 bytes) is up to 480 KB, and a
# message_changed event carries it up to four times (text and blocks, new and previous):
# about 1.9 MB. Modals are smaller (100 blocks of at most 3,000 characters). waitress
# answers 413 to anything larger before reading its body (its default allows 1 GB).
MAX_BODY_BYTES = 2 * 1024 * 1024
# waitress's request threads. A request's thread only acknowledges (the work after the ack is
# a worker's: bot.runtime.worker), so it mostly waits for the inbox writer's commit: under a
# burst, more threads waiting means more rows in each commit, not more CPU.
WORKER_THREADS = 24


# Slack's headers exactly: a Unix time in digits, and "v0=" with a hex HMAC-SHA256.
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")


def make_wsgi_app(
    app: App, db: Database, *, signing_secret: str | None = None
) -> Callable[[dict, StartResponse], Iterable[bytes]]:
    """``signing_secret`` defaults to the Bolt app's own (Bolt has no public accessor)."""
    slack = SlackRequestHandler(app, path=SLACK_PATH)
    verifier = SignatureVerifier(signing_secret or app._signing_secret or "")
    health = HealthCheck(db.ping)

    def wsgi(environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == HEALTH_PATH and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            return _health(health, start_response)
        # Bolt passes an unverifiable request to the error handler with its body parsed
        # (which would answer its response_url): so Bolt only ever sees verified ones.
        slack_post = path == SLACK_PATH and environ.get("REQUEST_METHOD") == "POST"
        if slack_post and not _verified(verifier, environ):
            return _answer(start_response, "401 Unauthorized", {"error": "invalid request"})
        return slack(environ, start_response)

    return wsgi


def _verified(verifier: SignatureVerifier, environ: dict) -> bool:
    """Checks the signature and leaves the body it read in place for Bolt."""
    timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "")
    signature = environ.get("HTTP_X_SLACK_SIGNATURE", "")
    if not (_TIMESTAMP.fullmatch(timestamp) and _SIGNATURE.fullmatch(signature)):
        return False
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    # waitress has already refused anything over MAX_BODY_BYTES with 413, unread.
    body = environ["wsgi.input"].read(length) if length > 0 else b""
    environ["wsgi.input"] = io.BytesIO(body)
    try:
        return verifier.is_valid(body, timestamp, signature)
    except UnicodeDecodeError:  # slack_sdk decodes the body as UTF-8 to sign it
        return False


def _answer(start_response: StartResponse, status: str, payload: dict) -> Iterable[bytes]:
    body = json.dumps(payload).encode()
    start_response(
        status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]


class HealthCheck:
    """Whether the database answers, said within ``budget`` seconds whatever it does.

    The probe runs on its own thread. Callers arriving while it runs share it, and wait at
    most until ``budget`` seconds after it started (a caller that was queued behind others
    is not made to wait a budget of its own): a probe that has not come back by then means
    "unreachable". Probes stuck on a silent database never pile up: there is at most one,
    and it ends by itself (``Database.ping`` is bounded) before the next one starts.
    """

    def __init__(self, ping: Callable[[], bool], *, budget: float = 1.0) -> None:
        self._ping, self._budget = ping, budget
        self._lock = threading.Lock()
        self._running: _Probe | None = None

    def __call__(self) -> bool:
        with self._lock:
            probe = self._running
            if probe is None or probe.finished.is_set():
                probe = self._running = _Probe(self._ping)
        remaining = probe.started + self._budget - time.monotonic()
        return probe.finished.wait(max(remaining, 0.0)) and probe.healthy


class _Probe:
    def __init__(self, ping: Callable[[], bool]) -> None:
        self.healthy = False
        self.started = time.monotonic()
        self.finished = threading.Event()
        threading.Thread(target=self._run, args=(ping,), name="s55bot-health", daemon=True).start()

    def _run(self, ping: Callable[[], bool]) -> None:
        try:
            self.healthy = ping()
        finally:
            self.finished.set()


def _health(check: HealthCheck, start_response: StartResponse) -> Iterable[bytes]:
    healthy = check()
    status = "200 OK" if healthy else "503 Service Unavailable"
    payload = {"ok": healthy, "database": "ok" if healthy else "unreachable"}
    return _answer(start_response, status, payload)


def _create_server(
    wsgi: Callable[..., Iterable[bytes]],
    *,
    host: str,
    port: int,
    threads: int = WORKER_THREADS,
    max_body: int = MAX_BODY_BYTES,
) -> Any:
    from waitress.server import create_server

    return create_server(
        wsgi,
        host=host,
        port=port,
        threads=threads,
        ident="s55bot",
        max_request_body_size=max_body,
    )


class RunningServer:
    """A waitress server on a background thread: `s55bot serve`'s, the sandbox's, and tests'
    and benchmarks'. Its thread is a daemon thread; :meth:`stop` ends it."""

    def __init__(
        self,
        wsgi: Callable[..., Iterable[bytes]],
        *,
        host: str,
        port: int,
        threads: int = WORKER_THREADS,
        max_body: int = MAX_BODY_BYTES,
    ) -> None:
        self._server = _create_server(
            wsgi, host=host, port=port, threads=threads, max_body=max_body
        )
        self.port = int(self._server.effective_port)
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="s55bot-http", daemon=True)
        self._thread.start()
        self.url = f"http://{host}:{self.port}/"

    def _run(self) -> None:
        try:
            self._server.run()
        except OSError:
            if not self._stopping:  # the loop may still be in select() on a socket we closed
                raise

    def stop(self, *, within: float = 5.0) -> bool:
        """Stop listening at once (a new connection is refused), let the requests in hand be
        answered for at most ``within`` seconds, then close every connection. Whether every
        request in hand was answered (one cut off is not acknowledged: Slack sends an event
        again, and a command's work was stored before its ack or not at all)."""
        self._stopping = True
        deadline = time.monotonic() + within
        # Sockets are the server loop's: it closes them itself, between two polls.
        self._in_loop(lambda: wasyncore.dispatcher.close(self._server), within)
        answered = self._wait_until_answered(deadline)
        # Idle request threads end at once; a busy one is left (a daemon thread).
        self._server.task_dispatcher.shutdown(cancel_pending=True, timeout=1.0 if answered else 0)
        if not self._in_loop(lambda: wasyncore.close_all(self._server._map), 1.0):
            self._server.close()  # no loop to do it: close from here
        self._thread.join(timeout=1.0)  # the loop ends once nothing is left to poll
        return answered

    def _in_loop(self, action: Callable[[], object], within: float) -> bool:
        """Run ``action`` on the server loop's thread; whether it ran within ``within`` s."""
        done = threading.Event()

        def run() -> None:
            try:
                action()
            finally:
                done.set()

        try:
            self._server.trigger.pull_trigger(run)
        except OSError:  # the loop has closed its trigger already
            return False
        return done.wait(within)

    def _wait_until_answered(self, deadline: float) -> bool:
        tasks = self._server.task_dispatcher
        while True:
            channels = list(self._server.active_channels.values())
            busy = tasks.active_count or tasks.queue or any(c.total_outbufs_len for c in channels)
            if not busy:
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)  # a request in hand is answered within Slack's 3 s


def start_in_thread(
    wsgi: Callable[..., Iterable[bytes]], *, host: str = "127.0.0.1", port: int = 0
) -> RunningServer:
    return RunningServer(wsgi, host=host, port=port)
