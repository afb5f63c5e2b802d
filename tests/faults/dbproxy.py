"""A loopback TCP proxy in front of a database server, for tests of a database that fails.

    with DatabaseProxy("127.0.0.1", 5432) as proxy:
        db = Database(proxy.url(database_url))
        proxy.blackhole()   # connections accepted, nothing forwarded: packets dropped
        proxy.refuse()      # new connections closed at once, open ones cut
        proxy.forward()     # back to normal

Only 127.0.0.1 is listened on. Every loop waits with a timeout and ends when the proxy is
closed, so a test can never leave a thread behind for long.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading
from typing import Literal

from sqlalchemy.engine import make_url

Mode = Literal["forward", "refuse", "blackhole"]
POLL_SECONDS = 0.05
CHUNK = 64 * 1024


class _Pair:
    """One client connection and its upstream connection, pumped both ways by one thread."""

    def __init__(self, client: socket.socket, upstream: socket.socket) -> None:
        self.client, self.upstream = client, upstream
        self.closed = threading.Event()

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

    def url(self, database_url: str) -> str:
        """``database_url`` with its host and port replaced by the proxy's."""
        parsed = make_url(database_url).set(host=self.host, port=self.port)
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
                if not all(self._relay(key.fileobj, peer[key.fileobj]) for key, _ in ready):
                    break
        pair.close()
        with self._lock:
            if pair in self._pairs:
                self._pairs.remove(pair)

    @staticmethod
    def _relay(source: socket.socket, target: socket.socket) -> bool:
        try:
            data = source.recv(CHUNK)
            if data:
                target.sendall(data)
        except OSError:
            return False
        return bool(data)
