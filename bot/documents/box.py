"""Reading a shared file in a box: a process of its own, with CPU, wall-clock and memory limits.

A file someone shares is untrusted: a few kilobytes can ask a reader for minutes of CPU or
gigabytes of memory. The byte budgets (bot.documents.extract) refuse what can be judged before
reading; the box bounds everything else. Each file is read by a new process
(``python -m bot.documents.reader``) that, once it has the file, limits itself:

* its address space (RLIMIT_AS, ``memory_bytes``): past it an allocation fails, which it
  reports as "too large once unpacked";
* its CPU time (RLIMIT_CPU, ``cpu_seconds`` more than its start-up took): SIGXCPU ends the
  reading ("took too long to read"), and the kernel's SIGKILL one second later whatever it does.

And the bot kills it after ``wall_seconds``, whatever it is doing (waiting included).

Why a new process each time, from ``subprocess`` rather than a fork: the bot's process has
threads (a fork would copy them mid-lock), and multiprocessing's spawn and forkserver children
import the parent's main module again (for ``s55bot``: the whole app). A process that has read
one hostile file is never used again. To keep that from costing a start-up (Python, lxml and
pypdf: 0.1 to 0.2 s) on every file, one reader is started ahead and waits, its imports done, for
the next file (bench/reader_box.py measures both).

The reader answers in plain bytes, a header (JSON) and the text (UTF-8): the bot unpickles
nothing a process reading hostile input produced. At most ``readers`` files are read at once in
one process (bounding their memory to ``readers`` times ``memory_bytes``); a caller that cannot
get a turn in time is told ``ReadersBusy``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import selectors
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any

from bot import copy
from bot.domain.errors import UnreadableFile
from bot.domain.files import MB, FileProblem, ReaderLimits, unreadable

log = logging.getLogger(__name__)

POLL_SECONDS = 0.05  # how often the bot samples the reader's peak memory
_CHUNK = 1024 * 1024
_READER = [sys.executable, "-m", "bot.documents.reader"]
READY = b"ready\n"  # what a reader says once loaded (bot.documents.reader)


@dataclass(frozen=True)
class Read:
    """A file's text, and what reading it cost."""

    text: str
    seconds: float
    peak_rss: int  # bytes


class ReadersBusy(Exception):
    """Every reader of this process was busy for longer than a read may take: try later."""


class Box:
    """Reads files within ``limits``, at most ``readers`` at a time."""

    def __init__(self, limits: ReaderLimits, readers: int) -> None:
        self.limits = limits
        self._turns = threading.BoundedSemaphore(readers)

    def read(self, data: bytes, filename: str) -> Read:
        """The text of ``data``; UnreadableFile (with ``peak_rss`` and ``seconds`` set) when
        it gives none or breaks a limit; ReadersBusy when no reader was free in time."""
        if len(data) > self.limits.file_bytes:  # no process for what its size alone refuses
            raise unreadable(
                FileProblem.TOO_LARGE, filename, size=len(data), limit=self.limits.file_bytes
            )
        if not self._turns.acquire(timeout=self.limits.wall_seconds):
            raise ReadersBusy(f"no reader free for {self.limits.wall_seconds} s")
        try:
            return _read_in_reader(data, filename, self.limits)
        finally:
            self._turns.release()


_boxes: dict[tuple[ReaderLimits, int], Box] = {}
_boxes_lock = threading.Lock()


def box_for(limits: ReaderLimits, readers: int) -> Box:
    """The process's box for these limits (one turnstile per process, however many callers)."""
    with _boxes_lock:
        return _boxes.setdefault((limits, readers), Box(limits, readers))


def read_file(data: bytes, filename: str, limits: ReaderLimits | None = None) -> Read:
    """``data`` read in a box with ``limits`` (the defaults unless given), two at a time."""
    return box_for(limits or ReaderLimits(), 2).read(data, filename)


# ---- the readers -----------------------------------------------------------------------------

_spare: subprocess.Popen[bytes] | None = None
_spare_lock = threading.Lock()


def _start_reader() -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        _READER,
        bufsize=0,  # unbuffered: the bot reads the reader's answer from the pipe itself
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        close_fds=True,
    )


def _take_reader() -> subprocess.Popen[bytes]:
    """The reader started ahead, or a new one if there is none (or it has gone)."""
    global _spare
    with _spare_lock:
        reader, _spare = _spare, None
    if reader is None or reader.poll() is not None:
        reader = _start_reader()
    return reader


def _start_ahead() -> None:
    """Start the next file's reader now, unless one is waiting already."""
    global _spare
    with _spare_lock:
        if _spare is None or _spare.poll() is not None:
            _spare = _start_reader()


def _read_in_reader(data: bytes, filename: str, limits: ReaderLimits) -> Read:
    reader = _take_reader()
    started = time.monotonic()
    killed = threading.Event()

    def kill_at_deadline() -> None:
        killed.set()
        _stop(reader)

    watchdog = threading.Timer(limits.wall_seconds, kill_at_deadline)
    watchdog.daemon = True
    watchdog.start()
    try:
        ready = _ready(reader)
        _hand_over(reader, data, filename, limits)
        # The next file's reader starts while this one reads (a fork of a large process is
        # not free: it stays off this read's way).
        threading.Thread(target=_start_ahead, name="s55bot-reader-ahead", daemon=True).start()
        out, peak = _collect(reader, limits) if ready else (b"", 0)
    finally:
        watchdog.cancel()
        _stop(reader)
        reader.wait()
        if reader.stdout is not None:
            reader.stdout.close()
    seconds = time.monotonic() - started
    answer = _answer(out)
    if answer is None:
        raise _ended(reader.returncode, killed.is_set(), filename, limits, seconds, peak)
    header, text = answer
    peak = max(peak, int(header.get("peak_rss") or 0))
    if header.get("problem"):
        refusal = UnreadableFile(
            str(header.get("reply") or ""),
            problem=str(header["problem"]),
            reason=str(header.get("reason") or ""),
        )
        refusal.seconds, refusal.peak_rss = seconds, peak
        if header.get("error"):
            log.warning("the reader of %s failed: %s", filename, header["error"])
        log.info(
            "%s not read (%s): %.2f s, reader peak %d MB",
            filename,
            refusal.problem,
            seconds,
            peak // MB,
            extra=_figures(filename, seconds, peak),
        )
        raise refusal
    log.info(
        "%s read: %.2f s, reader peak %d MB",
        filename,
        seconds,
        peak // MB,
        extra=_figures(filename, seconds, peak),
    )
    return Read(text=text, seconds=seconds, peak_rss=peak)


def _ready(reader: subprocess.Popen[bytes]) -> bool:
    """Wait until the reader has loaded (it says so): its memory is then its own, so that
    what is sampled from now on is the reader's, not the forked parent's it started as."""
    assert reader.stdout is not None
    line = reader.stdout.readline(len(READY))  # ends when it is killed at the deadline
    return line == READY


def _hand_over(
    reader: subprocess.Popen[bytes], data: bytes, filename: str, limits: ReaderLimits
) -> None:
    """The file, after one line saying what it is and the limits to read it within."""
    header = {"filename": filename, "size": len(data), "limits": dataclasses.asdict(limits)}
    assert reader.stdin is not None
    try:
        reader.stdin.write(json.dumps(header).encode() + b"\n")
        reader.stdin.write(data)
        reader.stdin.close()
    except (BrokenPipeError, OSError):
        pass  # the reader is gone (killed at the deadline): its end says why


def _collect(reader: subprocess.Popen[bytes], limits: ReaderLimits) -> tuple[bytes, int]:
    """All the reader writes, and its peak memory as sampled meanwhile (/proc)."""
    assert reader.stdout is not None
    most = 4 * max(limits.file_bytes, limits.unpacked_bytes, limits.pdf_content_bytes)
    out, peak = bytearray(), 0
    with selectors.DefaultSelector() as selector:
        selector.register(reader.stdout, selectors.EVENT_READ)
        while True:
            ready = selector.select(POLL_SECONDS)
            peak = max(peak, _peak_rss(reader.pid))
            if not ready:
                continue
            chunk = os.read(reader.stdout.fileno(), _CHUNK)
            if not chunk:
                return bytes(out), peak
            out += chunk
            if len(out) > most:  # more than any file within the budgets can give
                return b"", peak


def _answer(out: bytes) -> tuple[dict[str, Any], str] | None:
    """The reader's header and text, or None when it ended before it said anything whole."""
    line, newline, rest = out.partition(b"\n")
    if not newline:
        return None
    try:
        header = json.loads(line)
        text = rest.decode("utf-8", "surrogatepass")
    except ValueError:
        return None
    if not isinstance(header, dict) or header.get("size") != len(rest):
        return None
    return header, text


def _ended(
    returncode: int | None,
    killed: bool,
    filename: str,
    limits: ReaderLimits,
    seconds: float,
    peak: int,
) -> UnreadableFile:
    """Why a reader that said nothing whole ended: the wall clock (the bot killed it), its CPU
    limit (SIGXCPU, or the kernel's SIGKILL a second later), or something else (a crash)."""
    if killed:
        refusal = unreadable(
            FileProblem.TOO_SLOW, filename, detail=copy.more_than_seconds(limits.wall_seconds)
        )
    elif returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        refusal = unreadable(
            FileProblem.TOO_SLOW, filename, detail=copy.more_than_seconds(limits.cpu_seconds)
        )
    else:
        log.warning("the reader of %s ended with exit code %s", filename, returncode)
        refusal = unreadable(FileProblem.DAMAGED, filename)
    refusal.seconds, refusal.peak_rss = seconds, peak
    log.info(
        "%s not read (%s): %.2f s",
        filename,
        refusal.problem,
        seconds,
        extra=_figures(filename, seconds, peak),
    )
    return refusal


def _figures(filename: str, seconds: float, peak: int) -> dict[str, Any]:
    """What a read cost, on its log record (for monitoring, and the fault tests' table)."""
    return {"reader_file": filename, "reader_seconds": seconds, "reader_peak_rss": peak}


def _stop(reader: subprocess.Popen[bytes]) -> None:
    """SIGKILL the reader unless it has ended (it is not reaped before: its pid is still it)."""
    if reader.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            reader.kill()


def _peak_rss(pid: int) -> int:
    """The process's peak resident memory so far (Linux's VmHWM), in bytes; 0 if unknown."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0
