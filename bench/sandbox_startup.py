"""Start-up of the sandbox to a usable page, beside a bare Bolt app starting to answer.

    python -m bench.sandbox_startup [--runs 5]

Each run spawns a new process and times it from the spawn to the first answer: for the
sandbox (`s55bot sandbox`), the page and its first screen (GET / and GET /sandbox/screen) in a
new empty folder (the database created and migrated), then again in that folder (kept data);
for the baseline, a bare Bolt app in waitress answering a request on loopback.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

S55BOT = str(Path(sys.executable).with_name("s55bot"))
BARE_BOLT = """
import sys
from slack_bolt import App
from waitress import serve
from slack_bolt.adapter.wsgi import SlackRequestHandler
app = App(token="xoxb-bench", signing_secret="s", token_verification_enabled=False)
serve(SlackRequestHandler(app), host="127.0.0.1", port=int(sys.argv[1]), _quiet=True)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as reply:
            return reply.status < 500
    except urllib.error.HTTPError as refused:
        return refused.code < 500
    except OSError:
        return False


def timed_start(command: list[str], urls: list[str], folder: Path) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "S55_"))}
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        for url in urls:
            while not answers(url):
                if process.poll() is not None:
                    raise SystemExit(f"{command[0]} exited with {process.returncode}")
                time.sleep(0.01)
        return time.perf_counter() - started
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def sandbox(folder: Path) -> float:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    screen = base + "sandbox/screen?as=U0OFFICER&version=-1"
    return timed_start([S55BOT, "sandbox", "--port", str(port)], [base, screen], folder)


def bare_bolt(folder: Path) -> float:
    port = free_port()
    url = f"http://127.0.0.1:{port}/slack/events"
    return timed_start([sys.executable, "-c", BARE_BOLT, str(port)], [url], folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    figures: dict[str, list[float]] = {"new folder": [], "kept data": [], "bare Bolt": []}
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            figures["new folder"].append(sandbox(Path(folder)))
            figures["kept data"].append(sandbox(Path(folder)))
            figures["bare Bolt"].append(bare_bolt(Path(folder)))
    print(f"start-up to a usable page, {runs} runs (seconds):")
    for name, times in figures.items():
        print(
            f"  {name:<11} median {statistics.median(times):.2f}  max {max(times):.2f}"
            + ("  (the sandbox's limit: 3.00)" if name != "bare Bolt" else "")
        )


if __name__ == "__main__":
    main()
