"""`s55bot socket` as an office without a public address runs it: a real process, Slack's
envelopes over a real WebSocket from the stand-in, and the reminders sent from the same process."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from slack_sdk import WebClient
from sqlalchemy import select

from bot.standin import SignedSlackRequests, SlackStandIn
from storage.db import Database
from storage.models import InboxEvent, Inspection, Reminder
from tests.forkserver import s55bot

from .test_cli import free_port, run

TOKEN = "xoxb-socket-test"
APP_TOKEN = "xapp-1-A0APP0001-socket-test"
CHANNEL = "C0SOCKET01"
LONDON = ZoneInfo("Europe/London")
TITLE = "Vetting and anti-corruption part 2"
REMINDER_KEYS = ("digest:", "nudge:", "overdue:")  # bot/domain/reminders.py


def socket_env(clean_env: dict[str, str], slack: SlackStandIn, **more: str) -> dict[str, str]:
    return {
        **clean_env,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_APP_TOKEN": APP_TOKEN,
        "SLACK_API_URL": slack.url,
        "S55_CHANNEL": CHANNEL,
        "S55_DIGEST_TIME": "00:00",  # the day's reminders are due whenever the test runs
        **more,
    }


def seed_deadline_today(database: Database, slack: SlackStandIn) -> None:
    """S55-1, logged in time, whose 55 days end today: its deadline-day nudge is due now."""
    today = datetime.now(LONDON).date()
    published = today - timedelta(days=55)
    card = WebClient(token=TOKEN, base_url=slack.url).chat_postMessage(
        channel=CHANNEL, text="card 1"
    )
    with database.session() as session:
        session.add(
            Inspection(
                number=1,
                title="Custody, part 1",
                title_key="custody, part 1",
                published=published,
                inspection_type="Other",
                deadline_rule="statutory",
                cc_due=published + timedelta(days=28),
                statutory_deadline=today,
                state="awaiting CC response",
                channel_id=CHANNEL,
                card_ts=card["ts"],
                logged_by="U0001",
                logged_at=datetime.combine(published, datetime.min.time(), UTC),
            )
        )


def message_key(message: dict[str, Any]) -> str:
    return ((message.get("metadata") or {}).get("event_payload") or {}).get("key") or ""


def reminder_keys(slack: SlackStandIn) -> list[str]:
    """The keys of the reminders (digest, nudges) people can see in the channel and threads."""
    keys = [message_key(message) for message in slack.messages.get(CHANNEL, [])]
    return [key for key in keys if key.startswith(REMINDER_KEYS)]


@dataclass
class Running:
    process: subprocess.Popen[str]
    slack: SlackStandIn
    stderr: Path

    def stop(self) -> tuple[int, str]:
        """SIGTERM, as a process manager stops it; the exit code and all it said."""
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=30)
        return code, self.stderr.read_text()


@pytest.fixture
def socket_bot(
    clean_env: dict[str, str], tmp_path: Path, database: Database, request: pytest.FixtureRequest
) -> Iterator[Running]:
    """`s55bot socket` in its own process; arguments by indirect parametrisation."""
    args: list[str] = getattr(request, "param", [])
    with SlackStandIn(token=TOKEN, app_token=APP_TOKEN) as slack:
        seed_deadline_today(database, slack)
        env = socket_env(clean_env, slack, DATABASE_URL=database.url)
        stderr = tmp_path / "stderr.log"
        with stderr.open("w") as log:
            process = subprocess.Popen(
                s55bot("socket", *args), env=env, cwd=tmp_path, stderr=log, text=True
            )
        try:
            slack.socket_mode.wait_for_connection(timeout=30)
            yield Running(process, slack, stderr)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)


def requests_for(slack: SlackStandIn) -> SignedSlackRequests:
    # Only the payload builders are used: in Socket Mode nothing is signed or POSTed.
    return SignedSlackRequests("unused", "unused", response_url_factory=slack.response_url)


def add_by_slash_command(slack: SlackStandIn) -> dict[str, Any]:
    """`/s55 add …` as a slash_commands envelope: acknowledged, the card posted. The card."""
    command = requests_for(slack).slash_command_fields(
        f"add {TITLE} | 30/04/2024", channel_id=CHANNEL
    )
    envelope_id = slack.socket_mode.send("slash_commands", command)
    assert slack.socket_mode.wait_for_ack(envelope_id).envelope_id == envelope_id
    post = slack.wait_for(
        "chat.postMessage",
        timeout=15,
        predicate=lambda call: "S55-2" in str(call.args.get("blocks")),
    )[0]
    assert post.args["blocks"][0]["text"]["text"] == f"S55-2 · {TITLE}"
    assert slack.wait_for("response_url", timeout=15)[0].args["text"].startswith("Logged *S55-2*")
    card = slack.message(CHANNEL, post.response["ts"])
    assert card is not None
    return card


def first_button(card: dict[str, Any]) -> dict[str, Any]:
    return next(
        element
        for block in card["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
        if element["type"] == "button"
    )


def test_socket_mode_takes_commands_clicks_and_events_and_sends_the_reminders(
    socket_bot: Running, database: Database
) -> None:
    slack, link = socket_bot.slack, socket_bot.slack.socket_mode
    # The in-process scheduler: the day's reminders, with no `s55bot clock` running.
    slack.wait_for(
        "chat.postMessage",
        timeout=30,
        predicate=lambda call: message_key(call.args).startswith("nudge:1:"),
    )

    card = add_by_slash_command(slack)

    button = first_button(card)
    click = requests_for(slack).button_click_payload(
        action_id=button["action_id"],
        value=button.get("value", ""),
        channel_id=CHANNEL,
        message_ts=card["ts"],
        message=card,
    )
    clicked = link.send("interactive", click)
    assert link.wait_for_ack(clicked).envelope_id == clicked
    # The bot answers the click through the click's own response_url.
    slack.wait_for("response_url", timeout=15, predicate=lambda call: "/action/" in call.path)
    reply = requests_for(slack).thread_reply_event(
        text="The force accepts the recommendation.", thread_ts=card["ts"], channel_id=CHANNEL
    )
    event = requests_for(slack).event_envelope(reply)
    delivered = link.send("events_api", event)
    assert link.wait_for_ack(delivered).envelope_id == delivered
    assert processed(database, event["event_id"])

    # Slack asks the app to move to a new connection: it asks for a new URL and carries on.
    link.disconnect()
    link.wait_for_connection(count=2, timeout=30)
    assert len(slack.calls_to("apps.connections.open")) == 2
    again = link.send("slash_commands", requests_for(slack).slash_command_fields("help"))
    assert link.wait_for_ack(again, timeout=15).connection == 2

    code, said = socket_bot.stop()
    assert code == 0, said
    assert "Socket Mode stopped" in said
    assert "Traceback" not in said and " ERROR " not in said


def processed(database: Database, event_id: str, attempts: int = 300) -> bool:
    """Whether the inbox marks the event processed, asked until it does (a bounded wait)."""
    for _ in range(attempts):
        with database.session() as session:
            row = session.scalar(select(InboxEvent).where(InboxEvent.event_id == event_id))
        if row is not None and row.processed_at is not None:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("socket_bot", [["--no-scheduler"]], indirect=True)
def test_socket_mode_with_no_scheduler_sends_no_reminders(
    socket_bot: Running, database: Database
) -> None:
    add_by_slash_command(socket_bot.slack)
    code, said = socket_bot.stop()
    assert code == 0, said
    assert "reminders left to `s55bot clock`" in said
    assert reminder_keys(socket_bot.slack) == []
    with database.session() as session:
        claimed = session.scalars(select(Reminder.key)).all()
    assert [key for key in claimed if key.startswith(REMINDER_KEYS)] == []


@pytest.mark.parametrize(
    ("app_token", "fault", "says"),
    [
        (
            "xapp-1-A0APP0001-revoked",
            None,
            "s55bot: Slack refused SLACK_APP_TOKEN (invalid_auth): copy the App-Level Token again",
        ),
        (
            "xoxb-pasted-in-the-wrong-place",
            None,
            "s55bot: SLACK_APP_TOKEN does not start with xapp-",
        ),
        (APP_TOKEN, "drop", "s55bot: could not reach Slack at http://127.0.0.1:"),
    ],
)
def test_an_app_token_slack_refuses_or_cannot_check_is_one_line_and_exit_2(
    clean_env: dict[str, str], tmp_path: Path, app_token: str, fault: str | None, says: str
) -> None:
    with SlackStandIn(token=TOKEN, app_token=APP_TOKEN) as slack:
        if fault == "drop":
            slack.drop_next("apps.connections.open", times=10)
        result = run(["socket"], socket_env(clean_env, slack, SLACK_APP_TOKEN=app_token), tmp_path)
        assert slack.socket_mode.opened == 0
    assert result.returncode == 2
    assert result.stderr.startswith(says)
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_a_socket_mode_address_where_nothing_answers_is_one_line_and_exit_2(
    clean_env: dict[str, str], tmp_path: Path
) -> None:
    with SlackStandIn(token=TOKEN, app_token=APP_TOKEN) as slack:
        nowhere = f"ws://127.0.0.1:{free_port()}/link/?ticket=spent&app_id=A0APP0001"
        slack.set_response("apps.connections.open", {"ok": True, "url": nowhere})
        result = run(["socket"], socket_env(clean_env, slack), tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(
        "s55bot: Slack gave a Socket Mode address but the connection failed ("
    )
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
