"""Each hostile file of tests/faults/hostile.py, read the way the bot reads a shared file: time,
peak memory of the reader, and what the person is told.

    python -m bench.hostile_files [--limit 60] [--only docx-roman]

Every probe runs in a process of its own, killed after ``--limit`` seconds of wall time (an
unboxed reader could run for minutes on some of them), so one probe never skews another.
The probe's process reads the file with the bot's own entry point: the box
(``bot.documents.box.read_file``) where there is one, else ``bot.documents.extract.text_of``
in that process itself. "reader RSS" is the reader's peak: the box's reader as the box
measured it ("—" when no reader ran: refused by its size), or the probe's process
(``ru_maxrss``, which includes the interpreter, ~30 MB).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

from tests.faults import hostile

PROBES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "pdf-5mb-stream-x10-pages": ("report.pdf", hostile.pdf_one_stream_for_ten_pages),
    "docx-roman-from-10m": ("recs.docx", hostile.docx_roman_list),
    "docx-100k-paragraphs": ("recs.docx", hostile.docx_many_paragraphs),
    "docx-1gb-zero-image": ("recs.docx", hostile.docx_with_zero_image),
    "docx-4gb-zero-image": ("recs.docx", lambda: hostile.docx_with_zero_image(4 * hostile.ONE_GB)),
    "pdf-filter-nonsense": ("report.pdf", lambda: hostile.pdf_with_filter(b"/Nonsense")),
    "docx-encrypted-entries": ("recs.docx", hostile.docx_encrypted_entries),
    "png-named-txt": ("response.txt", hostile.png_named_txt),
    "pdf-jbig2": ("scan.pdf", hostile.pdf_jbig2),
    "pdf-20mb-and-a-byte": ("report.pdf", lambda: hostile.pdf_of_size(20 * 1024 * 1024 + 1)),
}

# Run in the probe's own process: argv = [path, filename]; prints one JSON line.
_READ = """
import json, resource, sys, time
data, name = open(sys.argv[1], "rb").read(), sys.argv[2]
started = time.monotonic()
try:
    from bot.documents.box import read_file
except ImportError:
    read_file = None
outcome = {}
try:
    if read_file is not None:
        read = read_file(data, name)
        outcome = {"outcome": "read", "chars": len(read.text), "rss": read.peak_rss}
    else:
        from bot.documents.extract import text_of
        outcome = {"outcome": "read", "chars": len(text_of(data, name))}
except Exception as failure:
    reply = getattr(failure, "reply", None)
    outcome = {
        "outcome": "refused" if reply else "failed",
        "said": reply or f"{type(failure).__name__}: {failure}"[:200],
        "rss": getattr(failure, "peak_rss", None),
    }
outcome["seconds"] = time.monotonic() - started
outcome.setdefault("rss", None)
if read_file is None:  # no box: this process was the reader
    outcome["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps(outcome))
"""


def run_probe(name: str, limit: float) -> dict[str, Any]:
    filename, make = PROBES[name]
    data = make()
    with tempfile.NamedTemporaryFile(suffix=filename) as held:
        held.write(data)
        held.flush()
        started = time.monotonic()
        child = subprocess.Popen(
            [sys.executable, "-c", _READ, held.name, filename],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
        try:
            out, _ = child.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            child.kill()
            child.communicate()
            return {
                "outcome": f"still reading after {limit:g} s (killed)",
                "seconds": time.monotonic() - started,
                "rss": None,
                "size": len(data),
            }
    lines = out.decode().strip().splitlines()
    if child.returncode != 0 or not lines:
        return {
            "outcome": f"reader died (exit {child.returncode})",
            "seconds": time.monotonic() - started,
            "rss": None,
            "size": len(data),
        }
    result: dict[str, Any] = json.loads(lines[-1])
    result["size"] = len(data)
    return result


def _mb(value: object) -> str:
    return f"{int(value) / 2**20:,.0f} MB" if isinstance(value, int) else "—"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=float, default=60.0, help="seconds before a kill")
    parser.add_argument("--only", help="probes whose name contains this")
    args = parser.parse_args(argv)
    print(f"{'probe':28} {'file':>9}  {'time':>8}  {'reader RSS':>10}  outcome")
    for name in PROBES:
        if args.only and args.only not in name:
            continue
        result = run_probe(name, args.limit)
        said = str(result.get("said") or "")
        detail = f"{result['outcome']}" + (f": {said[:90]}" if said else "")
        if result.get("chars") is not None:
            detail += f" ({result['chars']:,} characters)"
        print(
            f"{name:28} {int(result['size']) / 1024:>7,.0f}KB  {result['seconds']:>7.2f}s"
            f"  {_mb(result['rss']):>10}  {detail}",
            flush=True,
        )
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"(all probes: {usage.ru_utime + usage.ru_stime:.1f} s of CPU)")


if __name__ == "__main__":
    main()
