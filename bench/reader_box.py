"""What the box costs: a small file read in the box (a reader process per file) beside the
same file read in this process, and the first read of a process (its reader started cold).

    python -m bench.reader_box [--reads 30]

The box starts one reader ahead, which loads lxml and pypdf while it waits for a file; "warm"
reads take that one. "cold" is a box whose reader is started for the file (the first read of a
process, or one right after another). Times are wall-clock, per read; median and worst.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from functools import partial

from bot.documents import box
from bot.documents.extract import text_of
from tests.bot.documents.made_files import docx_of, pdf_of

TEXT = "Recommendation 1\nBy 30 June 2024, the force should review its vetting.\n" * 20


def _timed(read: Callable[[], object], reads: int, *, pause: float = 0.0) -> list[float]:
    times = []
    for _ in range(reads):
        if pause:
            time.sleep(pause)  # let the reader started ahead finish loading
        started = time.perf_counter()
        read()
        times.append(time.perf_counter() - started)
    return times


def _cold(data: bytes, name: str) -> None:
    with box._spare_lock:  # drop the reader started ahead: this read starts its own
        if box._spare is not None:
            box._spare.kill()
            box._spare.wait()
        box._spare = None
    box.read_file(data, name)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=30)
    args = parser.parse_args(argv)
    files = {
        "recs.txt": TEXT.encode(),
        "recs.docx": docx_of(TEXT),
        "recs.pdf": pdf_of(TEXT),
    }
    print(f"{'file':10} {'how':22} {'median':>8} {'worst':>8}")
    for name, data in files.items():
        rows = {
            "in this process": _timed(partial(text_of, data, name), args.reads),
            "box, reader ahead": _timed(partial(box.read_file, data, name), args.reads, pause=1.0),
            "box, reader cold": _timed(partial(_cold, data, name), max(5, args.reads // 3)),
        }
        for how, times in rows.items():
            print(
                f"{name:10} {how:22} {statistics.median(times) * 1000:>6.1f}ms "
                f"{max(times) * 1000:>6.1f}ms"
            )


if __name__ == "__main__":
    main()
