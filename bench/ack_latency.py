"""Time from a signed request to Slack's HTTP ack, beside a bare Bolt app on the same request.

    python -m bench.ack_latency [--requests 300] [--database-url URL]

Two requests are measured: the slash command `/s55 add` and a reply in a card's thread (the
`message` event that adds to a draft response). Both apps are served by the same waitress server
class on loopback; the Web API is the local stand-in. The s55bot figures include everything
before the ack (signature check, Bolt middleware, ours); the work after the ack (storing,
posting the card or the receipt) runs concurrently with later requests, as in production.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from pathlib import Path

from slack_bolt import Ack, App
from sqlalchemy import text

from bot import ids
from bot.domain.steps import DEFAULT_STEPS
from bot.runtime.app import build_app
from bot.runtime.web import RunningServer, make_wsgi_app, start_in_thread
from bot.services import Services
from bot.settings import load_settings
from bot.slack.client import make_client
from bot.standin import Reply, SignedSlackRequests, SlackStandIn
from storage.db import Database

TOKEN = "xoxb-bench"
SECRET = "bench-signing-secret"
CHANNEL = "C0BENCH01"
APPROVER = "U0BENCH01"
WARM_UP = 10


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(requests: int, send: Callable[[int], Reply]) -> list[float]:
    for number in range(requests, requests + WARM_UP):
        send(number)
    samples = []
    for number in range(requests):
        reply = send(number)
        assert reply.status == 200, reply.body
        samples.append(reply.elapsed * 1000)
    return samples


def s55bot_server(slack: SlackStandIn, database_url: str, pool: Executor) -> RunningServer:
    settings = load_settings(
        {
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": slack.url,
            "DATABASE_URL": database_url,
            "S55_CHANNEL": CHANNEL,
            "S55_APPROVERS": APPROVER,
        }
    )
    db = Database(database_url)
    db.migrate()
    services = Services(settings=settings, db=db, client=make_client(settings))
    return start_in_thread(make_wsgi_app(build_app(services, listener_executor=pool), db))


def bare_bolt_server(slack: SlackStandIn, database_url: str, pool: Executor) -> RunningServer:
    app = App(
        signing_secret=SECRET,
        listener_executor=pool,
        client=make_client(load_settings({"SLACK_BOT_TOKEN": TOKEN, "SLACK_API_URL": slack.url})),
    )

    @app.command("/s55")
    def answer(ack: Ack) -> None:
        ack()

    @app.event("message")
    def receive(ack: Ack) -> None:
        ack()

    @app.action(ids.CONFIRM_STEP)
    def press(ack: Ack) -> None:
        ack()

    return start_in_thread(make_wsgi_app(app, Database(database_url)))


def run(
    slack: SlackStandIn, server: RunningServer, requests: int, database_url: str
) -> dict[str, list[float]]:
    send = SignedSlackRequests(
        server.url + "slack/events", SECRET, response_url_factory=slack.response_url
    )
    run_id = int(time.time())
    adds = measure(
        requests, lambda n: send.slash_command(f"add Bench inspection {run_id} {n} | 30/04/2024")
    )
    card_ts = (
        slack.wait_for("chat.postMessage")[0].response["ts"]
        if slack.calls_to("chat.postMessage")
        else "1700000000.000100"
    )
    replies = measure(
        requests,
        lambda n: send.thread_reply(
            text=f"Paragraph {n} of the Chief Constable's response.",
            thread_ts=card_ts,
            channel_id=CHANNEL,
            ts=f"{run_id}.{n:06d}",
        ),
    )
    with Database(database_url).engine.begin() as connection:  # every inspection ready to sign
        connection.execute(text("UPDATE inspection SET state = 'awaiting PCC sign-off'"))
    clicks = measure(
        requests,
        lambda n: send.button_click(
            action_id=ids.CONFIRM_STEP,
            value=f"{n + 1}|{DEFAULT_STEPS[0]}",
            user_id=APPROVER,
            channel_id=CHANNEL,
            message_ts=card_ts,
        ),
    )
    return {"/s55 add": adds, "thread reply": replies, "sign-off click": clicks}


def report(name: str, samples: list[float]) -> None:
    print(
        f"{name:<30} n={len(samples):<5} p50={percentile(samples, 0.50):6.2f} ms  "
        f"p90={percentile(samples, 0.90):6.2f} ms  p99={percentile(samples, 0.99):6.2f} ms  "
        f"max={max(samples):6.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--database-url", help="default: a new SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, SlackStandIn(token=TOKEN) as slack:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        Database(url).migrate()
        results = {}
        for name, start in (("bare Bolt", bare_bolt_server), ("s55bot", s55bot_server)):
            slack.reset()
            pool = ThreadPoolExecutor(max_workers=8)
            server = start(slack, url, pool)
            for request, samples in run(slack, server, args.requests, url).items():
                results[f"{name}: {request}"] = samples
            pool.shutdown(wait=True)  # the work done after the acks, before Slack goes away
            server.stop()
        with Database(url).engine.connect() as connection:
            signed = connection.execute(text("SELECT count(*) FROM step_confirmation")).scalar()
        print(f"signed request → HTTP ack, loopback, database {url.split(':')[0]}")
        print(f"(after the acks s55bot stored {signed} sign-offs and posted their cards and notes)")
        for name, samples in results.items():
            report(name, samples)


if __name__ == "__main__":
    main()
