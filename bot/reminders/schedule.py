"""When the reminder pass runs: APScheduler in the office's time zone.

* At S55_DIGEST_TIME every day (the pass itself skips the digest on non-working days).
* Every ten minutes after that time, so that a claim whose post failed is retried, and so that
  a process started after the digest time catches up that day (once: every reminder is keyed).
* Once a day the open cards are edited so that their "days left" is today's.
* Every minute, at any hour, the inbox is tended (events that failed past their retries but were
  left unparked are parked, those processed long ago deleted, and rows waiting for a worker
  longer than a minute said in the log: workers process the inbox, README "Workers"), and the
  cards of inspections logged in the last day that could not be posted then (the database or
  Slack failed after the inspection was stored) are posted.

Jobs run on daemon threads (bot.threads): a process that stops waits for a job under way a
bounded while (:meth:`Scheduler.stop`), then leaves it; what it was doing is claimed and done by
the next pass (a reminder is looked for in Slack before it is posted again).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from apscheduler.executors.pool import BasePoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.cards.refresh import refresh_card
from bot.domain.deadlines import local_today
from bot.inbox.events import forget_processed
from bot.inbox.parking import park_exhausted
from bot.inspections.flows import post_missing_cards
from bot.reminders.owed import deliver_all_owed
from bot.reminders.run import PassReport, run_pass
from bot.services import Services
from bot.threads import DaemonPool
from storage import inbox, queries
from storage import reminders as log_store

log = logging.getLogger(__name__)

RETRY_MINUTES = 10
INBOX_MINUTES = 1
LATE_CARDS = timedelta(days=1)  # older ones wait for the bot to be invited (member_joined)


JOB_THREADS = 4  # one for each job below (each runs one at a time)
WAITING_TOO_LONG = timedelta(minutes=1)  # rows waiting this long: the workers are behind


class _OnDaemonThreads(BasePoolExecutor):  # type: ignore[misc]  # APScheduler has no types
    """APScheduler's pool executor, on a pool of daemon threads."""

    def __init__(self, pool: DaemonPool) -> None:
        super().__init__(pool)


class Scheduler(BackgroundScheduler):  # type: ignore[misc]  # APScheduler has no types
    """APScheduler's background scheduler, its jobs on daemon threads (a job under way never
    holds the process at exit)."""

    def __init__(self, *, timezone: Any, threads: int = JOB_THREADS) -> None:
        self._jobs = DaemonPool(threads, "s55bot-scheduled")
        super().__init__(timezone=timezone, executors={"default": _OnDaemonThreads(self._jobs)})

    def stop(self, *, within: float) -> bool:
        """Start no job from now on, and let those under way end, for at most ``within``
        seconds; whether they did. One still running is left to the process's exit."""
        if self.running:
            self.shutdown(wait=False)
        return self._jobs.idle(within)


def start_in_background(services: Services) -> Scheduler:
    """For `s55bot serve`, `socket` and `clock`: the scheduler on threads of the process."""
    scheduler = Scheduler(timezone=services.settings.timezone)
    _add_jobs(scheduler, services)
    scheduler.start()
    return scheduler


def _add_jobs(scheduler: BaseScheduler, services: Services) -> None:
    digest = services.settings.digest_time
    options = {"max_instances": 1, "coalesce": True, "misfire_grace_time": 3600}
    scheduler.add_job(
        scheduled_pass,
        CronTrigger(hour=digest.hour, minute=digest.minute, timezone=services.settings.timezone),
        args=[services],
        id="digest",
        **options,
    )
    scheduler.add_job(
        scheduled_pass,
        IntervalTrigger(minutes=RETRY_MINUTES),
        args=[services],
        id="retry",
        next_run_time=datetime.now(services.settings.timezone),
        **options,
    )
    scheduler.add_job(
        tend_inbox, IntervalTrigger(minutes=INBOX_MINUTES), args=[services], id="inbox", **options
    )
    scheduler.add_job(
        post_late_cards,
        IntervalTrigger(minutes=INBOX_MINUTES),
        args=[services],
        id="cards",
        **options,
    )


def office_settings_again(services: Services) -> None:
    """The office's settings as saved on its Home tab, read again before a pass (another
    process may have saved them); a failure is logged, the ones in use are kept, the pass
    goes on."""
    try:
        services.refresh_office_choices()
    except Exception:  # the pass must run whatever the row says; the log has it
        log.exception("office settings not read again; the ones in use are kept")


def post_late_cards(services: Services) -> None:
    """Cards of inspections logged in the last day that are not posted yet; never raises."""
    try:
        if posted := post_missing_cards(services, logged_after=services.now() - LATE_CARDS):
            log.info("%d card(s) posted late", posted)
    except Exception:  # the next run tries again; the log has the details
        log.exception("posting late cards failed")


def tend_inbox(services: Services) -> None:
    """What the inbox needs beside its workers (which take every row, and give back those of
    workers that are gone: bot.inbox.worker): events that failed past their retries but were
    left unparked (their process stopped first) are parked, those processed long ago deleted,
    and rows waiting for a worker longer than a minute said in the log. Never raises into the
    scheduler."""
    try:
        park_exhausted(services)
        now = services.now()
        with services.db.session(read_only=True) as session:
            waiting = inbox.waiting_since(session, now - WAITING_TOO_LONG)
        if waiting:
            log.info(
                "inbox: %d row(s) waiting more than a minute for a worker (add one if they keep "
                "waiting: `s55bot worker`)",
                waiting,
            )
        forget_processed(services)
    except Exception:  # the next run tries again; the log has the details
        log.exception("tending the inbox failed")


def scheduled_pass(services: Services) -> None:
    """The pass, from the digest time onwards, each day; never raises into the scheduler.
    The office's settings are read again first: a change saved in Slack (by a web process)
    applies from this pass (the digest time too, within RETRY_MINUTES)."""
    office_settings_again(services)
    now = services.now()
    local = now.astimezone(services.settings.timezone)
    if local.time() < services.settings.digest_time:
        return
    try:
        report = run_pass(services)
        if report.sent or report.failed:
            log.info(
                "reminders: %d sent, %d failed, %d held elsewhere",
                report.sent,
                report.failed,
                report.skipped,
            )
        refresh_cards_once_a_day(services)
        deliver_all_owed(services)
    except Exception:  # the next run tries again; the log has the details
        log.exception("reminder pass failed")


def run_everything_once(services: Services) -> PassReport:
    """What the scheduler does over a day, now (`s55bot remind`, the sandbox's clock control):
    the reminder pass, the day's card refresh, follow-ups owed, and the inbox tended."""
    office_settings_again(services)
    post_late_cards(services)
    report = run_pass(services)
    refresh_cards_once_a_day(services)
    deliver_all_owed(services)
    tend_inbox(services)
    return report


def refresh_cards_once_a_day(services: Services) -> int:
    """Edit every open card so that its "days left" counts from today; once per day."""
    now = services.now()
    today = local_today(now, services.settings.timezone)
    with services.db.session() as session:
        claimed = log_store.claim_new(
            session,
            [
                {
                    "key": f"cards:{today.isoformat()}",
                    "inspection_id": None,
                    "kind": "cards",
                    "day": today,
                    "claimed_at": now,
                    "claimed_by": "cards",
                    "attempts": 0,
                    "sent_at": now,
                }
            ],
        )
        if not claimed:
            return 0
        ids = [i.id for i in queries.open_inspections(session) if i.card_ts]
    for inspection_id in ids:
        try:
            refresh_card(services, inspection_id)
        except (SlackApiError, SlackClientError, OSError) as failure:
            log.warning("card %s not refreshed: %s", inspection_id, failure)
    return len(ids)
