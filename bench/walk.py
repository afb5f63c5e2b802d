"""Which of the project's modules run for one thread reply and for one sign-off click.

    python -m bench.walk [--database-url URL]

Drives the real Bolt app (served by waitress on loopback, against the local Web API stand-in)
as the end-to-end tests do: `/s55 add` logs an inspection and its card is posted; then, each
traced on its own, a reply in the card's thread (the `message` event: stored, acked, then
collected into the draft with its receipt) and an approver's click on the first office-use step
(with both sections recorded as none, so that sign-off may go). While each runs, and until the
work after its ack has finished, a profile hook in every thread notes the file of each Python
function called; the modules of bot/, handlers/ and storage/ among them are printed, one a line,
with their count (not the stand-in's, bot.standin, which plays Slack in the same process). It
says how far one request travels through the code, not how long it takes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

from sqlalchemy import text

import bot
from bench.ack_latency import APPROVER, CHANNEL, SECRET, TOKEN, Pool, s55bot_server
from bot import ids
from bot.domain.steps import DEFAULT_STEPS
from bot.standin import SignedSlackRequests, SlackStandIn
from storage.db import Database

ROOT = Path(bot.__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers", "storage")


class Trace:
    """The project's modules whose functions were called while ``on``."""

    def __init__(self) -> None:
        self.on = False
        self.files: set[str] = set()

    def hook(self, frame: FrameType, event: str, _arg: Any) -> None:
        if self.on and event == "call":
            self.files.add(frame.f_code.co_filename)

    def modules(self) -> list[str]:
        found = set()
        for name in self.files:
            path = Path(name)
            if not path.is_absolute() or ROOT not in path.parents:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[0] in PACKAGES and parts[:2] != ("bot", "standin"):
                found.add(".".join(part for part in parts if part != "__init__"))
        return sorted(found)


def traced(trace: Trace, pool: Pool, action: Callable[[], Any]) -> list[str]:
    trace.files.clear()
    trace.on = True
    try:
        reply = action()
        assert reply.status == 200, reply.body
        pool.settle()  # the work after the ack belongs to the request too
    finally:
        trace.on = False
    return trace.modules()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a new SQLite file")
    args = parser.parse_args()
    trace = Trace()
    # Every thread started from here on (waitress's, the listeners') reports to the hook.
    threading.setprofile(trace.hook)
    sys.setprofile(trace.hook)
    with tempfile.TemporaryDirectory() as folder, SlackStandIn(token=TOKEN) as slack:
        url = args.database_url or f"sqlite:///{Path(folder) / 'walk.db'}"
        Database(url).migrate()
        pool = Pool()
        server = s55bot_server(slack, url, pool)
        send = SignedSlackRequests(
            server.url + "slack/events", SECRET, response_url_factory=slack.response_url
        )
        try:
            assert send.slash_command("add Walk inspection | 30/04/2024").status == 200
            pool.settle()
            card = slack.wait_for("chat.postMessage")[0].response
            assert card is not None, "the card was not posted"
            card_ts = card["ts"]
            walks = {
                "thread reply": lambda: send.thread_reply(
                    text="The Chief Constable's response, first paragraph.",
                    thread_ts=card_ts,
                    channel_id=CHANNEL,
                    ts="1800000000.000100",
                )
            }
            lists = {"thread reply": traced(trace, pool, walks["thread reply"])}
            _ready_to_sign(url)
            lists["sign-off click"] = traced(
                trace,
                pool,
                lambda: send.button_click(
                    action_id=ids.CONFIRM_STEP,
                    # What the card's step button carries: "<inspection>|<step>", as Slack
                    # sends it back (written here so that the walk runs on any version).
                    value=f"1|{DEFAULT_STEPS[0]}",
                    user_id=APPROVER,
                    channel_id=CHANNEL,
                    message_ts=card_ts,
                ),
            )
        finally:
            sys.setprofile(None)
            threading.setprofile(None)
            server.stop()
    print(f"code from {ROOT}")
    for name, modules in lists.items():
        print(f"{name}: {len(modules)} modules")
        for module in modules:
            print(f"  {module}")


def _ready_to_sign(url: str) -> None:
    """The inspection waiting for sign-off, the report making no recommendations or AFIs."""
    with Database(url).engine.begin() as connection:
        connection.execute(text("UPDATE inspection SET state = 'awaiting PCC sign-off'"))
        for section in ("recommendations", "afis"):
            connection.execute(
                text(
                    "INSERT INTO section_revision (inspection_id, section, revision, text,"
                    " raw_text, says_none, source, recorded_by, recorded_at)"
                    " SELECT id, :section, 1, '', '', TRUE, 'none', :who, logged_at"
                    " FROM inspection"
                ),
                {"section": section, "who": APPROVER},
            )


if __name__ == "__main__":
    main()
