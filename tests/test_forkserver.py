"""The fork server the command-line tests start `s55bot` through (tests/forkserver): a forked
`s55bot` answers as the installed one does, from the launcher's arguments, environment, folder
and streams; it is sent the launcher's signals; and the launcher ends as it ended."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.bot.runtime.sandbox.test_page import wait_for
from tests.bot.runtime.test_cli import free_port
from tests.forkserver import S55BOT_EXE, s55bot

# No settings and no interpreter options: whatever differs between the two is the launch's.
BARE = {"PATH": os.environ["PATH"]}


def answered(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str, str]:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize(
    "args",
    [["--help"], ["remind", "--dry-run"], ["no-such-command"], ["migrate"]],
    ids=["help", "missing-settings", "usage-error", "migrate"],
)
def test_a_forked_s55bot_answers_as_the_installed_one(args: list[str], tmp_path: Path) -> None:
    forked, fresh = tmp_path / "forked", tmp_path / "fresh"
    for folder in (forked, fresh):
        folder.mkdir()
    assert answered(s55bot(*args), forked, BARE) == answered([S55BOT_EXE, *args], fresh, BARE)


def test_it_reads_the_launchers_folder_and_environment(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("S55_DEADLINE_RULE=sometimes\n")  # read from the folder
    env = {**BARE, "S55_NUDGE_DAYS": "7,3,1"}
    code, out, err = answered(s55bot("remind", "--dry-run"), tmp_path, env)
    assert (code, out) == (2, "")
    assert err == "s55bot: S55_DEADLINE_RULE is 'sometimes': use statutory or plus56\n"
    assert answered([S55BOT_EXE, "remind", "--dry-run"], tmp_path, env) == (code, out, err)


def answers(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def sandbox(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """`s55bot start` with no Slack settings (the sandbox), once it is serving."""
    port = free_port()
    launcher = subprocess.Popen(
        s55bot("start"),
        cwd=tmp_path,
        env={**BARE, "PORT": str(port)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert launcher.stdout is not None
        assert "starting the local sandbox" in launcher.stdout.readline()
        assert answers(port)
        yield launcher, port
    finally:
        launcher.kill()
        launcher.wait(timeout=30)


def test_a_signal_the_launcher_is_sent_ends_the_s55bot_and_the_launcher_says_how(
    tmp_path: Path,
) -> None:
    with sandbox(tmp_path) as (launcher, port):
        launcher.send_signal(signal.SIGTERM)  # the sandbox stops, and says so
        assert launcher.wait(timeout=30) == 0
        wait_for(lambda: not answers(port), timeout=5)
    with sandbox(tmp_path) as (launcher, port):
        launcher.send_signal(signal.SIGUSR1)  # no handler: Python dies of it
        assert launcher.wait(timeout=30) == -signal.SIGUSR1
        wait_for(lambda: not answers(port), timeout=5)


def test_a_launcher_killed_with_sigkill_takes_its_s55bot_with_it(tmp_path: Path) -> None:
    with sandbox(tmp_path) as (launcher, port):
        launcher.kill()
        launcher.wait(timeout=30)
        wait_for(lambda: not answers(port), timeout=5)


@pytest.mark.parametrize("after", [0.0, 0.01, 0.02, 0.04])
def test_a_signal_sent_while_it_starts_ends_it_as_it_would_a_fresh_one(
    after: float, tmp_path: Path
) -> None:
    """Before the bot has its handlers, SIGTERM kills it (-15), as it kills a fresh process;
    after, the bot stops and says so (0). Never neither: the signal is held, not lost, while
    the child takes the place of the server it was forked from."""
    port = free_port()
    launcher = subprocess.Popen(
        s55bot("start"), cwd=tmp_path, env={**BARE, "PORT": str(port)}, stdout=subprocess.PIPE
    )
    time.sleep(after)
    launcher.send_signal(signal.SIGTERM)
    try:
        assert launcher.wait(timeout=20) in (0, -signal.SIGTERM)
    finally:
        launcher.kill()
    wait_for(lambda: not answers(port), timeout=5)
