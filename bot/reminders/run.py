"""The reminder pass: today's digest and nudges, each sent exactly once (docs/rules.md#r14).

1. Plan from the database what is due today (bot.domain.reminders decides).
2. Claim each reminder by its natural key (a unique row), or take over a claim whose process
   died or whose post failed. Two passes at once cannot both hold the same key.
3. Post each claimed reminder with post_once (a key in Slack's message metadata). A reminder
   whose earlier attempt may have reached Slack is looked for in Slack before it is posted.
4. Mark it sent, or release it for the next pass with the error.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.cards.standing import snooze_of, standing_of, still_needed, whose_turn
from bot.domain.deadlines import days_left, local_today
from bot.domain.inspection import format_reference
from bot.domain.reminders import Missing, digest_key, is_working_day
from bot.domain.snooze import holds
from bot.reminders.action_nudges import action_nudges
from bot.reminders.claimers import STALE_AFTER, claimer_id, dead, held
from bot.reminders.due import cc_nudges, deadline_nudge
from bot.render.reminders import MAX_DIGEST_ITEMS, digest_message, nudge_message, nudge_text
from bot.services import Services
from bot.settings import Settings
from bot.slack.delivery import find_post, post_once
from storage import queries
from storage import reminders as log_store
from storage.models import Inspection

log = logging.getLogger(__name__)

RENEW_EVERY = timedelta(minutes=1)  # well inside STALE_AFTER
# Reminders marked sent per database write: a crash loses at most these marks, and each lost
# one costs a look-up in Slack before it is retried. So the writes grow with the posts (one per
# 500, some 7 ms of CPU each, under 2% of a pass): a fixed number would let a crash lose a number
# of marks that grows with the pass. A bound in time instead would only add writes (no other
# statement runs while a pass posts but the renewal, once a minute).
FLUSH_EVERY = 500


@dataclass(frozen=True)
class Planned:
    key: str
    kind: str  # digest, nudge, overdue or cc
    inspection_id: int | None
    channel: str
    thread_ts: str | None
    message: dict[str, Any]
    covers: tuple[str, ...] = ()


@dataclass
class PassReport:
    today: date
    planned: list[Planned] = field(default_factory=list)
    sent: int = 0
    found_in_slack: int = 0
    failed: int = 0
    skipped: int = 0  # held by another live process
    unreachable: bool = False


def run_pass(services: Services, *, dry_run: bool = False) -> PassReport:
    now = services.now()
    today = local_today(now, services.settings.timezone)
    logged, planned = _plan_from_storage(services, now, today)
    claimer = claimer_id()
    report = PassReport(today=today, planned=planned)
    if dry_run:
        return report
    mine, attempted = _claim(services, report.planned, logged, claimer, now)
    report.skipped = len(report.planned) - len(mine)
    _deliver(services, [p for p in report.planned if p.key in mine], attempted, report, claimer)
    return report


def _plan_from_storage(
    services: Services, now: datetime, today: date
) -> tuple[dict[str, log_store.Logged], list[Planned]]:
    """Today's log and what is due. The loaded inspections are let go here, before the
    posting: a long pass otherwise carries thousands of rows that every garbage collection
    while it posts walks again."""
    with services.db.session(read_only=True) as session:
        inspections = queries.open_inspections(session)
        logged = log_store.reminder_log(session, today=today)
    live = {key for key, row in logged.items() if held(row, now)}
    already = {key for key, row in logged.items() if row.sent} | live
    return logged, plan(services, inspections, now, already)


def plan(
    services: Services, inspections: Sequence[Inspection], now: datetime, already: set[str]
) -> list[Planned]:
    settings = services.settings
    today = local_today(now, settings.timezone)
    planned: list[Planned] = []
    needed: dict[int, Missing] = {}  # what each still needs, worked out once for both uses
    if is_working_day(today) and digest_key(today) not in already:
        # Where each stands is worked out only for those the digest shows (the most urgent,
        # as the query orders them); the rest are counted.
        shown = inspections[:MAX_DIGEST_ITEMS]
        items = standing_of(services, shown, now=now)
        needed = {i.id: item.missing for i, item in zip(shown, items, strict=True)}
        planned.append(
            Planned(
                digest_key(today),
                "digest",
                None,
                settings.channel or "",
                None,
                digest_message(items, today=today, open_count=len(inspections)),
            )
        )
    for inspection in inspections:
        left = days_left(inspection.statutory_deadline, now=now, tz=settings.timezone)
        if held_by_snooze(inspection, today=today, left=left):
            continue  # nothing claimed: after the snooze, the most urgent nudge due stands in
        due = deadline_nudge(settings, inspection, left=left, today=today, already=already)
        if due is None or inspection.card_ts is None:
            continue
        needs = needed.get(inspection.id) or still_needed(settings, inspection)
        text = nudge_text(
            format_reference(inspection.number),
            left=left,
            deadline=inspection.statutory_deadline,
            missing=needs,
            asked=whose_turn(settings, needs),
        )
        planned.append(
            Planned(
                due.key,
                "overdue" if due.threshold is None else "nudge",
                inspection.id,
                inspection.channel_id,
                inspection.card_ts,
                _with_snooze(text, inspection.id, left=left),
                due.covers,
            )
        )
    return (
        planned
        + _cc_planned(settings, inspections, today, already)
        + _action_planned(services, today, already)
    )


def _action_planned(services: Services, today: date, already: set[str]) -> list[Planned]:
    """The owners' nudges about their actions' target dates (their inspection may be
    complete: an action keeps living after it)."""
    return [
        Planned(a.key, "action", a.inspection_id, a.channel, a.thread_ts, a.message)
        for a in action_nudges(services, today=today, already=already)
    ]


def _cc_planned(
    settings: Settings, inspections: Sequence[Inspection], today: date, already: set[str]
) -> list[Planned]:
    """The CC contact's nudges: the one on the day (or the working day before, when the date
    is a holiday) is never held by a snooze, like the deadline day's."""
    planned = []
    for i, due, text in cc_nudges(settings, inspections, today=today, already=already):
        left = 0 if due.on_the_day else (i.cc_due - today).days
        if not held_by_snooze(i, today=today, left=left):
            message = _with_snooze(text, i.id, left=left)
            planned.append(Planned(due.key, "cc", i.id, i.channel_id, i.card_ts, message))
    return planned


def _with_snooze(text: str, inspection_id: int, *, left: int) -> dict[str, Any]:
    """A nudge with its Snooze controls, except on the day it is about, which a snooze never
    silences (the controls would only refuse)."""
    return {"text": text} if left == 0 else nudge_message(text, inspection_id=inspection_id)


def held_by_snooze(inspection: Inspection, *, today: date, left: int) -> bool:
    """Whether the inspection's nudge due today waits for its snooze; ``left``: the days
    left to the date the nudge is about (0, that date's own nudge, is never held)."""
    return holds(snooze_of(inspection), today=today, left=left)


def _claim(
    services: Services,
    planned: list[Planned],
    logged: dict[str, log_store.Logged],
    claimer: str,
    now: datetime,
) -> tuple[set[str], set[str]]:
    """Returns the keys this pass holds, and those among them that an earlier attempt may
    already have posted."""
    today = local_today(now, services.settings.timezone)
    new_rows = [_row(p, today, claimer, now) for p in planned if p.key not in logged]
    gone = {row.claimed_by for row in logged.values() if row.claimed_by and dead(row.claimed_by)}
    with services.db.session() as session:
        mine = log_store.claim_new(session, new_rows)
        taken = log_store.take_over(
            session,
            [p.key for p in planned if p.key in logged],
            claimer=claimer,
            now=now,
            stale_before=now - STALE_AFTER,
            dead_claimers=gone,
        )
    return mine | taken, taken  # a claim taken over may have reached Slack already


def _deliver(
    services: Services, mine: list[Planned], attempted: set[str], report: PassReport, claimer: str
) -> None:
    batch = _Batch(services, mine, claimer)
    for index, item in enumerate(mine):
        if not batch.still_mine(item, mine, index):
            report.skipped += 1  # taken over by another pass: it will send it
            continue
        try:
            batch.sent.append(_sent(item, _post(services, item, attempted, report), services.now()))
            report.sent += 1
        except SlackApiError as failure:
            if failure.response.status_code >= 500:
                _give_up(mine[index:], batch.failed, report, failure)
                break
            error = str(failure.response.get("error"))
            log.warning("reminder %s not sent: Slack said %s", item.key, error)
            batch.failed.append({"key": item.key, "error": error})
            report.failed += 1
        except (SlackClientError, OSError) as failure:
            _give_up(mine[index:], batch.failed, report, failure)
            break
        if len(batch.sent) + len(batch.failed) >= FLUSH_EVERY:
            batch.flush()
    batch.flush()


def _post(
    services: Services, item: Planned, attempted: set[str], report: PassReport
) -> dict[str, str]:
    found = None
    if item.key in attempted:  # it may have reached Slack before its process stopped
        found = find_post(
            services.poster, key=item.key, channel=item.channel, thread_ts=item.thread_ts
        )
        report.found_in_slack += found is not None
    return found or post_once(
        services.poster,
        key=item.key,
        channel=item.channel,
        thread_ts=item.thread_ts,
        **item.message,
    )


class _Batch:
    """This pass's claims: renewed every minute while it posts (so a long pass is never taken
    for a dead one), and marked sent or released in batches."""

    def __init__(self, services: Services, mine: list[Planned], claimer: str) -> None:
        self.services, self.claimer = services, claimer
        self.by_key = {item.key: item for item in mine}
        self.held = set(self.by_key)
        self.renewed = services.now()
        self.sent: list[dict[str, Any]] = []
        self.failed: list[dict[str, Any]] = []

    def still_mine(self, item: Planned, mine: list[Planned], index: int) -> bool:
        """``item`` is ``mine[index]``: the claims from it on are renewed, and those posted
        but not marked yet (never a copy of the rest per post: that grew as n²)."""
        now = self.services.now()
        if now - self.renewed >= RENEW_EVERY:
            with self.services.db.session() as session:
                unmarked = [p.key for p in mine[index:]] + [row["key"] for row in self.sent]
                self.held = log_store.renew(session, unmarked, claimer=self.claimer, now=now)
            self.renewed = now
        return item.key in self.held

    def flush(self) -> None:
        if not self.sent and not self.failed:
            return
        covered = [
            _covered(self.by_key[row["key"]], key, row)
            for row in self.sent
            for key in self.by_key[row["key"]].covers
        ]
        with self.services.db.session() as session:
            log_store.mark_sent(session, self.sent, claimer=self.claimer)
            log_store.release(session, self.failed, claimer=self.claimer)
            log_store.claim_new(session, covered)
        self.sent.clear()
        self.failed.clear()


def _give_up(
    left: list[Planned], failed: list[dict[str, Any]], report: PassReport, failure: Exception
) -> None:
    log.error(
        "Slack cannot be reached (%s): %d reminder(s) left for the next pass", failure, len(left)
    )
    failed += [{"key": item.key, "error": "slack unreachable"} for item in left]
    report.unreachable = True


def _row(item: Planned, day: date, claimer: str, now: datetime) -> dict[str, Any]:
    return {
        "key": item.key,
        "inspection_id": item.inspection_id,
        "kind": item.kind,
        "day": day,
        "claimed_at": now,
        "claimed_by": claimer,
        "attempts": 0,
        "channel_id": item.channel,
    }


def _covered(item: Planned, key: str, sent: dict[str, Any]) -> dict[str, Any]:
    """An earlier countdown nudge that ``item`` stood in for: recorded as sent with it."""
    return {
        **_row(item, sent["sent_at"].date(), "covered", sent["sent_at"]),
        **sent,
        "key": key,
        "kind": "nudge-covered",
    }


def _sent(item: Planned, posted: dict[str, str], now: datetime) -> dict[str, Any]:
    return {
        "key": item.key,
        "sent_at": now,
        "channel_id": posted["channel"],
        "message_ts": posted["ts"],
    }
