"""Instructions of one reminder pass beside a plain slack_sdk client posting the same messages.

    python -m bench.reminder_instructions [--size 1000] [--rounds 2] [--database-url URL]

bench/reminder_pass.py compares CPU seconds, which on a shared machine vary more than the
figure it judges (the same plain client took 4.52 s in one run and 12.08 s in the next). This
counts instructions instead, with valgrind's callgrind (``apt-get install valgrind``), which
repeat to within 1% from run to run: one process under callgrind sets everything up, then has
callgrind zero its counts before, and dump them after, the plain client's posts and the pass
(``callgrind_control``), each round on a freshly filled database. Slack is the stand-in in a
process of its own, not counted. Hash randomisation is fixed (PYTHONHASHSEED=0): it changes
how many instructions the same work takes.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import bench_database, empty

DUMP = re.compile(r"^summary: (\d+)$", re.MULTILINE)
TRIGGER = re.compile(r"^desc: Trigger: dump (\w+)$", re.MULTILINE)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000, help="open (overdue) inspections")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--database-url", help="default: PostgreSQL's s55_bench_instructions")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    url = bench_database("s55_bench_instructions", args.database_url)
    if args.inner:
        _measure(url, args.size, args.rounds)
        return
    if not shutil.which("valgrind"):
        sys.exit("bench.reminder_instructions needs valgrind (apt-get install valgrind)")
    with tempfile.TemporaryDirectory() as folder:
        inner = [sys.executable, "-m", "bench.reminder_instructions", "--inner"]
        subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={folder}/counts.%p",
                *inner,
                f"--size={args.size}",
                f"--rounds={args.rounds}",
                f"--database-url={url}",
            ],
            env={**os.environ, "PYTHONHASHSEED": "0"},
            check=True,
            stderr=subprocess.DEVNULL,
        )
        counts = _dumps(Path(folder))
    print(f"one reminder pass, {args.size} overdue inspections, instructions (callgrind)")
    for n in range(args.rounds):
        plain, ours = counts[f"plain{n}"], counts[f"pass{n}"]
        print(
            f"round {n + 1}: the pass {ours / 1e9:.3f} G, a plain client posting the same "
            f"{plain / 1e9:.3f} G ({ours / plain:.2f}x)"
        )


def _dumps(folder: Path) -> dict[str, int]:
    """Each dump's instructions, by the name it was dumped with."""
    counts = {}
    for path in folder.glob("counts.*"):
        text = path.read_text()
        trigger, total = TRIGGER.search(text), DUMP.search(text)
        if trigger and total:
            counts[trigger.group(1)] = int(total.group(1))
    return counts


def _measure(url: str, size: int, rounds: int) -> None:
    """Under callgrind: set up, then count the plain client and the pass, ``rounds`` times."""
    from slack_sdk import WebClient

    from bench.offices import stand_in, token
    from bench.reminder_pass import UNPACED, fill, pass_services, planned_now, post_plainly
    from bot.reminders.run import run_pass
    from storage.db import Database

    def callgrind(*command: str) -> None:
        subprocess.run(
            ["callgrind_control", *command, str(os.getpid())],
            check=True,
            stdout=subprocess.DEVNULL,
        )

    with stand_in(1) as api:
        db = Database(url)
        db.migrate()
        services = pass_services(db, api, UNPACED, token(0))
        plain = WebClient(token=token(0), base_url=api)
        for n in range(rounds):
            empty(db)
            fill(db, size)
            planned = planned_now(services)
            callgrind("--zero")
            post_plainly(plain, planned)
            callgrind("--dump", f"plain{n}")
            empty(db)
            fill(db, size)
            callgrind("--zero")
            run_pass(services)
            callgrind("--dump", f"pass{n}")
        db.dispose()


if __name__ == "__main__":
    main()
