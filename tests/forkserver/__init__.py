"""`s55bot` processes for the tests, forked from a process that has already imported the bot.

A fresh `s55bot` spends most of its CPU importing (SQLAlchemy, the models, Bolt, alembic,
psycopg: about 0.5 s of CPU a process on a 2-core machine), and the command-line tests start
about a hundred of them. Here each test worker has one fork server (server.py) that imports
once and forks a child per command.

What a test starts is still a process of its own, with ``subprocess``: a small launcher
(launch.py) that hands its arguments, environment, working folder and standard streams to the
server, relays the signals it is sent, and ends as the `s55bot` ended (its exit status, or the
signal that killed it). Killed with SIGKILL, its `s55bot` is killed with SIGKILL by the server, a
moment later: a test that kills a process to see what it left starts S55BOT_EXE itself.

What differs from a fresh interpreter: the interpreter's own settings (hash seed, UTF-8 mode,
warnings) are the server's, from the worker's environment; the modules are torn down only as far
as a collection goes. What this leaves out, an interpreter starting and the console script
importing the CLI, is tested for real: tests/bot/runtime/test_cli_imports.py starts each command
through ``main`` in a new interpreter, and sandbox/test_starting.py runs S55BOT_EXE itself.
"""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import bot

HERE = Path(__file__).parent
# The console script that `pip install` made, beside the interpreter running the tests.
S55BOT_EXE = str(Path(sys.executable).with_name("s55bot"))

_lock = threading.Lock()
_server: subprocess.Popen[bytes] | None = None
_socket = Path(tempfile.gettempdir()) / f"s55bot-forkserver-{os.getpid()}.sock"
_log = _socket.with_suffix(".log")  # the server's own stderr, should it fail


def s55bot(*args: str) -> list[str]:
    """The command line that runs ``s55bot ARGS…`` forked from this worker's server."""
    _started()
    return [sys.executable, "-I", "-S", str(HERE / "launch.py"), str(_socket), *args]


def _started() -> None:
    global _server
    with _lock:
        if _server is not None and _server.poll() is None:
            return
        if _server is None:
            atexit.register(_stop)
        # The bot this checkout holds, as the tests import it (not only the one installed).
        checkout = str(Path(bot.__file__).parent.parent)
        path = os.pathsep.join(filter(None, [checkout, os.environ.get("PYTHONPATH")]))
        with _log.open("wb") as log:
            _server = subprocess.Popen(
                [sys.executable, str(HERE / "server.py"), str(_socket)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=log,
                env={**os.environ, "PYTHONPATH": path},
            )
        assert _server.stdout is not None
        with _server.stdout:
            ready = _server.stdout.readline()
        if ready != b"ready\n":
            _server.kill()
            raise RuntimeError(f"the s55bot fork server did not start: {_log.read_text()}")


def _stop() -> None:
    """At the worker's exit: the server stopped, and its log gone unless it says something."""
    if _server is None:
        return
    _server.terminate()
    _server.wait(timeout=30)
    if _log.exists() and not _log.stat().st_size:
        _log.unlink()
