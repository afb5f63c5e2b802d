"""Time from a signed `/s55 add` to Slack's HTTP ack, beside a bare Bolt app on the same request.

    python -m bench.ack_latency [--requests 300] [--database-url URL]

Both apps are served by the same waitress server class on loopback; the Web API is the local
stand-in. The s55bot figure includes everything that happens before ack() (signature check,
Bolt middleware, our services middleware); the card is posted after the ack, concurrently with
later requests, as it would be in production.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from slack_bolt import Ack, App

from bot.app import build_app
from bot.services import Services
from bot.settings import load_settings
from bot.slack import make_client
from bot.standin import SignedSlackRequests, SlackStandIn
from bot.web import RunningServer, make_wsgi_app, start_in_thread
from storage.db import Database

TOKEN = "xoxb-bench"
SECRET = "bench-signing-secret"
WARM_UP = 10


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(send: SignedSlackRequests, requests: int, text: Callable[[int], str]) -> list[float]:
    for warm_up in range(WARM_UP):
        send.slash_command(text(requests + warm_up))
    samples = []
    for number in range(requests):
        reply = send.slash_command(text(number))
        assert reply.status == 200, reply.body
        samples.append(reply.elapsed * 1000)
    return samples


def s55bot_server(slack: SlackStandIn, database_url: str) -> RunningServer:
    settings = load_settings(
        {
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": slack.url,
            "DATABASE_URL": database_url,
            "S55_CHANNEL": "C0BENCH01",
        }
    )
    db = Database(database_url)
    db.migrate()
    services = Services(settings=settings, db=db, client=make_client(settings))
    return start_in_thread(make_wsgi_app(build_app(services), db))


def bare_bolt_server(slack: SlackStandIn, database_url: str) -> RunningServer:
    app = App(
        signing_secret=SECRET,
        client=make_client(load_settings({"SLACK_BOT_TOKEN": TOKEN, "SLACK_API_URL": slack.url})),
    )

    @app.command("/s55")
    def answer(ack: Ack) -> None:
        ack()

    return start_in_thread(make_wsgi_app(app, Database(database_url)))


def report(name: str, samples: list[float]) -> None:
    print(
        f"{name:<22} n={len(samples):<5} p50={percentile(samples, 0.50):6.2f} ms  "
        f"p90={percentile(samples, 0.90):6.2f} ms  p99={percentile(samples, 0.99):6.2f} ms  "
        f"max={max(samples):6.2f} ms  mean={statistics.fmean(samples):6.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--database-url", help="default: a new SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, SlackStandIn(token=TOKEN) as slack:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        run_id = int(time.time())
        results = {}
        for name, start in (
            ("bare Bolt app", bare_bolt_server),
            ("s55bot /s55 add", s55bot_server),
        ):
            server = start(slack, url)
            send = SignedSlackRequests(
                server.url + "slack/events", SECRET, response_url_factory=slack.response_url
            )
            results[name] = measure(
                send, args.requests, lambda n: f"add Bench inspection {run_id}-{n} | 30/04/2024"
            )
            if name.startswith("s55bot"):  # let the work done after the acks finish
                slack.wait_for("response_url", count=args.requests + WARM_UP, timeout=120)
            server.stop()
        print(f"signed slash command → HTTP ack, loopback, database {url.split(':')[0]}")
        for name, samples in results.items():
            report(name, samples)
        cards = len(slack.calls_to("chat.postMessage"))
        print(f"cards posted after the ack: {cards}")


if __name__ == "__main__":
    main()
