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
import ctypes
import faulthandler
import gc
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

from launch import RELAYED  # this folder is the script's: sys.path[0]

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
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
SERVER = os.getpid()  # a child returns through serve(); its pid is another


def commands_imports() -> set[str]:
    """Every module bot/runtime/cli.py names (its commands import what they use as they run)."""
    import bot.runtime.cli as cli

    names: set[str] = set()
    for node in ast.walk(ast.parse(Path(cli.__file__).read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def preload() -> None:
    for name in ["bot.runtime.cli", *sorted(commands_imports()), *LAZY]:
        importlib.import_module(name)
    # A fork copies only the thread that forks: a thread started by an import would be missing
    # from every child, holding whatever lock it held.
    if threading.active_count() != 1:
        raise RuntimeError(f"an import started a thread: {threading.enumerate()}")
    # What the imports made is shared with every child and never collected there: a child's
    # collections look only at what it made itself (and its exit's, at what it left).
    gc.freeze()


def receive(connection: socket.socket) -> tuple[dict, list[int]]:
    """A launcher's request: a length, its JSON, and its three standard streams' descriptors."""
    fds = array.array("i")
    data, ancillary, _flags, _address = connection.recvmsg(
        65536, socket.CMSG_SPACE(FDS * fds.itemsize)
    )
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(payload[: len(payload) - len(payload) % fds.itemsize])
    try:
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
    except BaseException:
        for fd in fds:  # else the test's pipes would never end
            os.close(fd)
        raise


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
            if listener not in readable:
                continue
            connection, _ = listener.accept()
            connection.settimeout(10)  # a launcher sends its request at once
            try:
                request, fds = receive(connection)
            except (OSError, ValueError):
                connection.close()
                continue
            connection.settimeout(None)
            # The launcher relays a signal as soon as it knows the pid: the child holds it
            # until it has a fresh process's handlers and streams (run()).
            signal.pthread_sigmask(signal.SIG_BLOCK, RELAYED)
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
            signal.pthread_sigmask(signal.SIG_UNBLOCK, RELAYED)
            for fd in fds:
                os.close(fd)
            try:
                connection.sendall(b"P%d\n" % pid)
            except OSError:
                os.kill(pid, signal.SIGKILL)
            children[pid] = connection
    finally:
        if os.getpid() == SERVER:  # a child returns through here too
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
    """What a fresh interpreter would have been given: its streams, folder, environment and
    arguments; its standard streams built as Python builds them; faulthandler as the
    environment says. It dies with the server, as a process dies with its terminal."""
    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != SERVER:
        os._exit(1)
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    time.tzset()
    sys.argv = list(request["argv"])
    sys.path[0] = str(Path(sys.executable).parent)  # a console script's folder
    sys.stdin = sys.__stdin__ = stream(0, "<stdin>", sys.stdin)
    sys.stdout = sys.__stdout__ = stream(1, "<stdout>", sys.stdout)
    sys.stderr = sys.__stderr__ = stream(2, "<stderr>", sys.stderr)
    if os.environ.get("PYTHONFAULTHANDLER"):
        faulthandler.enable()
    else:
        faulthandler.disable()


def stream(fd: int, name: str, was: io.TextIOWrapper) -> io.TextIOWrapper:
    """A standard stream on ``fd`` as CPython makes one (Python/pylifecycle.c, create_stdio):
    buffered (the file's block size) unless PYTHONUNBUFFERED, which writes through; when
    buffered, line-buffered on a terminal, and stderr always."""
    buffered = not os.environ.get("PYTHONUNBUFFERED")
    encoding, _, errors = os.environ.get("PYTHONIOENCODING", "").partition(":")
    writes = fd != 0
    # The standard stream lives as long as the process: it is closed by the exit, not here.
    binary = open(  # noqa: SIM115
        fd, "wb" if writes else "rb", buffering=-1 if buffered or not writes else 0, closefd=False
    )
    raw = binary if isinstance(binary, io.FileIO) else binary.raw
    raw.name = name
    text = io.TextIOWrapper(
        binary,
        encoding=encoding or was.encoding,
        errors=errors or was.errors,
        newline="\n",
        line_buffering=buffered and (raw.isatty() or fd == 2),
        write_through=not buffered,
    )
    text.mode = "w" if writes else "r"
    return text


def run() -> NoReturn:
    """``sys.exit(main())``, as the console script does, and the interpreter's exit after it
    (Python/pylifecycle.c, Py_FinalizeEx; Modules/main.c): non-daemon threads joined, atexit's
    functions run, the standard streams flushed, then the process ends. Tearing down every
    module is left out: it touched every object the fork shares and took 0.4 s a process,
    longer than the imports it saves. What the command left behind is collected instead, so
    that what it opened is closed as at a real exit (a SQLite file's -wal and -shm go)."""
    from bot.runtime.cli import main

    signal.pthread_sigmask(signal.SIG_UNBLOCK, RELAYED)  # held since the fork
    try:
        code: object = main()
    except SystemExit as exit:
        code = exit.code
    except KeyboardInterrupt:
        # Python prints the traceback, then ends by SIGINT so its parent sees the Ctrl+C.
        sys.excepthook(*sys.exc_info())
        finish()
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGINT)
        code = 1
    except BaseException:
        sys.excepthook(*sys.exc_info())
        code = 1
    os._exit(finish() or exit_status(code))


def exit_status(code: object) -> int:
    """SystemExit's code as the process's status (Python/pythonrun.c, _Py_HandleSystemExit)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return (code if -(2**63) <= code < 2**63 else -1) & 0xFF  # a C long, or -1
    print(code, file=sys.stderr)
    return 1


def finish() -> int:
    """What Python does on the way out (Python/pylifecycle.c, flush_std_files); 120 if
    flushing stdout failed, reported as unraisable, as Python ends then."""
    threading._shutdown()  # type: ignore[attr-defined]
    atexit._run_exitfuncs()
    gc.collect()
    failed = 0
    if not sys.stdout.closed:
        try:
            sys.stdout.flush()
        except Exception as error:
            print(f"Exception ignored in: {sys.stdout!r}", file=sys.stderr)
            traceback.print_exception(type(error), error, None, file=sys.stderr)
            failed = 120
    if not sys.stderr.closed:
        try:
            sys.stderr.flush()
        except Exception:
            failed = 120
    return failed


if __name__ == "__main__":
    preload()
    request, fds = serve(sys.argv[1])
    become(request, fds)
    run()
