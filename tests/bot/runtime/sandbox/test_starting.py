"""Starting the sandbox as a newcomer does: `make run` (`s55bot start`) with no Slack settings
serves it on loopback and says so in one line; with Slack settings it is the real bot."""

from __future__ import annotations

import logging
import signal
import subprocess
import urllib.request
from pathlib import Path

import pytest

from bot.runtime.sandbox import cast, demo
from bot.runtime.sandbox.main import quiet_console
from tests.bot.runtime.test_cli import free_port, run
from tests.forkserver import S55BOT_EXE

from .test_page import OFFICER, channel_text, request, screen_of, wait_for


def test_start_without_slack_settings_serves_the_sandbox_and_says_so_in_one_line(
    clean_env: dict[str, str], tmp_path: Path
) -> None:
    port = free_port()
    process = subprocess.Popen(
        [S55BOT_EXE, "start"],  # the installed console script itself, as `make run` starts it
        env={**clean_env, "PORT": str(port)},
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = process.stdout.readline()  # type: ignore[union-attr]
        url = f"http://127.0.0.1:{port}/"
        assert first == (
            f"No Slack settings: starting the local sandbox at {url} "
            "(see README for connecting a real workspace)\n"
        )
        with urllib.request.urlopen(url, timeout=10) as page:
            assert "s55bot sandbox" in page.read().decode()
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    assert (tmp_path / "sandbox.db").exists() and (tmp_path / "sandbox-slack.json").exists()


def test_the_sandboxs_console_shows_warnings_and_errors_but_not_the_bots_info_lines(
    caplog: pytest.LogCaptureFixture,
) -> None:
    root = logging.getLogger()
    level = root.level
    try:
        logging.basicConfig(level=logging.INFO)  # as s55bot's entry point does (cli.main)
        root.setLevel(logging.INFO)
        quiet_console()
        logging.getLogger("bot.offices.settings").info("office 2: settings changed by U1")
        logging.getLogger("bot.reminders.schedule").info("reminders: 1 sent")
        logging.getLogger("slack_bolt.App").info("Bolt's own line")
        logging.getLogger("bot.runtime.sandbox.running").warning("could not save")
        assert [record.getMessage() for record in caplog.records] == ["could not save"]
    finally:
        root.setLevel(level)


def test_start_with_some_slack_settings_is_the_real_bot_and_says_what_is_missing(
    clean_env: dict[str, str], tmp_path: Path
) -> None:
    result = run(["start"], {**clean_env, "SLACK_BOT_TOKEN": "xoxb-1"}, tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("s55bot: SLACK_SIGNING_SECRET and S55_CHANNEL are not set")


def test_the_demo_starts_only_in_an_empty_folder(clean_env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "sandbox.db").write_bytes(b"")
    result = run(["sandbox", "--demo"], clean_env, tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "s55bot: sandbox.db already holds a sandbox here: start without --demo to go on with "
        "it, or delete sandbox.db and sandbox-slack.json to start the demo afresh\n"
    )


def test_the_demo_is_the_2024_inspection_with_the_chief_constables_response_in(
    sandbox_in: object, tmp_path: Path
) -> None:
    running = sandbox_in(tmp_path, demo.demo_clock())  # type: ignore[operator]
    demo.play(running.sandbox)
    shown = channel_text(running.url)
    assert "S55-1 · Vetting and anti-corruption part 2" in shown
    assert "Awaiting PCC response" in shown
    assert "Tue 21 May 2024" in running.sandbox.clock_text()
    thread = [
        m
        for m in running.sandbox.standin.messages[cast.CHANNEL]
        if m.get("thread_ts") and m.get("user") == cast.CC_STAFF.user_id
    ]
    assert thread and "very few SARs relating to employees of Norfolk" in thread[0]["text"]
    wait_for(lambda: "Awaiting PCC response" in channel_text(running.url))


def test_a_fresh_sandbox_opens_on_the_bots_welcome_with_an_example_that_counts_down(
    sandbox_in: object,
) -> None:
    running = sandbox_in()  # type: ignore[operator]
    # The first message of the channel (the day's digest may follow it at once).
    welcome = running.sandbox.standin.messages[cast.CHANNEL][0]
    assert welcome["user"] == running.sandbox.standin.identity.bot_user_id  # from the bot
    first_try = "Try this first:* `/s55 add Vetting and anti-corruption part 2 | last Tuesday`"
    assert first_try in welcome["text"]
    assert "a report published Tue 3 Nov 2026" in welcome["text"]  # the sandbox is on 10 Nov
    assert screen_of(running.url)["untouched"] is True


def test_the_demo_starts_from_the_page_in_a_sandbox_nothing_has_happened_in(
    sandbox_in: object,
) -> None:
    running = sandbox_in()  # type: ignore[operator]
    status, answer = request(running.url, "POST", "/sandbox/demo", {"as": OFFICER})
    assert status == 200, answer
    assert answer["said"] == "The demo has started: now Tue 21 May 2024, 10:15."
    shown = channel_text(running.url)
    assert "Welcome to the s55bot demo" in shown
    assert "Welcome to the s55bot sandbox" not in shown  # the fresh sandbox's welcome is gone
    wait_for(lambda: "Awaiting PCC response" in channel_text(running.url))
    assert screen_of(running.url)["untouched"] is False

    status, answer = request(running.url, "POST", "/sandbox/demo", {"as": OFFICER})
    assert status == 409
    assert answer["error"] == (
        "The demo cannot start here: the demo starts in a sandbox nothing has happened in: stop "
        "this one and run `.venv/bin/s55bot sandbox --demo` in an empty folder."
    )


def test_the_demo_is_not_offered_once_someone_has_written_in_the_channel(
    sandbox_in: object,
) -> None:
    running = sandbox_in()  # type: ignore[operator]
    running.sandbox.slack.send(OFFICER, "Morning all")
    wait_for(lambda: screen_of(running.url)["untouched"] is False)
    status, _answer = request(running.url, "POST", "/sandbox/demo", {"as": OFFICER})
    assert status == 409
    assert "2026" in running.sandbox.clock_text()  # the clock was not set back
