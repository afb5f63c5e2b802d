"""The reader process of the box (bot.documents.box): ``python -m bot.documents.reader``.

Started ahead of need, it loads lxml and pypdf and waits on its standard input for one line
(JSON: the file's name, its size and the limits) and the file's bytes. Then it limits itself
(address space; CPU time from now), reads the file, writes one line (JSON: the outcome) and
the text (UTF-8) to its standard output, and ends. It never reads a second file.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
from types import FrameType

import lxml.etree  # noqa: F401  (loaded before the file comes, so a read starts at once)
import pypdf  # noqa: F401

from bot import copy
from bot.documents.extract import text_of
from bot.domain.errors import UnreadableFile
from bot.domain.files import MB, FileProblem, ReaderLimits, unreadable

_HEADER_BYTES = 64 * 1024


class _OutOfTime(BaseException):
    """SIGXCPU: the reader used its CPU time (a BaseException, so no reader code catches it)."""


def _out_of_time(signum: int, frame: FrameType | None) -> None:
    raise _OutOfTime


def limit_myself(limits: ReaderLimits) -> None:
    """The kernel's limits on this process: its address space, and its CPU time from now (soft:
    SIGXCPU, which ends the reading cleanly; hard, a second later: SIGKILL)."""
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    used = resource.getrusage(resource.RUSAGE_SELF)
    spent = int(used.ru_utime + used.ru_stime) + 1
    cpu = spent + limits.cpu_seconds
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    signal.signal(signal.SIGXCPU, _out_of_time)


def read(data: bytes, filename: str, limits: ReaderLimits) -> tuple[dict[str, object], str]:
    """(the outcome, the text): this is the only place a hostile file's text is made."""
    try:
        return {}, text_of(data, filename, limits)
    except UnreadableFile as refusal:
        if refusal.problem == FileProblem.DAMAGED and _near(limits.memory_bytes):
            # Out of memory, a parser's allocation failing says no more than "damaged"
            # (lxml: "unknown error"): near its limit, the reader says what it was.
            return _refused(_out_of_memory(filename, limits)), ""
        return _refused(refusal), ""
    except _OutOfTime:
        detail = copy.more_than_seconds(limits.cpu_seconds)
        return _refused(unreadable(FileProblem.TOO_SLOW, filename, detail=detail)), ""
    except Exception as failure:  # anything a reader raises on a hostile file: never a crash
        outcome = _refused(unreadable(FileProblem.DAMAGED, filename))
        outcome["error"] = f"{type(failure).__name__}: {failure}"[:300]
        return outcome, ""


def _near(memory_bytes: int) -> bool:
    """Whether this process's address space came within a tenth of its limit."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024 >= 0.9 * memory_bytes
    except (OSError, ValueError, IndexError):
        pass
    return False


def _out_of_memory(filename: str, limits: ReaderLimits) -> UnreadableFile:
    return unreadable(
        FileProblem.TOO_LARGE_UNPACKED,
        filename,
        detail=f"it needs more than the reader's {limits.memory_bytes // MB} MB of memory",
    )


def _refused(refusal: UnreadableFile) -> dict[str, object]:
    return {"problem": refusal.problem, "reason": refusal.reason, "reply": refusal.reply}


READY = b"ready\n"  # said once loaded: from then on its memory is its own (not its parent's)


def _peak_rss() -> int:
    """This process's peak resident memory since it started the reader (Linux's VmHWM, which
    a new program starts afresh; ru_maxrss would keep the forked parent's)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main() -> None:
    source, out = sys.stdin.buffer, sys.stdout.buffer
    out.write(READY)
    out.flush()
    try:
        asked = json.loads(source.readline(_HEADER_BYTES))
        limits = ReaderLimits(**asked["limits"])
        filename, size = str(asked["filename"]), int(asked["size"])
    except (ValueError, KeyError, TypeError):
        return  # the bot went away before it had a file for this reader
    data = source.read(size)
    limit_myself(limits)
    outcome, text = read(data, filename, limits)
    del data
    encoded = text.encode("utf-8", "surrogatepass")
    outcome["size"] = len(encoded)
    outcome["peak_rss"] = _peak_rss()
    out.write(json.dumps(outcome).encode() + b"\n")
    out.write(encoded)
    out.flush()
    # Done: end now rather than tear the interpreter down (lxml, pypdf), which the bot would
    # wait for (it reads until the reader's output ends).
    os._exit(0)


if __name__ == "__main__":
    main()
