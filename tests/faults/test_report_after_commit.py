"""The compliance report with Slack failing after the request is stored: the person is told it
will follow, the reminder pass posts it (the next day, with the figures of the day it was asked
for), and the summary and its files are in Slack exactly once, whatever Slack did."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.compliance.posting import deliver_report, request_report
from bot.followups.delivery import STALE_AFTER
from bot.reminders.owed import deliver_all_owed
from bot.reminders.schedule import scheduled_pass
from bot.standin import SlackStandIn
from storage import reminders
from storage.models import AuditEvent, Reminder
from tests.bot.compliance.test_report_in_slack import FILES, a_year, keyed
from tests.e2e import CHANNEL, Bot

POSTING = f"Posting the 2024 report in <#{CHANNEL}>."
BEHIND = (
    f"Slack didn't take the 2024 report just now; it will be posted in <#{CHANNEL}> within "
    "minutes. Nothing needs doing again."
)


def refused_500(method: str) -> Callable[[SlackStandIn], None]:
    # post_once tries a message 3 times; an upload is tried once (then looked for first).
    times = 3 if method == "chat.postMessage" else 1
    return lambda slack: slack.fail_next(method, status=500, times=times)


def lost_and_look_up_fails(method: str) -> Callable[[SlackStandIn], None]:
    """Slack takes it but the answer is lost, and the look-up that follows fails too."""

    def inject(slack: SlackStandIn) -> None:
        slack.drop_next(method, after_processing=True)
        if method == "chat.postMessage":
            slack.fail_next("conversations.history", status=500)

    return inject


def rate_limited(method: str) -> Callable[[SlackStandIn], None]:
    return lambda slack: slack.fail_next(method, status=429, retry_after=1)


FAULTS = [
    pytest.param(method, fault(method), told, id=f"{what}-{name}")
    for what, method in (("summary", "chat.postMessage"), ("files", "files.completeUploadExternal"))
    for name, fault, told in (
        ("500", refused_500, [POSTING, BEHIND]),
        ("lost", lost_and_look_up_fails, [POSTING, BEHIND]),
        ("429", rate_limited, [POSTING]),  # waited for and taken at once
    )
]


def replies(bot: Bot) -> list[str]:
    return [call.args["text"] for call in bot.slack.calls_to("response_url")]


def nothing_pending(bot: Bot) -> bool:
    with bot.db.session() as session:
        return not session.scalars(select(Reminder.key).where(Reminder.sent_at.is_(None))).all()


def figures(bot: Bot) -> str:
    """Each post of the report Slack was sent: tried, refused (429, 5xx), lost (taken, the
    answer dropped), and how many of each are in Slack (more than one: doubled)."""
    posts = [
        c
        for c in bot.slack.calls_to("chat.postMessage")
        if "report:" in str(c.args.get("metadata"))
    ]
    calls = posts + bot.slack.calls_to("files.completeUploadExternal")
    shown = len(keyed(bot, "report:1")) + len(
        [m for m in bot.slack.messages[CHANNEL] if m.get("files")]
    )
    refused = sum(1 for c in calls if c.outcome in ("429", "500", "503"))
    lost = sum(1 for c in calls if c.outcome == "dropped")
    return f"tried {len(calls)}, refused {refused}, lost {lost}, in Slack {shown} of 2"


def in_slack_once(bot: Bot) -> None:
    """One summary, as of the day it was asked for; one message of files in its thread."""
    print(f"report faults: {figures(bot)}")
    [summary] = keyed(bot, "report:1")
    assert "figures as of Thu 2 May 2024" in str(summary["blocks"])
    shared = [m for m in bot.slack.messages[CHANNEL] if m.get("files")]
    assert [[f["name"] for f in m["files"]] for m in shared] == [FILES]
    assert shared[0]["thread_ts"] == summary["ts"]


@pytest.mark.parametrize(("method", "fault", "told"), FAULTS)
def test_the_report_reaches_slack_once_whatever_slack_does(
    bot: Bot, method: str, fault: Callable[[SlackStandIn], None], told: list[str]
) -> None:
    a_year(bot)
    fault(bot.slack)
    bot.command("report 2024")
    bot.settle()

    assert replies(bot) == told
    with bot.db.session() as session:
        assert [a.action for a in session.scalars(select(AuditEvent))] == ["report posted"]

    bot.clock.current += timedelta(days=1)  # the pass the next morning
    scheduled_pass(bot.services)
    scheduled_pass(bot.services)

    assert nothing_pending(bot)
    in_slack_once(bot)


def test_after_a_crash_between_slack_taking_them_and_the_database_noting_it_they_stay_once(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The process dies after posting the summary (then the files), before marking it sent:
    its claim outlives it, and the pass after the claim goes stale finds it in Slack."""
    crashed: set[str] = set()

    def die_once_per_key(session: object, sent: list, **kw: object) -> None:
        new = {row["key"] for row in sent} & {"report:1", "report-files:1"} - crashed
        if new:
            crashed.update(new)
            raise SystemExit("killed")  # nothing after this line ran in the dead process
        real_mark_sent(session, sent, **kw)

    real_mark_sent = reminders.mark_sent
    monkeypatch.setattr(reminders, "mark_sent", die_once_per_key)
    a_year(bot)
    asked = request_report(bot.services, "2024", actor="U0ASKER01")
    with pytest.raises(SystemExit):  # the process dies with both in Slack, neither noted
        deliver_report(bot.services, asked.audit_id)
    scheduled_pass(bot.services)  # fresh claims: the dead process might still be posting
    assert not nothing_pending(bot)
    bot.clock.current += STALE_AFTER + timedelta(minutes=1)
    scheduled_pass(bot.services)

    assert crashed == {"report:1", "report-files:1"}
    assert nothing_pending(bot)
    in_slack_once(bot)


def test_two_passes_at_once_post_the_report_once(bot: Bot) -> None:
    a_year(bot)
    bot.slack.error_next("chat.postMessage", error="internal_error")
    bot.command("report 2024")
    bot.settle()
    assert replies(bot) == [POSTING, BEHIND]

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda _: deliver_all_owed(bot.services), "ab"))

    assert nothing_pending(bot)
    in_slack_once(bot)
