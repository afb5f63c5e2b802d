"""Reading items is linear in the size of the paste: time at 1,000 / 5,000 / 20,000 lines
beside a baseline that is linear by construction (``str.splitlines`` and a regular expression
over every line of the same text), in the same run.

    python -m bench.splitting [--repeat 3]

Three pastes per size: numbered lines ("12. The force should…"), bullets under a heading
("• The force should…"), and a whole report's worth of prose with a few labelled items and page
furniture (the shape a long national report has). Each time is the best of ``--repeat`` runs.
Linear means the time per 1,000 lines stays flat as the lines grow (the last column), as the
baseline's does, and the ratio to the baseline with it. CPU time is printed beside wall time: on
a machine shared with other work, wall time grows with the load and CPU time much less.
The reader before the one-pass rewrite took 68 s for 20,000 numbered lines and 45 s for
20,000 bullets (docs/rules.md#r24: nothing quadratic in user input).
Items past bot.domain.items.READ_LIMIT are counted, not read (far more than a review can take):
"items (read)" shows both.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable
from functools import partial

from bot.domain.items import read_items

SIZES = (1_000, 5_000, 20_000)
_WORDS = re.compile(r"\w+")


def numbered(lines: int) -> str:
    return "\n".join(
        f"{n}. The force should review how it records crime in area {n} and tell the PCC."
        for n in range(1, lines + 1)
    )


def bullets(lines: int) -> str:
    body = "\n".join(
        f"• The force should make sure that team {n} has enough time to solve problems."
        for n in range(1, lines + 1)
    )
    return "Areas for improvement\n" + body


def report(lines: int) -> str:
    """Prose, a running title and page number every 40 lines, a labelled item every 50."""
    out = []
    for n in range(1, lines + 1):
        if n % 50 == 0:
            out.append(f"Recommendation {n // 50}")
        elif n % 40 == 0:
            out.append(f"{n // 40}\nAn inspection of the police response | Wessex Police")
        else:
            out.append(f"Officers in area {n} told us that they value the training they had.")
    return "\n".join(out)


def best(repeat: int, work: Callable[[], object]) -> tuple[float, float]:
    """The best wall time and the best CPU time (the process's own, which other work on a
    shared machine does not inflate) of ``repeat`` runs."""
    walls, cpus = [], []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def baseline(text: str) -> int:
    return sum(len(_WORDS.findall(line)) for line in text.splitlines())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(
        f"{'paste':<9} {'lines':>7} {'KB':>6} {'items (read)':>15} {'read_items s':>13} "
        f"{'CPU s':>6} {'baseline s':>11} {'CPU s':>7} {'CPU ratio':>9} {'CPU ms/1,000 lines':>18}"
    )
    for name, make in (("numbered", numbered), ("bullets", bullets), ("report", report)):
        for size in SIZES:
            text = make(size)
            read = read_items(text, force_name="Wessex Police")
            found = f"{read.count:,} ({len(read.items):,})"
            reading = partial(read_items, text, force_name="Wessex Police")
            took, took_cpu = best(args.repeat, reading)
            base, base_cpu = best(args.repeat, partial(baseline, text))
            print(
                f"{name:<9} {size:>7,} {len(text.encode()) / 1024:>6.0f} {found:>15} "
                f"{took:>13.3f} {took_cpu:>6.3f} {base:>11.4f} {base_cpu:>7.4f} "
                f"{took_cpu / base_cpu:>9.0f} {took_cpu / size * 1e6:>18.1f}"
            )


if __name__ == "__main__":
    main()
