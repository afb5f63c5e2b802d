"""A loopback TCP proxy in front of a database server, for tests of a database that fails.

    with DatabaseProxy("127.0.0.1", 5432) as proxy:
        db = Database(proxy.url(database_url))
        proxy.blackhole()   # connections accepted, nothing forwarded: packets dropped
        proxy.refuse()      # new connections closed at once, open ones cut
        proxy.forward()     # back to normal
        proxy.cut_after_commit(3)  # the 3rd COMMIT from now reaches the server, which carries
                                   # it out; its connection is cut before the answer comes back

Only 127.0.0.1 is listened on. Every loop waits with a timeout and ends when the proxy is
closed, so a test can never leave a thread behind for long.

To find COMMITs the proxy reads what the client sends as PostgreSQL's wire protocol (frontend
messages: a startup phase of untyped messages, then one type byte and a length each); a COMMIT
is a simple Query whose text is ``COMMIT`` (psycopg sends it so). Use it with
``sslmode=disable`` (``url(..., plain=True)``): encrypted bytes cannot be read.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading
from typing import Literal, cast

from sqlalchemy.engine import make_url

Mode = Literal["forward", "refuse", "blackhole"]
POLL_SECONDS = 0.05
CHUNK = 64 * 1024


# Startup-phase requests that the server answers with one byte, the client then going on.
_NEGOTIATIONS = {80877103, 80877104}  # SSLRequest, GSSENCRequest


class _Frontend:
    """The client's bytes as PostgreSQL frontend messages (a partial one held until whole)."""

    def __init__(self) -> None:
        self._held = b""
        self._started = False

    def messages(self, data: bytes) -> list[bytes]:
        self._held += data
        whole: list[bytes] = []
        while True:
            if not self._started:
                if len(self._held) < 8:
                    return whole
                length = int.from_bytes(self._held[:4], "big")
                code = int.from_bytes(self._held[4:8], "big")
                if len(self._held) < length:
                    return whole
                self._started = code not in _NEGOTIATIONS
            else:
                if len(self._held) < 5:
                    return whole
                length = 1 + int.from_bytes(self._held[1:5], "big")
                if len(self._held) < length:
                    return whole
            whole.append(self._held[:length])
            self._held = self._held[length:]


def is_commit(message: bytes) -> bool:
    return message[:1] == b"Q" and message[5:].rstrip(b"\x00").strip().upper() in (
        b"COMMIT",
        b"COMMIT;",
    )


class _Pair:
    """One client connection and its upstream connection, pumped both ways by one thread."""

    def __init__(self, client: socket.socket, upstream: socket.socket) -> None:
        self.client, self.upstream = client, upstream
        self.closed = threading.Event()
        self.frontend = _Frontend()

    def close(self) -> None:
        self.closed.set()
        for sock in (self.client, self.upstream):
            with contextlib.suppress(OSError):  # already gone
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


class DatabaseProxy:
    """Listens on 127.0.0.1 (a free port) and forwards to ``host:port`` while in forward mode."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self._mode: Mode = "forward"
        self._lock = threading.Lock()
        self.commits = 0  # COMMITs seen since the proxy started (or reset_count)
        self._cut_at: int | None = None
        self.cut = threading.Event()  # set when a connection was cut after its COMMIT
        self._cutting = threading.Event()  # set when that COMMIT was passed on: a cut under way
        self._pairs: list[_Pair] = []
        self._stopped = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(POLL_SECONDS)
        self.host, self.port = self._listener.getsockname()[:2]
        self._thread = threading.Thread(target=self._accept, name="dbproxy", daemon=True)
        self._thread.start()

    # ---- modes --------------------------------------------------------------------------------
    @property
    def mode(self) -> Mode:
        return self._mode

    def forward(self) -> None:
        """Pass bytes both ways (what was held back while blackholed is passed on now)."""
        self._mode = "forward"

    def refuse(self) -> None:
        """Close new connections at once and cut the open ones."""
        with self._lock:
            self._mode = "refuse"
            pairs, self._pairs = self._pairs, []
        for pair in pairs:
            pair.close()

    def blackhole(self) -> None:
        """Accept connections and keep them open, but pass no bytes either way."""
        self._mode = "blackhole"

    def cut_after_commit(self, nth: int) -> None:
        """Let the ``nth`` COMMIT from now through to the server, then cut its connection
        both ways before the server's answer comes back: committed, but the client cannot
        know it."""
        with self._lock:
            self.commits, self._cut_at = 0, nth
            self.cut.clear()
            self._cutting.clear()

    def was_cut(self, within: float = 10.0) -> bool:
        """Whether a connection was cut after its COMMIT. A cut under way is waited for (at
        most ``within`` seconds): the client hears of it at once, while the proxy still reads
        the server's answer to its end, and a caller as quick as the client must not take the
        cut for one that never happened."""
        if self._cutting.is_set():
            self.cut.wait(within)
        return self.cut.is_set()

    def count_commits(self) -> None:
        """Count COMMITs from zero, cutting none (``cut`` says whether one was cut before)."""
        with self._lock:
            self.commits, self._cut_at = 0, None

    def url(self, database_url: str, *, plain: bool = False) -> str:
        """``database_url`` with its host and port replaced by the proxy's; ``plain``: with
        neither TLS nor GSS encryption, so that COMMITs can be seen."""
        parsed = make_url(database_url).set(host=self.host, port=self.port)
        if plain:
            parsed = parsed.update_query_dict({"sslmode": "disable", "gssencmode": "disable"})
        return parsed.render_as_string(hide_password=False)

    # ---- lifecycle ----------------------------------------------------------------------------
    def close(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=5)
        self._listener.close()
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for pair in pairs:
            pair.close()

    def __enter__(self) -> DatabaseProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- the threads --------------------------------------------------------------------------
    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _address = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # closed
            if self._mode == "refuse":
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()  # the real server is down: so are we
                continue
            # As libpq and the server do on their own sockets: the proxy writes each message
            # on its own (to see COMMITs), and with Nagle's algorithm a small write waits for
            # the ACK of the one before, which the peer delays (about 40 ms on Linux
            # loopback): every query would wait that long, which tests nothing.
            for sock in (client, upstream):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            pair = _Pair(client, upstream)
            with self._lock:
                self._pairs.append(pair)
            pump = threading.Thread(target=self._pump, args=(pair,), name="dbproxy-pump")
            pump.daemon = True
            pump.start()

    def _pump(self, pair: _Pair) -> None:
        """Copy bytes both ways while forwarding; hold them (unread) otherwise."""
        peer = {pair.client: pair.upstream, pair.upstream: pair.client}
        with selectors.DefaultSelector() as selector:
            for sock in peer:
                selector.register(sock, selectors.EVENT_READ)
            while not (self._stopped.is_set() or pair.closed.is_set()):
                if self._mode != "forward":
                    pair.closed.wait(POLL_SECONDS)
                    continue
                try:
                    ready = selector.select(POLL_SECONDS)
                except (OSError, ValueError):  # cut by refuse() or close() meanwhile
                    break
                socks = [cast(socket.socket, key.fileobj) for key, _ in ready]
                if not all(self._relay(sock, peer[sock], pair) for sock in socks):
                    break
        pair.close()
        with self._lock:
            if pair in self._pairs:
                self._pairs.remove(pair)

    def _relay(self, source: socket.socket, target: socket.socket, pair: _Pair) -> bool:
        try:
            data = source.recv(CHUNK)
            if not data:
                return False
            if source is pair.client:
                return self._to_server(data, pair)
            target.sendall(data)
        except OSError:
            return False
        return True

    def _to_server(self, data: bytes, pair: _Pair) -> bool:
        """Pass the client's messages on, one by one; after the COMMIT to cut at, cut."""
        for message in pair.frontend.messages(data):
            pair.upstream.sendall(message)
            if is_commit(message) and self._count_commit():
                self._cut(pair)
                return False
        return True

    def _count_commit(self) -> bool:
        """Count one COMMIT; True if it is the one to cut after."""
        with self._lock:
            self.commits += 1
            if self._cut_at is not None and self.commits == self._cut_at:
                self._cut_at = None
                self._cutting.set()
                return True
            return False

    def _cut(self, pair: _Pair) -> None:
        """The client loses its connection now; the server gets the end of its input after
        the COMMIT (so it carries the COMMIT out), and whatever it answers goes nowhere."""
        with contextlib.suppress(OSError):
            pair.client.shutdown(socket.SHUT_RDWR)
        pair.client.close()
        with contextlib.suppress(OSError):
            pair.upstream.shutdown(socket.SHUT_WR)
            pair.upstream.settimeout(5)
            while pair.upstream.recv(CHUNK):  # the answer to the COMMIT, dropped
                pass
        pair.upstream.close()
        pair.closed.set()
        self.cut.set()
