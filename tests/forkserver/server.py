"""The fork server: one per test worker, started by tests.forkserver. It imports what the
`s55bot` commands import, then forks a child for each launcher that connects; the child becomes
that launcher's `s55bot` (its arguments, environment, working folder and standard streams) and
runs ``bot.runtime.cli.main`` as the console script does, exiting the way Python exits.

Run as a script (``python server.py SOCKET``), so that nothing of the test suite is imported
here: a child holds the bot's modules and the standard library's, as a fresh `s55bot` does.
"""

from __future__ import annotations

import array
import ast
import atexit
import contextlib
import faulthandler
import importlib
import io
import json
import os
import select
import signal
import socket
import struct
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import NoReturn

# Imported by storage.db only when needed (a migration, a PostgreSQL URL) and by the report's
# charts: a fresh process pays for them in the commands that use them.
LAZY = (
    "psycopg",
    "alembic.command",
    "alembic.config",
    "alembic.script",
    "alembic.runtime.migration",
    "bot.documents.compliance.charts",
)
FDS = 3  # stdin, stdout, stderr


def commands_imports() -> list[str]:
    """Every module bot/runtime/cli.py imports inside its commands (it imports per command)."""
    import bot.runtime.cli as cli

    tree = ast.parse(Path(cli.__file__).read_text())
    names: list[str] = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.append(node.module)
            elif isinstance(node, ast.Import):
                names.extend(alias.name for alias in node.names)
    return names


def preload() -> None:
    for name in ["bot.runtime.cli", *commands_imports(), *LAZY]:
        importlib.import_module(name)
    # A fork copies only the thread that forks: a thread started by an import would be missing
    # from every child, holding whatever lock it held.
    if threading.active_count() != 1:
        raise RuntimeError(f"an import started a thread: {threading.enumerate()}")


def receive(connection: socket.socket) -> tuple[dict, list[int]]:
    """A launcher's request: a length, its JSON, and its three standard streams' descriptors."""
    fds = array.array("i")
    data, ancillary, _flags, _address = connection.recvmsg(
        65536, socket.CMSG_SPACE(FDS * fds.itemsize)
    )
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(payload[: len(payload) - len(payload) % fds.itemsize])
    if len(data) < 4 or len(fds) != FDS:
        raise ConnectionError("not a launcher's request")
    (size,) = struct.unpack("!I", data[:4])
    body = data[4:]
    while len(body) < size:
        chunk = connection.recv(size - len(body))
        if not chunk:
            raise ConnectionError("the launcher left mid-request")
        body += chunk
    return json.loads(body), list(fds)


def status_line(status: int) -> bytes:
    if os.WIFSIGNALED(status):
        return b"S%d\n" % os.WTERMSIG(status)
    return b"E%d\n" % os.waitstatus_to_exitcode(status)


def serve(path: str) -> tuple[dict, list[int]]:
    """Forks a child per request; returns only in a child, with its request."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    listener.bind(path)
    listener.listen(64)
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_read, False)
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    worker = os.getppid()
    children: dict[int, socket.socket] = {}  # pid → its launcher's connection
    print("ready", flush=True)
    try:
        while True:
            readable, _, _ = select.select([listener, wake_read, *children.values()], [], [], 1)
            if os.getppid() != worker:  # the test worker is gone
                sys.exit(0)
            with contextlib.suppress(BlockingIOError):
                os.read(wake_read, 512)
            reap(children)
            for connection in [c for c in readable if c in children.values()]:
                # A launcher sends nothing after its request: readable means it has gone
                # (SIGKILL), and so does its `s55bot`, as a process killed would.
                pid = next(p for p, c in children.items() if c is connection)
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            if listener in readable:
                connection, _ = listener.accept()
                connection.settimeout(10)  # a launcher sends its request at once
                try:
                    request, fds = receive(connection)
                except (OSError, ValueError):
                    connection.close()
                    continue
                connection.settimeout(None)
                pid = os.fork()
                if pid == 0:
                    signal.set_wakeup_fd(-1)
                    for number in (signal.SIGCHLD, signal.SIGTERM):
                        signal.signal(number, signal.SIG_DFL)
                    for held in (listener, connection, *children.values()):
                        held.close()
                    os.close(wake_read)
                    os.close(wake_write)
                    return request, fds
                for fd in fds:
                    os.close(fd)
                try:
                    connection.sendall(b"P%d\n" % pid)
                except OSError:
                    os.kill(pid, signal.SIGKILL)
                children[pid] = connection
    finally:
        if os.getpid() == server_pid:  # not in a child, which returns through here
            for pid in children:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)


def reap(children: dict[int, socket.socket]) -> None:
    while children:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        connection = children.pop(pid, None)
        if connection is None:
            continue
        with contextlib.suppress(OSError):
            connection.sendall(status_line(status))
        connection.close()


def become(request: dict, fds: list[int]) -> None:
    """What a fresh interpreter would have been given: its streams, folder, environment,
    arguments; its stdio built as Python builds it; faulthandler if the environment asks."""
    for target, fd in enumerate(fds):
        if fd != target:
            os.dup2(fd, target)
    for fd in set(fds) - {0, 1, 2}:
        os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    time.tzset()
    sys.argv = list(request["argv"])
    sys.path[0] = str(Path(sys.executable).parent)  # a console script's folder
    sys.stdin, sys.stdout, sys.stderr = (
        stream(0, sys.stdin),
        stream(1, sys.stdout),
        stream(2, sys.stderr),
    )
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = sys.stdin, sys.stdout, sys.stderr
    if os.environ.get("PYTHONFAULTHANDLER"):
        faulthandler.enable()


def stream(fd: int, was: io.TextIOWrapper) -> io.TextIOWrapper:
    """A standard stream on ``fd`` as CPython makes one (Python/pylifecycle.c, create_stdio):
    buffered unless PYTHONUNBUFFERED; line-buffered on a terminal, and stderr always."""
    unbuffered = bool(os.environ.get("PYTHONUNBUFFERED"))
    encoding, _, errors = os.environ.get("PYTHONIOENCODING", "").partition(":")
    raw = io.FileIO(fd, "rb" if fd == 0 else "wb", closefd=False)
    buffer: io.RawIOBase | io.BufferedIOBase = raw
    if fd == 0:
        buffer = io.BufferedReader(raw)
    elif not unbuffered:
        buffer = io.BufferedWriter(raw)
    return io.TextIOWrapper(
        buffer,
        encoding=encoding or was.encoding,
        errors=errors or was.errors,
        newline="\n",
        line_buffering=raw.isatty() or fd == 2,
        write_through=unbuffered,
    )


server_pid = os.getpid()


def run() -> NoReturn:
    """``sys.exit(main())``, as the console script does, and the interpreter's exit after it
    (Python/pylifecycle.c, Py_FinalizeEx): non-daemon threads joined, atexit's functions run,
    the standard streams flushed, then the process ends. The rest of finalizing, tearing down
    every module the server imported, is left out: it touched every object the fork shares
    and took 0.4 s a process, longer than the imports it saves."""
    from bot.runtime.cli import main

    try:
        code: object = main()
    except SystemExit as exit:
        code = exit.code
    except KeyboardInterrupt:
        # Python prints the traceback, then ends by SIGINT so its parent sees the Ctrl+C.
        traceback.print_exc()
        finish()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
        code = 130
    except BaseException:
        sys.excepthook(*sys.exc_info())
        code = 1
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    os._exit(finish() or code & 0xFF)


def finish() -> int:
    """What Python does on the way out; 120 if the last flush failed, as it returns then."""
    threading._shutdown()  # type: ignore[attr-defined]
    atexit._run_exitfuncs()
    failed = 0
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # Python reports it as unraisable, and ends with 120
            print(f"Exception ignored in: {stream!r}", file=sys.__stderr__)
            traceback.print_exc()
            failed = 120
    return failed


if __name__ == "__main__":
    preload()
    request, fds = serve(sys.argv[1])
    become(request, fds)
    run()
