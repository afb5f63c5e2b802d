"""**Review** answers within Slack's 3-second trigger_id whatever the paste's size: the time from
the click to the form open (views.open, "Reading the items…") and to its first page filled
(views.update), for a 281 KB paste beside a 1 KB one, in the same run.

    python -m bench.review_open [--repeat 3] [--kb 281] [--database-url URL]

The real bot is served over HTTP on loopback; the Web API is the local stand-in, which holds
trigger_ids to Slack's 3 seconds (an expired one is refused with ``expired_trigger_id``, as
once measured: 10 s to answer a 281 KB paste). A paste that size is several thread messages
(Slack's limit is 40,000 characters a message): a long national report with 150 numbered
recommendations amid its prose.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.ack_latency import CHANNEL, SECRET, TOKEN, Pool, s55bot_server
from bot import ids
from bot.standin import SignedSlackRequests, SlackStandIn

EDITOR = "U0BENCH02"
MESSAGE_CHARS = 35_000  # under Slack's 40,000 a message


def report_text(kilobytes: int) -> str:
    """A long national report: prose, and 150 recommendations numbered amid it."""
    parts, number, size = ["Recommendations"], 1, 0
    while size < kilobytes * 1024:
        if number <= 150:
            line = (
                f"{number}. By 31 March 2026, chief constables should review how their force "
                f"records crime of type {number} and report the result to their PCC."
            )
            number += 1
        else:
            line = "Forces told us that the training was useful and that they had acted on it."
        parts.append(line)
        size += len(line) + 1
    return "\n".join(parts)


def messages(text: str) -> list[str]:
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.splitlines():
        if size + len(line) > MESSAGE_CHARS:
            chunks.append("\n".join(current))
            current, size = [], 0
        current.append(line)
        size += len(line) + 1
    return [*chunks, "\n".join(current)]


def open_review(
    slack: SlackStandIn, send: SignedSlackRequests, pool: Pool, text: str, run: int
) -> tuple[float, float, int]:
    """Log an inspection, paste ``text`` in its thread, press Review: (seconds to the form,
    seconds to its first page, items on the page)."""
    send.slash_command(f"add Bench review {run} | 30/04/2024")
    pool.settle()
    card = [c for c in slack.calls_to("chat.postMessage") if not c.args.get("thread_ts")][-1]
    card_ts = (card.response or {})["ts"]
    send.slash_command(f"recs S55-{run}")
    pool.settle()
    for n, part in enumerate(messages(text)):
        send.thread_reply(
            text=part,
            thread_ts=card_ts,
            channel_id=CHANNEL,
            user_id=EDITOR,
            ts=f"{int(time.time())}.{run:03d}{n:03d}",
        )
        pool.settle()
    receipt = next(
        c
        for c in reversed(slack.calls_to("chat.postMessage") + slack.calls_to("chat.update"))
        if ids.REVIEW_ITEMS in str(c.args.get("blocks"))
    )
    value = next(
        e["value"]
        for block in receipt.args["blocks"]
        if block["type"] == "actions"
        for e in block["elements"]
        if e["action_id"] == ids.REVIEW_ITEMS
    )
    opened = len(slack.calls_to("views.open"))
    updated = len(slack.calls_to("views.update"))
    payload = send.button_click_payload(
        action_id=ids.REVIEW_ITEMS,
        value=value,
        user_id=EDITOR,
        channel_id=CHANNEL,
        message_ts=(receipt.response or {}).get("ts", card_ts),
        block_id=ids.RECEIPT_ACTIONS_BLOCK,
    )
    payload["trigger_id"] = slack.workspace.issue_trigger(EDITOR)  # held to Slack's 3 s
    started = time.perf_counter()
    assert send.block_action(payload).status == 200
    form = slack.wait_for("views.open", count=opened + 1, timeout=30)[-1]
    to_form = time.perf_counter() - started
    assert (form.response or {}).get("ok"), form.response  # not expired_trigger_id
    filled = slack.wait_for("views.update", count=updated + 1, timeout=60)[-1]
    to_page = time.perf_counter() - started
    pool.settle()
    rows = [b for b in filled.args["view"]["blocks"] if b["block_id"].startswith("item_")]
    return to_form, to_page, len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--kb", type=int, default=281)
    parser.add_argument("--database-url", help="default: a new SQLite file")
    args = parser.parse_args()
    pastes = {"1 KB paste": report_text(1), f"{args.kb} KB paste": report_text(args.kb)}
    with tempfile.TemporaryDirectory() as folder, SlackStandIn(token=TOKEN) as slack:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        pool = Pool()
        server = s55bot_server(slack, url, pool)
        send = SignedSlackRequests(
            server.url + "slack/events", SECRET, response_url_factory=slack.response_url
        )
        print(f"click on Review → form open / first page filled (database {url.split(':')[0]})")
        print(f"{'paste':<14} {'KB':>5} {'form open s':>12} {'page filled s':>14} {'rows':>5}")
        run = 0
        for name, text in pastes.items():
            for _ in range(args.repeat):
                run += 1
                to_form, to_page, rows = open_review(slack, send, pool, text, run)
                print(
                    f"{name:<14} {len(text.encode()) / 1024:>5.0f} {to_form:>12.3f} "
                    f"{to_page:>14.3f} {rows:>5}"
                )
        pool.shutdown(wait=True)
        server.stop()


if __name__ == "__main__":
    main()
