"""Time from a signed request to Slack's HTTP ack, beside a bare Bolt app on the same request.

    python -m bench.ack_latency [--requests 300] [--burst 50] [--database-url URL]
        [--runs 1] [--modes in-process,1 worker,2 workers]

Three requests are measured: the slash command `/s55 add`, a reply in a card's thread (the
`message` event, which s55bot stores in its inbox before the ack) and an approver's sign-off
click. Both apps are served by the same waitress server class on loopback; the Web API is the
local stand-in. The bare Bolt app is Bolt's default (process_before_response=False), whose
runner polls every 10 ms for ack(); s55bot acks in the request thread and works afterwards.

* isolated: one request at a time, each sent after the work of the one before has finished;
* burst: ``--burst`` requests sent at once, the work after each ack competing with the rest.

s55bot is measured as ``--modes`` say: ``in-process`` (the work after each ack on the web
process's own threads, as Bolt's lazy listeners: the design before workers, still the tests'
and the sandbox's), ``worker threads`` (`s55bot serve`: stored, then done by a worker on
threads of the web process), ``1 worker`` and ``2 workers`` (the web
process only acknowledges, `s55bot serve --no-worker`, and that many `s55bot worker` processes
do the work: bot.runtime.worker). Each run measures bare Bolt and every mode, in turn, in the
same process; ``--runs`` repeats that. Posting is not paced (S55_POST_RATE=1000): the bench
measures acks, not Slack's rate limits.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from slack_bolt import Ack, App
from sqlalchemy import text

from bot import ids
from bot.domain.steps import DEFAULT_STEPS
from bot.inbox.worker import Worker
from bot.runtime.app import build_app
from bot.runtime.web import RunningServer, make_wsgi_app, start_in_thread
from bot.runtime.worker import one_office, start_worker
from bot.services import Services
from bot.settings import load_settings
from bot.slack.client import make_client
from bot.standin import Reply, SignedSlackRequests, SlackStandIn
from storage import inbox
from storage.db import Database

TOKEN = "xoxb-bench"
SECRET = "bench-signing-secret"
CHANNEL = "C0BENCH01"
APPROVER = "U0BENCH01"
WARM_UP = 10
MODES = ("in-process", "worker threads", "1 worker", "2 workers")

Params = ParamSpec("Params")
Result = TypeVar("Result")


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Pool(ThreadPoolExecutor):
    """The listeners' pool, which can tell when all the work handed to it has finished."""

    def __init__(self) -> None:
        super().__init__(max_workers=8)
        self.futures: list[Future[Any]] = []

    def submit(
        self, fn: Callable[Params, Result], /, *args: Params.args, **kwargs: Params.kwargs
    ) -> Future[Result]:
        future = super().submit(fn, *args, **kwargs)
        self.futures.append(future)
        return future

    def settle(self) -> None:
        while pending := [future for future in self.futures if not future.done()]:
            wait(pending, timeout=60)


class Workers(Pool):
    """For a web process that only acknowledges: its work is done when the inbox is empty."""

    def __init__(self, url: str, processes: list[subprocess.Popen[bytes]]) -> None:
        super().__init__()
        self.db = Database(url)
        self.processes = processes
        self.threads: Worker | None = None  # or a worker on threads of the web process

    def settle(self) -> None:
        super().settle()
        while True:
            with self.db.session(read_only=True) as session:
                waiting = inbox.not_done(session)
            if not waiting:
                return
            for process in self.processes:
                assert process.poll() is None, "a worker process stopped"
            time.sleep(0.02)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if self.threads is not None:
            self.threads.stop()
        for process in self.processes:
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            process.wait(30)
        super().shutdown(wait=wait, cancel_futures=cancel_futures)


def measure(
    requests: int, send: Callable[[int], Reply], pool: Pool, burst: int
) -> tuple[list[float], list[float]]:
    """Isolated requests (the work after each ack finished before the next), then a burst."""
    for number in range(requests, requests + WARM_UP):
        send(number)
    pool.settle()
    isolated = []
    for number in range(requests):
        reply = send(number)
        assert reply.status == 200, reply.body
        isolated.append(reply.elapsed * 1000)
        pool.settle()
    with ThreadPoolExecutor(max_workers=burst) as senders:
        replies = list(senders.map(send, range(requests + WARM_UP, requests + WARM_UP + burst)))
    assert all(reply.status == 200 for reply in replies), [r.body for r in replies][:3]
    pool.settle()
    return isolated, [reply.elapsed * 1000 for reply in replies]


def s55bot_environment(slack: SlackStandIn, database_url: str) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack.url,
        "DATABASE_URL": database_url,
        "S55_CHANNEL": CHANNEL,
        "S55_APPROVERS": APPROVER,
        "S55_POST_RATE": "1000",
    }


def s55bot_server(
    slack: SlackStandIn, database_url: str, pool: Executor, *, by_workers: bool = False
) -> RunningServer:
    settings = load_settings(s55bot_environment(slack, database_url))
    db = Database(database_url)
    db.migrate()
    services = Services(settings=settings, db=db, client=make_client(settings))
    app = build_app(services, listener_executor=pool, by_workers=by_workers)
    if isinstance(pool, Workers) and not pool.processes:  # `s55bot serve`: its own worker
        pool.threads = start_worker(app, db, one_office(services))
    return start_in_thread(make_wsgi_app(app, db))


def worker_processes(
    slack: SlackStandIn, database_url: str, count: int, *, nice: int = 0
) -> list[subprocess.Popen[bytes]]:
    """``count`` `s55bot worker` processes, as a Procfile's worker: line would run them."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "S55_"))},
        **s55bot_environment(slack, database_url),
    }
    return [
        subprocess.Popen(
            [sys.executable, "-m", "bot.runtime.cli", "worker"],
            env=env,
            # On one machine the workers share the web process's cores; a niceness gives the
            # acks the CPU first, as workers on other machines (or cores) would.
            preexec_fn=(lambda: os.nice(nice)) if nice else None,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(count)
    ]


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
    slack: SlackStandIn, server: RunningServer, pool: Pool, requests: int, burst: int, url: str
) -> dict[str, tuple[list[float], list[float]]]:
    send = SignedSlackRequests(
        server.url + "slack/events", SECRET, response_url_factory=slack.response_url
    )
    run_id = int(time.time())
    adds = measure(
        requests,
        lambda n: send.slash_command(f"add Bench inspection {run_id} {n} | 30/04/2024"),
        pool,
        burst,
    )
    card = slack.wait_for("chat.postMessage")[0] if slack.calls_to("chat.postMessage") else None
    card_ts = card.response["ts"] if card and card.response else "1700000000.000100"
    replies = measure(
        requests,
        lambda n: send.thread_reply(
            text=f"Paragraph {n} of the Chief Constable's response.",
            thread_ts=card_ts,
            channel_id=CHANNEL,
            ts=f"{run_id}.{n:06d}",
        ),
        pool,
        burst,
    )
    with Database(url).engine.begin() as connection:  # every inspection ready to sign
        connection.execute(text("UPDATE inspection SET state = 'awaiting PCC sign-off'"))
        for section in ("recommendations", "afis"):  # the report makes none: sign-off may go
            connection.execute(
                text(
                    "INSERT INTO section_revision (office_id, inspection_id, section, revision,"
                    " text, raw_text, says_none, source, recorded_by, recorded_at)"
                    " SELECT office_id, id, CAST(:section AS VARCHAR), 1, '', '', TRUE, 'none',"
                    " 'U0BENCH01', logged_at FROM inspection WHERE NOT EXISTS (SELECT 1 FROM"
                    " section_revision s WHERE s.inspection_id = inspection.id"
                    " AND s.section = CAST(:section AS VARCHAR))"
                ),
                {"section": section},
            )
    clicks = measure(
        requests,
        lambda n: send.button_click(
            action_id=ids.CONFIRM_STEP,
            value=f"{n + 1}|{DEFAULT_STEPS[0]}",
            user_id=APPROVER,
            channel_id=CHANNEL,
            message_ts=card_ts,
        ),
        pool,
        burst,
    )
    return {"/s55 add": adds, "thread reply": replies, "sign-off click": clicks}


def report(name: str, samples: list[float]) -> None:
    print(
        f"{name:<30} n={len(samples):<5} p50={percentile(samples, 0.50):6.2f} ms  "
        f"p90={percentile(samples, 0.90):6.2f} ms  p99={percentile(samples, 0.99):6.2f} ms  "
        f"max={max(samples):6.2f} ms"
    )


def main() -> None:
    # A burst keeps every request thread busy by design: waitress's "Task queue depth is N"
    # warning, one line a queued request (hundreds a run), would bury the figures.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--burst", type=int, default=50)
    parser.add_argument("--database-url", help="default: a new SQLite file")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--modes", default="in-process", help=f"of: {', '.join(MODES)}")
    parser.add_argument(
        "--worker-nice",
        type=int,
        default=0,
        help="run the worker processes at this niceness (e.g. 10: the acks' CPU first)",
    )
    args = parser.parse_args()
    modes = [mode.strip() for mode in args.modes.split(",")]
    if unknown := [mode for mode in modes if mode not in MODES]:
        parser.error(f"unknown mode(s) {', '.join(unknown)}: choose from {', '.join(MODES)}")
    with tempfile.TemporaryDirectory() as folder, SlackStandIn(token=TOKEN) as slack:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.db'}"
        Database(url).migrate()
        for number in range(1, args.runs + 1):
            results = {}
            for name in ("bare Bolt", *(f"s55bot {mode}" for mode in modes)):
                slack.reset()
                pool = pool_for(name, slack, url, nice=args.worker_nice)
                if name == "bare Bolt":
                    server = bare_bolt_server(slack, url, pool)
                else:
                    server = s55bot_server(slack, url, pool, by_workers=name != "s55bot in-process")
                measured = run(slack, server, pool, args.requests, args.burst, url)
                for request, (isolated, burst) in measured.items():
                    results[f"{name}: {request}, isolated"] = isolated
                    results[f"{name}: {request}, burst of {args.burst}"] = burst
                pool.shutdown(wait=True)  # the work done after the acks, before Slack goes away
                server.stop()
            with Database(url).engine.connect() as connection:
                signed = connection.execute(text("SELECT count(*) FROM step_confirmation")).scalar()
            print(
                f"run {number}: signed request → HTTP ack, loopback, database {url.split(':')[0]}"
            )
            print(
                f"(after the acks s55bot stored {signed} sign-offs, posted their cards and notes)"
            )
            for name, samples in results.items():
                report(name, samples)
            summary(results, args.burst)


def pool_for(name: str, slack: SlackStandIn, url: str, *, nice: int = 0) -> Pool:
    if name == "s55bot worker threads":
        return Workers(url, [])
    if name.endswith("workers") or name.endswith("worker"):
        count = int(name.split()[1])
        return Workers(url, worker_processes(slack, url, count, nice=nice))
    return Pool()


def summary(results: dict[str, list[float]], burst: int) -> None:
    """Each mode's burst p99 beside bare Bolt's, per kind of request."""
    kinds = ("/s55 add", "thread reply", "sign-off click")
    names = sorted({key.split(":")[0] for key in results} - {"bare Bolt"})
    for name in names:
        ratios = []
        for kind in kinds:
            ours = percentile(results[f"{name}: {kind}, burst of {burst}"], 0.99)
            bare = percentile(results[f"bare Bolt: {kind}, burst of {burst}"], 0.99)
            ratios.append(f"{kind} {ours:.0f}/{bare:.0f} ms = {ours / bare:.2f}x")
        print(f"burst p99, {name} / bare Bolt: " + "; ".join(ratios))


if __name__ == "__main__":
    main()
