"""The process a test starts for `s55bot` (``python -I -S launch.py SOCKET ARGS…``): it hands its
arguments, environment, working folder and standard streams to the fork server at SOCKET, which
forks the `s55bot` that runs them, then stands in for that process until it ends.

- The signals in RELAYED sent to this process go to the `s55bot`. SIGKILL cannot be caught: the
  server sees this process gone and kills the `s55bot` with SIGKILL, a moment later. SIGSTOP and
  SIGCONT stop and continue this process only.
- It ends as the `s55bot` ended: the same exit status, or killed by the same signal.
- Its own copies of the streams are closed once handed over, so a pipe ends when the `s55bot`'s
  end does.

Standard library only, and started with -I -S: the point is to start in milliseconds.
"""

import array
import contextlib
import json
import os
import resource
import signal
import socket
import struct
import sys

RELAYED = (
    signal.SIGINT,
    signal.SIGTERM,
    signal.SIGHUP,
    signal.SIGQUIT,
    signal.SIGABRT,
    signal.SIGUSR1,
    signal.SIGUSR2,
    signal.SIGALRM,
)


def main() -> None:
    path, args = sys.argv[1], sys.argv[2:]
    child = 0
    pending: list[int] = []

    def relay(number: int, _frame: object) -> None:
        if not child:
            pending.append(number)
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, number)

    for number in RELAYED:
        signal.signal(number, relay)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.connect(path)
    except OSError as error:
        sys.stderr.write(f"launch.py: no fork server at {path} ({error})\n")
        sys.exit(127)
    command = os.path.join(os.path.dirname(sys.executable), "s55bot")
    request = json.dumps(
        {"argv": [command, *args], "env": dict(os.environ), "cwd": os.getcwd()}
    ).encode()
    message = struct.pack("!I", len(request)) + request
    fds = array.array("i", [0, 1, 2])
    sent = server.sendmsg([message], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds)])
    server.sendall(message[sent:])
    replies = server.makefile("rb")
    started = replies.readline()
    if not started.startswith(b"P"):
        sys.stderr.write("launch.py: the fork server did not start s55bot\n")
        sys.exit(127)
    child = int(started[1:])
    for number in pending:
        relay(number, None)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    ended = replies.readline()
    if ended.startswith(b"S"):
        number = int(ended[1:])
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # the `s55bot` dumped its own, if any
        if number not in (signal.SIGKILL, signal.SIGSTOP):
            signal.signal(number, signal.SIG_DFL)
        os.kill(os.getpid(), number)
        os._exit(128 + number)
    os._exit(int(ended[1:]) if ended.startswith(b"E") else 127)


if __name__ == "__main__":
    main()
